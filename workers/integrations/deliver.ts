import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { webhooks, webhookDeliveries, webhookAttempts } from "../../schema/operations/tables";
import { db } from "../events/outbox-d1";
import { RetryLater, type EventHandler, type HandlerResult } from "../events/consumer";
import type { EventType } from "../events/catalog";
import type { Envelope } from "../events/envelope";
import { newId } from "../kernel/ids";
import { log, errorFields } from "../kernel/logging";
import { outboundTraceparent } from "../kernel/trace";
import { BreakerOpen, breakerFor, guarded } from "../kernel/breaker";
import { signatureHeader } from "./signing";
import { checkWebhookUrl, privateUrlsAllowed } from "./url-policy";
import { MAX_QUEUE_DELAY_SECONDS, retrySchedule } from "./schedule";

const ATTEMPT_TIMEOUT_MS = 5_000;
// A consumer that crashed mid-attempt loses its claim after this long, so the delivery is not stuck forever.
const LEASE_MS = 30_000;
/** An endpoint whose attempts have all failed for this long is DISABLED (contract §5): its deliveries wait, kept. */
export const DISABLE_AFTER_MS = 3 * 24 * 60 * 60_000;

type DeliveryRow = typeof webhookDeliveries.$inferSelect;
type WebhookRow = typeof webhooks.$inferSelect;

interface AttemptOutcome {
  startedAt: number;
  succeeded: boolean;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** One signed POST. Redirects are not followed (a 3xx is a failure), so a public URL cannot bounce us inward. */
async function post(env: Env, hook: WebhookRow, delivery: DeliveryRow, started: number): Promise<AttemptOutcome> {
  const clockStart = Date.now();
  const url = checkWebhookUrl(hook.url, privateUrlsAllowed(env));
  if (!url.ok) return { startedAt: started, succeeded: false, responseStatus: null, error: `refused: ${url.message}`, durationMs: 0 };
  const timestamp = Math.floor(started / 1000);
  try {
    const res = await fetch(url.value, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": "edge-commerce-webhooks/1",
        "webhook-id": delivery.eventId,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": await signatureHeader(hook.secret, delivery.eventId, timestamp, delivery.body),
        // W3C trace context: the delivery is a span of the event's trace (contract §5), so a receiver that traces
        // joins the same trace.
        traceparent: outboundTraceparent(),
      },
      body: delivery.body,
    });
    await res.body?.cancel();
    const succeeded = res.status >= 200 && res.status < 300;
    return { startedAt: started, succeeded, responseStatus: res.status, error: succeeded ? null : `HTTP ${res.status}`, durationMs: Date.now() - clockStart };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    return { startedAt: started, succeeded: false, responseStatus: null, error: timedOut ? `timeout after ${ATTEMPT_TIMEOUT_MS} ms` : errorFields(err).error as string, durationMs: Date.now() - clockStart };
  }
}

/** Claims a due delivery so a duplicate message for the same event cannot attempt it at the same time. */
async function claim(env: Env, id: string, now: number): Promise<DeliveryRow | null> {
  const [row] = await db(env.DB_OPERATIONS)
    .update(webhookDeliveries)
    .set({ leaseUntil: now + LEASE_MS })
    .where(and(
      eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, "PENDING"),
      or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, now)),
      or(isNull(webhookDeliveries.leaseUntil), lte(webhookDeliveries.leaseUntil, now)),
    ))
    .returning();
  return row ?? null;
}

/**
 * Attempts one delivery and records the attempt; returns the seconds until its next retry, or null when settled
 * (or when this failure disabled the endpoint: the delivery then stays PENDING until an admin enables it).
 * Each endpoint has its own circuit breaker ("webhook:<id>"): while it is open nothing is posted, the claim is given
 * back untouched (no attempt, no step of the schedule used) and BreakerOpen says when to come back.
 */
