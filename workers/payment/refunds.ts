import { and, asc, eq, gte, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import { payments, refunds } from "../../schema/payment/tables";
import { commitWithEvents, db, rawStatement, type Runtime } from "../events/outbox-d1";
import { makeEvent, type Causation } from "../events/envelope";
import { newId } from "../kernel/ids";
import { log, errorFields } from "../kernel/logging";
import { usd } from "../kernel/money";
import { ok, reject, type Result } from "../kernel/result";
import type { GatewayOutcome, PaymentGateway } from "./gateway";
import { REFUND_WINDOW_DAYS, type RefundInput, type RefundView } from "./refund-schemas";

type RefundRow = typeof refunds.$inferSelect;

const DAY_MS = 86_400_000;
/** A PENDING refund (the gateway did not answer) is retried once it has been quiet this long after its first call,
 * then after twice as long after each further call, up to MAX_RETRY_DELAY_MS… */
export const RETRY_AFTER_MS = 60_000;
export const MAX_RETRY_DELAY_MS = 6 * 60 * 60_000;
/** …but only while the gateway still remembers its idempotency key (Stripe keeps keys 24 h from the call that
 * became PENDING): after that a retry could refund a second time, so an older PENDING refund is left for
 * reconciliation and logged. */
export const RETRY_WINDOW_MS = 23 * 60 * 60_000;
/**
 * A return's refund is owed (the units are back on the shelf), so one the gateway refused is asked again on the
 * same backoff, under the same id and so the same idempotency key: a refusal refunded nothing, and whatever the
 * gateway answers to one key, it refunds under it at most once. Stripe replays an answer for a key's 24 hours, so
 * against Stripe a refusal is asked afresh only after that; 16 calls in all span about two days (1 min, 2, 4, … 6 h,
 * 6 h …). After that an operator decides: receiving the return again issues it again at once.
 */
export const MAX_REFUSED_ATTEMPTS = 16;

/** How long a refund waits after its `attempts`-th gateway call before the next (the SQL below says the same). */
export const retryDelay = (attempts: number): number => Math.min(RETRY_AFTER_MS * 2 ** (Math.max(attempts, 1) - 1), MAX_RETRY_DELAY_MS);

export const refundView = (r: RefundRow): RefundView => ({
  id: r.id, paymentId: r.paymentId, orderId: r.orderId, amount: usd(r.amount), reason: r.reason, status: r.status, failureReason: r.failureReason,
  createdAt: new Date(r.createdAt).toISOString(),
});

async function refundRow(env: Env, id: string): Promise<RefundRow | null> {
  const [row] = await db(env.DB_PAYMENT).select().from(refunds).where(eq(refunds.id, id)).limit(1);
  return row ?? null;
}

/** Every refund of these payments, oldest first (for GET /payments). */
export async function refundsOf(env: Env, paymentIds: string[]): Promise<RefundRow[]> {
  if (paymentIds.length === 0) return [];
  return db(env.DB_PAYMENT).select().from(refunds).where(inArray(refunds.paymentId, paymentIds)).orderBy(asc(refunds.createdAt), asc(refunds.id));
}

/**
 * POST /payments/{id}/refunds. The refund is claimed PENDING by one conditional INSERT: the payment is CAPTURED or
 * PARTIALLY_REFUNDED, was captured at most 30 days ago, and this amount plus every refund not FAILED stays within
 * the captured amount. D1 runs statements one at a time, so racing requests cannot together pass the captured
 * amount. Only then is the gateway called (from this Worker, never from a Durable Object), keyed by the refund id.
 */
export async function requestRefund(rt: Runtime, gateway: PaymentGateway, paymentId: string, input: RefundInput, cause: Causation, now = Date.now(), forReturn?: { returnId: string; refundId: string }): Promise<Result<RefundView>> {
  const d = db(rt.env.DB_PAYMENT);
  // A return's refund takes an id derived from the return's, because it must be refunded once: a second claim with
  // it inserts nothing, and the refund already claimed is answered (and asked again here only if PENDING).
  const id = forReturn?.refundId ?? newId("rfd", now);
  const before = forReturn ? await refundRow(rt.env, id) : null;
  if (before) return ok(refundView(before.status === "PENDING" ? await attemptRefund(rt, gateway, before) : before));
  const committed = sql`(SELECT COALESCE(SUM(r.amount), 0) FROM refunds r WHERE r.payment_id = p.id AND r.status != 'FAILED')`;
  const amount = input.amount ? sql`${input.amount.amount}` : sql`(p.amount - ${committed})`;
  await d.batch([rawStatement(d, sql`INSERT OR IGNORE INTO refunds (id, payment_id, order_id, customer_id, amount, currency, reason, status, failure_reason, attempts, correlation_id, settled_by, return_id, pending_since, created_at, updated_at)
    SELECT ${id}, p.id, p.order_id, p.customer_id, ${amount}, p.currency, ${input.reason}, 'PENDING', NULL, 0, ${cause.correlationId}, NULL, ${forReturn?.returnId ?? null}, ${now}, ${now}, ${now}
    FROM payments p
    WHERE p.id = ${paymentId} AND p.status IN ('CAPTURED', 'PARTIALLY_REFUNDED') AND p.gateway_ref IS NOT NULL
      AND COALESCE(p.captured_at, p.created_at) >= ${now - REFUND_WINDOW_DAYS * DAY_MS}
      AND ${amount} > 0 AND ${committed} + ${amount} <= p.amount`)]);
  const claimed = await refundRow(rt.env, id);
  if (!claimed) return whyNot(rt.env, paymentId, now);
  return ok(refundView(await attemptRefund(rt, gateway, claimed)));
}

/** The claim did not go in: say why, from the payment as it is now. */
async function whyNot(env: Env, paymentId: string, now: number): Promise<Result<never>> {
  const d = db(env.DB_PAYMENT);
  const [payment] = await d.select().from(payments).where(eq(payments.id, paymentId)).limit(1);
  if (!payment) return reject("PAYMENT_NOT_FOUND", "payment not found");
  if (payment.status !== "CAPTURED" && payment.status !== "PARTIALLY_REFUNDED") {
    return reject("REFUND_NOT_ALLOWED", `a ${payment.status} payment cannot be refunded; only a CAPTURED or PARTIALLY_REFUNDED one`);
  }
  if ((payment.capturedAt ?? payment.createdAt) < now - REFUND_WINDOW_DAYS * DAY_MS) {
    return reject("REFUND_NOT_ALLOWED", `the payment was captured more than ${REFUND_WINDOW_DAYS} days ago`);
  }
  const [row] = await d.select({ n: sql<number>`COALESCE(SUM(${refunds.amount}), 0)` }).from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), sql`${refunds.status} != 'FAILED'`));
  const remaining = payment.amount - Number(row?.n ?? 0);
  return reject("REFUND_AMOUNT_EXCEEDS_ORIGINAL", `refunds may total at most the captured amount; ${remaining} remains`, "amount", { remaining });
}

