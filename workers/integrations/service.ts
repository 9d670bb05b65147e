import { and, asc, eq, gt } from "drizzle-orm";
import { webhooks, webhookDeliveries, webhookAttempts } from "../../schema/operations/tables";
import { db } from "../events/outbox-d1";
import { newId } from "../kernel/ids";
import { ok, reject, type Result } from "../kernel/result";
import { log } from "../kernel/logging";
import { newWebhookSecret } from "./signing";
import { forgetSubscriptions } from "./subscriptions";
import { checkWebhookUrl, privateUrlsAllowed } from "./url-policy";

export interface CreatedWebhook {
  id: string;
  url: string;
  eventTypes: string[];
  secret: string;
  createdAt: string;
}

export async function createWebhook(env: Env, input: { url: string; eventTypes: string[] }, requestId?: string): Promise<Result<CreatedWebhook>> {
  const url = checkWebhookUrl(input.url, privateUrlsAllowed(env));
  if (!url.ok) return url;
  const now = Date.now();
  const hook = { id: newId("whk", now), url: url.value, eventTypes: [...new Set(input.eventTypes)], secret: newWebhookSecret(), createdAt: now };
  await db(env.DB_OPERATIONS).insert(webhooks).values({ ...hook, eventTypes: JSON.stringify(hook.eventTypes) });
  forgetSubscriptions();
  log("info", "webhook registered", { requestId, webhookId: hook.id, host: new URL(hook.url).host, eventTypes: hook.eventTypes });
  return ok({ ...hook, createdAt: new Date(now).toISOString() });
}

export type AttemptStatus = "SUCCEEDED" | "FAILED" | "PENDING" | "DEAD";

export interface AttemptView {
  id: string;
  eventId: string;
  eventType: string;
  attempt: number;
  status: AttemptStatus;
  responseStatus: number | null;
  error: string | null;
  at: string;
}

const PAGE_MAX = 500;

/**
 * Every attempt, oldest first. The last failed attempt of a DEAD delivery reads DEAD; a delivery waiting for its
 * next retry adds a PENDING row (attempt n+1, at = when it is due) after the recorded attempts.
 */
export async function listDeliveryAttempts(env: Env, webhookId: string, page: { limit: number; afterSeq?: number }): Promise<{ items: AttemptView[]; nextSeq: number | null } | null> {
  const d = db(env.DB_OPERATIONS);
  const [hook] = await d.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.id, webhookId));
  if (!hook) return null;
  const rows = await d
    .select({ seq: webhookAttempts.seq, attempt: webhookAttempts.attempt, succeeded: webhookAttempts.succeeded, responseStatus: webhookAttempts.responseStatus, error: webhookAttempts.error, at: webhookAttempts.at, deliveryId: webhookDeliveries.id, eventId: webhookDeliveries.eventId, eventType: webhookDeliveries.eventType, deliveryStatus: webhookDeliveries.status, deliveryAttempts: webhookDeliveries.attempts })
    .from(webhookAttempts)
    .innerJoin(webhookDeliveries, eq(webhookDeliveries.id, webhookAttempts.deliveryId))
    .where(and(eq(webhookAttempts.webhookId, webhookId), page.afterSeq === undefined ? undefined : gt(webhookAttempts.seq, page.afterSeq)))
    .orderBy(asc(webhookAttempts.seq))
    .limit(Math.min(page.limit, PAGE_MAX) + 1);
  const more = rows.length > page.limit;
  const items: AttemptView[] = rows.slice(0, page.limit).map((r) => ({
    id: r.deliveryId, eventId: r.eventId, eventType: r.eventType, attempt: r.attempt,
    status: r.succeeded ? "SUCCEEDED" : r.deliveryStatus === "DEAD" && r.attempt === r.deliveryAttempts ? "DEAD" : "FAILED",
    responseStatus: r.responseStatus, error: r.error, at: new Date(r.at).toISOString(),
  }));
  if (!more) {
    const waiting = await d.select().from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.status, "PENDING"))).orderBy(asc(webhookDeliveries.createdAt)).limit(PAGE_MAX);
    for (const w of waiting) {
      items.push({ id: w.id, eventId: w.eventId, eventType: w.eventType, attempt: w.attempts + 1, status: "PENDING", responseStatus: null, error: null, at: new Date(w.nextAttemptAt ?? w.updatedAt).toISOString() });
    }
  }
  return { items, nextSeq: more ? rows[page.limit - 1]!.seq : null };
}

/** A DEAD delivery gets the whole retry schedule again: back to PENDING and its event re-queued for integrations. */
export async function replayDelivery(env: Env, webhookId: string, deliveryId: string, requestId?: string): Promise<Result<{ id: string; eventId: string; status: "PENDING" }>> {
  const d = db(env.DB_OPERATIONS);
  const [row] = await d.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, webhookId)));
  if (!row) return reject("WEBHOOK_DELIVERY_NOT_FOUND", "no such delivery for this webhook");
  const [reset] = await d.update(webhookDeliveries)
    .set({ status: "PENDING", step: 0, nextAttemptAt: null, leaseUntil: null, updatedAt: Date.now() })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, "DEAD")))
    .returning({ id: webhookDeliveries.id });
  if (!reset) return reject("WEBHOOK_DELIVERY_NOT_DEAD", `only DEAD deliveries can be replayed; this one is ${row.status}`);
  const event = JSON.parse(row.body) as { correlationId?: string };
  await env.Q_INTEGRATIONS.send(event, { contentType: "json" });
  log("info", "webhook delivery replayed", { requestId, webhookId, deliveryId, eventId: row.eventId, eventType: row.eventType, correlationId: event.correlationId });
  return ok({ id: row.id, eventId: row.eventId, status: "PENDING" });
}
