import { webhooks } from "../../schema/operations/tables";
import { db } from "../events/outbox-d1";
import { log, errorFields } from "../kernel/logging";

/**
 * Which event types some webhook subscribes to, as the relays see it. The integrations inbox receives only those
 * (issue 12): every other event skips the integrations hop. Read once per isolate every SUBSCRIPTIONS_TTL_MS, not per
 * relay, so the operations database is not on the write or read path of every event.
 *
 * A subscription created a moment ago must not miss events. A relay whose copy predates it may skip an event that
 * occurred after it was created, but only one that occurred less than SUBSCRIPTIONS_TTL_MS after the creation
 * (a copy is never older than that, and it is read after the event occurred). So the catch-up
 * (workers/integrations/catch-up.ts) re-sends, for each webhook younger than CATCH_UP_WINDOW_MS, the events of its
 * types recorded in the event log from its creation to creation + TTL + skew; the unique (webhook, event) delivery
 * row makes anything sent twice a no-op.
 */
export const SUBSCRIPTIONS_TTL_MS = 5_000;

let cached: { at: number; types: Set<string> } | null = null;

/** The subscribed types, or null when they could not be read (then every event goes: fail open, lose nothing). */
export async function subscribedTypes(env: Env, now = Date.now()): Promise<Set<string> | null> {
  if (cached && now - cached.at < SUBSCRIPTIONS_TTL_MS) return cached.types;
  try {
    const rows = await db(env.DB_OPERATIONS).select({ eventTypes: webhooks.eventTypes }).from(webhooks);
    const types = new Set(rows.flatMap((r) => JSON.parse(r.eventTypes) as string[]));
    cached = { at: now, types };
    return types;
  } catch (err) {
    log("warn", "could not read webhook subscriptions; sending every event to integrations", errorFields(err));
    return null;
  }
}

/** This isolate's copy is stale once a webhook is created here; other isolates catch up within the TTL. */
export function forgetSubscriptions(): void {
  cached = null;
}