async function attempt(env: Env, hook: WebhookRow, delivery: DeliveryRow, event: Envelope<EventType>, now: number): Promise<number | null | BreakerOpen> {
  let outcome: AttemptOutcome;
  try {
    // post() bounds the request itself (ATTEMPT_TIMEOUT_MS); the breaker's bound only backs that up.
    outcome = await guarded(breakerFor(env, `webhook:${hook.id}`), ATTEMPT_TIMEOUT_MS + 1_000, () => post(env, hook, delivery, now), (o) => (o.succeeded ? null : o.error ?? "failed"));
  } catch (err) {
    if (!(err instanceof BreakerOpen)) throw err;
    await db(env.DB_OPERATIONS).update(webhookDeliveries).set({ leaseUntil: null }).where(eq(webhookDeliveries.id, delivery.id));
    return err;
  }
  const attemptNo = delivery.attempts + 1;
  const schedule = retrySchedule(env);
  const delay = outcome.succeeded || delivery.step >= schedule.length ? null : Math.min(schedule[delivery.step]!, MAX_QUEUE_DELAY_SECONDS);
  const status = outcome.succeeded ? "SUCCEEDED" : delay === null ? "DEAD" : "PENDING";
  const d = db(env.DB_OPERATIONS);
  // The endpoint's health: a success ends its run of failures; a failure starts one or, once the run has lasted
  // DISABLE_AFTER_MS, disables the endpoint. COALESCE keeps the earliest start when attempts race.
  const failingSince = hook.failingSince ?? outcome.startedAt;
  const disables = !outcome.succeeded && hook.status === "ACTIVE" && now - failingSince >= DISABLE_AFTER_MS;
  const health = outcome.succeeded
    ? d.update(webhooks).set({ failingSince: null }).where(eq(webhooks.id, hook.id))
    : d.update(webhooks).set({
      failingSince: sql`COALESCE(${webhooks.failingSince}, ${outcome.startedAt})`,
      ...(disables ? { status: "DISABLED" as const, disabledAt: now } : {}),
    }).where(eq(webhooks.id, hook.id));
  await d.batch([
    health,
    d.insert(webhookAttempts).values({ deliveryId: delivery.id, webhookId: hook.id, attempt: attemptNo, succeeded: outcome.succeeded, responseStatus: outcome.responseStatus, error: outcome.error, durationMs: outcome.durationMs, at: outcome.startedAt }),
    d.update(webhookDeliveries)
      .set({ status, attempts: attemptNo, step: delivery.step + (outcome.succeeded ? 0 : 1), nextAttemptAt: delay === null ? null : now + delay * 1000, leaseUntil: null, lastResponseStatus: outcome.responseStatus, updatedAt: now })
      .where(eq(webhookDeliveries.id, delivery.id)),
  ]);
  const fields = { webhookId: hook.id, deliveryId: delivery.id, eventId: event.eventId, eventType: event.eventType, correlationId: event.correlationId, orderId: (event.data as { orderId?: string }).orderId, productId: (event.data as { productId?: string }).productId, attempt: attemptNo, responseStatus: outcome.responseStatus, durationMs: outcome.durationMs, host: new URL(hook.url).host };
  if (outcome.succeeded) log("info", "webhook delivered", fields);
  else log(status === "DEAD" ? "error" : "warn", status === "DEAD" ? "webhook delivery dead after its last retry" : "webhook delivery failed; retry scheduled", { ...fields, error: outcome.error, retryInSeconds: delay });
  if (disables) {
    log("error", "webhook endpoint disabled: every attempt failed for 3 days; its deliveries wait for POST /admin/webhooks/{id}/enable", { webhookId: hook.id, host: fields.host, failingSince: new Date(failingSince).toISOString() });
    return null;
  }
  return delay;
}

/**
 * deliver-webhooks-on-any-event: one delivery row per subscribed webhook, then every due delivery is attempted.
 * A failed attempt asks the queue to bring the event back when the next one is due (RetryLater); succeeded and
 * dead deliveries are never attempted again, so a retry only re-posts to the receivers that failed.
 */
/**
 * What leaves our system: the contract's envelope, minus the payment token an OrderSubmitted carries between our
 * own contexts. Outside receivers learn that a card was used, never a credential that could charge it.
 */