/**
 * One gateway call for a PENDING refund, with the refund id as idempotency key: however often it is made (a retry
 * after a timeout, two sweeps at once), the gateway refunds once. Its answer settles the row only if the row is
 * still PENDING, and PaymentRefunded is written only by the writer whose settlement applied.
 */
export async function attemptRefund(rt: Runtime, gateway: PaymentGateway, refund: RefundRow): Promise<RefundRow> {
  const d = db(rt.env.DB_PAYMENT);
  const [payment] = await d.select().from(payments).where(eq(payments.id, refund.paymentId)).limit(1);
  if (!payment?.gatewayRef) throw new Error(`refund ${refund.id} has no captured payment to refund`);
  await d.update(refunds).set({ attempts: sql`${refunds.attempts} + 1`, updatedAt: Date.now() }).where(and(eq(refunds.id, refund.id), eq(refunds.status, "PENDING")));
  let outcome: GatewayOutcome;
  try {
    outcome = await gateway.refund({ idempotencyKey: refund.id, ref: payment.gatewayRef, amount: usd(refund.amount) });
  } catch (err) {
    // No answer (timeout, outage, open breaker): the gateway may or may not have refunded. The row stays PENDING
    // and its amount reserved; the scheduled retry asks again with the same key.
    log("warn", "refund not confirmed by the gateway; it will be retried", { refundId: refund.id, paymentId: refund.paymentId, ...errorFields(err) });
    return (await refundRow(rt.env, refund.id)) ?? refund;
  }
  const now = Date.now();
  const pending = and(eq(refunds.id, refund.id), eq(refunds.status, "PENDING"));
  if (!outcome.ok) {
    log("warn", "the gateway refused a refund", { refundId: refund.id, paymentId: refund.paymentId, reason: outcome.reason });
    await d.update(refunds).set({ status: "FAILED", failureReason: outcome.reason, updatedAt: now }).where(pending);
    return (await refundRow(rt.env, refund.id)) ?? refund;
  }
  const nonce = crypto.randomUUID();
  // A success settles a refund a parallel call under the same key saw refused, too: the gateway refunded under this
  // key, so the ledger must say so (a real processor answers one key alike; a flaky one may not).
  const settle = d.update(refunds).set({ status: "SUCCEEDED", failureReason: null, settledBy: nonce, updatedAt: now })
    .where(and(eq(refunds.id, refund.id), inArray(refunds.status, ["PENDING", "FAILED"])));
  // Recomputed from the refunds themselves, so a repeated settlement leaves the same status.
  const paymentStatus = rawStatement(d, sql`UPDATE payments SET updated_at = ${now}, status = CASE
      WHEN (SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE payment_id = ${payment.id} AND status = 'SUCCEEDED') >= amount THEN 'REFUNDED'
      ELSE 'PARTIALLY_REFUNDED' END
    WHERE id = ${payment.id} AND status IN ('CAPTURED', 'PARTIALLY_REFUNDED')`);
  const event = makeEvent(
    "PaymentRefunded", payment.id, await refundVersion(rt.env, refund),
    { paymentId: payment.id, refundId: refund.id, orderId: refund.orderId, amount: usd(refund.amount), reason: refund.reason },
    { correlationId: refund.correlationId, causationId: null }, { now },
  );
  await commitWithEvents(rt, "payment", [settle, paymentStatus], [event], sql`EXISTS (SELECT 1 FROM refunds WHERE id = ${refund.id} AND settled_by = ${nonce})`);
  return (await refundRow(rt.env, refund.id)) ?? refund;
}

