import { gte } from "drizzle-orm";
import { webhooks } from "../../schema/operations/tables";
import { db } from "../events/outbox-d1";
import { readLog } from "../operations/event-log";
import { log } from "../kernel/logging";
import { SUBSCRIPTIONS_TTL_MS } from "./subscriptions";
import { CLOCK_SKEW_MS } from "./deliver";

// How long after its creation a webhook is caught up by every cron run (each run re-sends the same window; the
// unique (webhook, event) delivery row makes that a no-op). Ten runs cover a relay that stalled for minutes.
export const CATCH_UP_WINDOW_MS = 10 * 60_000;
const MAX_EVENTS_PER_HOOK = 1_000;

/**
 * A relay may skip the integrations inbox for an event that occurred within SUBSCRIPTIONS_TTL_MS of a webhook's
 * creation (its copy of the subscriptions predates the webhook; see subscriptions.ts). Every event is in the log, so
 * this sends the events of each young webhook's types from that window to the integrations inbox again; whatever was
 * delivered already is not delivered twice. Returns how many events were sent.
 */
export async function catchUpNewWebhooks(env: Env, now = Date.now()): Promise<number> {
  const young = await db(env.DB_OPERATIONS).select().from(webhooks).where(gte(webhooks.createdAt, now - CATCH_UP_WINDOW_MS));
  const bodies = new Map<string, unknown>();
  for (const hook of young) {
    const from = new Date(hook.createdAt - CLOCK_SKEW_MS).toISOString();
    const to = new Date(hook.createdAt + SUBSCRIPTIONS_TTL_MS + CLOCK_SKEW_MS).toISOString();
    for (const type of JSON.parse(hook.eventTypes) as string[]) {
      let after: { occurredOn: string; eventId: string } | undefined;
      for (let seen = 0; seen < MAX_EVENTS_PER_HOOK;) {
        const page = await readLog(env, { type, from, to, after, limit: 100 });
        for (const e of page.items) bodies.set(e.eventId, JSON.parse(e.body) as unknown);
        seen += page.items.length;
        const last = page.items.at(-1);
        if (!page.more || !last) break;
        after = { occurredOn: last.occurredOn, eventId: last.eventId };
      }
    }
  }
  const list = [...bodies.values()];
  for (let i = 0; i < list.length; i += 100) {
    await env.Q_INTEGRATIONS.sendBatch(list.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
  }
  if (list.length) log("info", "re-sent events of new webhooks to the integrations inbox", { events: list.length, webhooks: young.length });
  return list.length;
}
