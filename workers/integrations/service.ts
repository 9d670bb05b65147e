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

export interface WebhookView {
  id: string;
  url: string;
  eventTypes: string[];
  status: "ACTIVE" | "DISABLED";
  /** Start of the current run of failed attempts; null after a success. */
  failingSince: string | null;
  disabledAt: string | null;
  createdAt: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function view(row: typeof webhooks.$inferSelect): WebhookView {
  return { id: row.id, url: row.url, eventTypes: JSON.parse(row.eventTypes) as string[], status: row.status, failingSince: iso(row.failingSince), disabledAt: iso(row.disabledAt), createdAt: new Date(row.createdAt).toISOString() };
}

export async function getWebhook(env: Env, id: string): Promise<Result<WebhookView>> {
  const [row] = await db(env.DB_OPERATIONS).select().from(webhooks).where(eq(webhooks.id, id));
  return row ? ok(view(row)) : reject("WEBHOOK_NOT_FOUND", "webhook not found");
}

// Queues take at most 100 messages per sendBatch. Enable re-queues this many pages at once; a longer backlog is
// picked up by the maintenance cron, which re-queues PENDING deliveries of ACTIVE endpoints that are overdue.
const REQUEUE_PAGE = 100;
const REQUEUE_PAGES = 20;

/**
 * Resumes an endpoint (DISABLED or not): ACTIVE again with its failure run forgotten, and every PENDING delivery
 * made due now and its event re-queued. Each is delivered once: the delivery row's claim and its SUCCEEDED status
 * stop a duplicate message (or a second enable) from posting it again.
 */
export async function enableWebhook(env: Env, id: string, requestId?: string): Promise<Result<WebhookView & { pending: number }>> {
  const d = db(env.DB_OPERATIONS);
  const now = Date.now();
  const [row] = await d.update(webhooks).set({ status: "ACTIVE", failingSince: null, disabledAt: null }).where(eq(webhooks.id, id)).returning();
  if (!row) return reject("WEBHOOK_NOT_FOUND", "webhook not found");
  const due = await d.update(webhookDeliveries)
    // updatedAt = now: the overdue cron leaves these alone for its grace period instead of re-queuing them twice.
    .set({ nextAttemptAt: null, leaseUntil: null, updatedAt: now })
    .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.status, "PENDING")))
    .returning({ body: webhookDeliveries.body, createdAt: webhookDeliveries.createdAt });
  due.sort((a, b) => a.createdAt - b.createdAt);
  const pages = Math.min(REQUEUE_PAGES, Math.ceil(due.length / REQUEUE_PAGE));
  for (let p = 0; p < pages; p++) {
    const page = due.slice(p * REQUEUE_PAGE, (p + 1) * REQUEUE_PAGE);
    await env.Q_INTEGRATIONS.sendBatch(page.map((r) => ({ body: JSON.parse(r.body) as unknown, contentType: "json" as const })));
  }
  log("info", "webhook endpoint enabled; pending deliveries re-queued", { requestId, webhookId: id, pending: due.length });
  return ok({ ...view(row), pending: due.length });
}