export function forIntegrations(event: Envelope<EventType>): Envelope<EventType> {
  if (event.eventType !== "OrderSubmitted") return event;
  const data = event.data as Envelope<"OrderSubmitted">["data"];
  return { ...event, data: { ...data, paymentMethod: { type: data.paymentMethod.type } } } as unknown as Envelope<EventType>;
}

/**
 * A webhook receives every event of its types that occurs from its creation on (less CLOCK_SKEW_MS: the event's
 * clock is another isolate's), never one from before it, wherever that event is in its queue. The catch-up
 * (catch-up.ts) re-sends the young webhooks' window, so a subscription a moment old misses nothing.
 */
export const CLOCK_SKEW_MS = 1_000;

export function receives(hook: { eventTypes: string; createdAt: number }, eventType: string, occurredAt: number): boolean {
  return occurredAt >= hook.createdAt - CLOCK_SKEW_MS && (JSON.parse(hook.eventTypes) as string[]).includes(eventType);
}

export const deliverWebhooks: EventHandler<EventType> = (event, rt) => deliverEvent(rt.env, event, Date.now());

/**
 * The handler with its clock passed in (tests run it days apart). A DISABLED endpoint still gets its delivery row
 * (kept, PENDING) but no attempt; enabling it re-queues what is pending.
 */
export async function deliverEvent(env: Env, event: Envelope<EventType>, now: number): Promise<HandlerResult> {
  const d = db(env.DB_OPERATIONS);
  const occurred = Date.parse(event.occurredOn);
  const subscribed = (await d.select().from(webhooks)).filter((h) => receives(h, event.eventType, occurred));
  if (subscribed.length === 0) return "handled";
  const active = subscribed.filter((h) => h.status === "ACTIVE");
  const body = JSON.stringify(forIntegrations(event));
  const inserts = subscribed.map((h) =>
    d.insert(webhookDeliveries)
      .values({ id: newId("dlv", now), webhookId: h.id, eventId: event.eventId, eventType: event.eventType, body, status: "PENDING", createdAt: now, updatedAt: now })
      .onConflictDoNothing(),
  );
  await d.batch(inserts as [(typeof inserts)[number], ...typeof inserts]);
  if (active.length === 0) return "handled";
  const pending = await d.select({ id: webhookDeliveries.id, webhookId: webhookDeliveries.webhookId }).from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.eventId, event.eventId), eq(webhookDeliveries.status, "PENDING"), inArray(webhookDeliveries.webhookId, active.map((h) => h.id))));
  const delays = await Promise.all(pending.map(async (p) => {
    const claimed = await claim(env, p.id, now);
    return claimed ? attempt(env, active.find((h) => h.id === p.webhookId)!, claimed, event, now) : null;
  }));
  const next = delays.filter((s): s is number => typeof s === "number");
  const waiting = delays.filter((s): s is BreakerOpen => s instanceof BreakerOpen);
  // An endpoint behind an open breaker: the event waits in the queue (requeued, never dead-lettered for it).
  if (waiting.length) throw new BreakerOpen(waiting.map((w) => w.dependency).join(","), Math.min(...next, ...waiting.map((w) => w.delaySeconds)));
  if (next.length) throw new RetryLater(Math.min(...next), `webhook delivery failed for ${next.length} subscriber(s) of ${event.eventId}`);
  return "handled";
}

/**
 * Rows whose scheduled retry is long overdue: their queue message was lost. The cron re-queues their events.
 * A DISABLED endpoint's deliveries are not overdue: they wait for an admin.
 */
export async function overdueDeliveries(env: Env, now = Date.now()): Promise<string[]> {
  const rows = await db(env.DB_OPERATIONS).selectDistinct({ body: webhookDeliveries.body }).from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(and(eq(webhookDeliveries.status, "PENDING"), eq(webhooks.status, "ACTIVE"), sql`COALESCE(${webhookDeliveries.nextAttemptAt}, ${webhookDeliveries.updatedAt}) < ${now - 15 * 60_000}`))
    .limit(100);
  return rows.map((r) => r.body);
}