/** The payment's aggregateVersion for this refund: PaymentAuthorized is 1; each refund takes the next by creation. */
async function refundVersion(env: Env, refund: RefundRow): Promise<number> {
  const [row] = await db(env.DB_PAYMENT).select({ n: sql<number>`COUNT(*)` }).from(refunds)
    .where(and(eq(refunds.paymentId, refund.paymentId), sql`(${refunds.createdAt}, ${refunds.id}) < (${refund.createdAt}, ${refund.id})`));
  return 2 + Number(row?.n ?? 0);
}

/**
 * A refused return refund back to PENDING, so it may be asked again: only from FAILED and only by one caller (the
 * attempt count it was read with must still hold), only while the payment can still be refunded, and only if its
 * amount still fits beside every refund not FAILED (a FAILED refund reserved nothing; an admin may have refunded by
 * hand since). The 30-day rule is not asked again: the refund was allowed when the return was received.
 */
export async function reopenRefused(env: Env, refund: RefundRow, now: number): Promise<boolean> {
  const d = db(env.DB_PAYMENT);
  const fits = sql`EXISTS (SELECT 1 FROM payments p WHERE p.id = ${refunds.paymentId} AND p.status IN ('CAPTURED', 'PARTIALLY_REFUNDED')
    AND (SELECT COALESCE(SUM(r.amount), 0) FROM refunds r WHERE r.payment_id = p.id AND r.status != 'FAILED') + ${refunds.amount} <= p.amount)`;
  const res = await d.update(refunds).set({ status: "PENDING", failureReason: null, pendingSince: now, updatedAt: now })
    .where(and(eq(refunds.id, refund.id), eq(refunds.status, "FAILED"), isNotNull(refunds.returnId), eq(refunds.attempts, refund.attempts), fits));
  return res.meta.changes === 1;
}

/** The SQL of retryDelay: a refund is due once it has been quiet that long after its last gateway call. */
const quietFor = (now: number) =>
  sql`${refunds.updatedAt} < ${now} - MIN(${RETRY_AFTER_MS} * (1 << (MIN(MAX(${refunds.attempts}, 1), 20) - 1)), ${MAX_RETRY_DELAY_MS})`;

/**
 * The cron's part, through the breaker: PENDING refunds (inside the key's lifetime) and refused return refunds
 * (fewer than MAX_REFUSED_ATTEMPTS calls so far) that have waited out their backoff are asked again, each under
 * its own id. Racing sweeps are safe: a refused one is reopened by one of them, and a PENDING one asked twice is
 * one key to the gateway. Returns how many were asked.
 */
export async function retryRefunds(rt: Runtime, gateway: PaymentGateway, now = Date.now(), limit = 25): Promise<number> {
  const d = db(rt.env.DB_PAYMENT);
  const pendingSince = sql`COALESCE(${refunds.pendingSince}, ${refunds.createdAt})`;
  const due = await d.select().from(refunds)
    .where(and(quietFor(now), or(
      and(eq(refunds.status, "PENDING"), gte(pendingSince, now - RETRY_WINDOW_MS)),
      and(eq(refunds.status, "FAILED"), isNotNull(refunds.returnId), lt(refunds.attempts, MAX_REFUSED_ATTEMPTS)),
    )))
    .orderBy(asc(refunds.updatedAt)).limit(limit);
  let asked = 0;
  for (const refund of due) {
    if (refund.status === "FAILED" && !(await reopenRefused(rt.env, refund, now))) continue;
    await attemptRefund(rt, gateway, refund);
    asked++;
  }
  const [stale] = await d.select({ n: sql<number>`COUNT(*)` }).from(refunds).where(and(eq(refunds.status, "PENDING"), lt(pendingSince, now - RETRY_WINDOW_MS)));
  if (Number(stale?.n ?? 0) > 0) log("error", "refunds left PENDING past the gateway's idempotency window need reconciliation", { count: Number(stale?.n) });
  const [refused] = await d.select({ n: sql<number>`COUNT(*)` }).from(refunds)
    .where(and(eq(refunds.status, "FAILED"), isNotNull(refunds.returnId), gte(refunds.attempts, MAX_REFUSED_ATTEMPTS)));
  if (Number(refused?.n ?? 0) > 0) {
    log("error", "return refunds the gateway kept refusing need an operator (receiving the return again issues it again)", { count: Number(refused?.n) });
  }
  return asked;
}
