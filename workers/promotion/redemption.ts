import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { promotions, redemptions } from "../../schema/promotion/tables";
import { db, outboxInserts, rawStatement, relayD1, type Db, type Runtime } from "../events/outbox-d1";
import { detached } from "../kernel/meter";
import { replicaReads } from "../kernel/consistency";
import { makeEvent, type Causation } from "../events/envelope";
import { derivedId, newId } from "../kernel/ids";
import { usd, type Money } from "../kernel/money";
import { log } from "../kernel/logging";
import { ok, reject, type Result } from "../kernel/result";
import { CODE_PATTERN, evaluate, normalizeCode, type PromotionTerms } from "./domain";
import { promotionByCode, type PromotionRow } from "./service";

// The promotion context's synchronous API for cart and order (architecture: "a call into the other context's
// service module"). Rejections are values: PROMOTION_NOT_APPLICABLE, PROMOTION_EXPIRED, PROMOTION_USAGE_LIMIT_REACHED.

export interface Quote {
  promotionId: string;
  code: string;
  discount: Money;
}

export interface QuoteRequest {
  code: string;
  customerId: string;
  subtotal: Money;
}

export interface RedeemRequest extends QuoteRequest {
  orderId: string;
}

const unknownCode = () => reject("PROMOTION_NOT_APPLICABLE", "no promotion with this code", "code");

export interface TermsRead {
  promotion: PromotionRow;
  /** The customer's live redemptions of it (what the per-customer limit counts). */
  customerUses: number;
}

/** A promotion's terms and this customer's uses of it: one D1 read batch (one round trip). Null for an unknown code. */
export async function readTerms(env: Env, code: string, customerId: string): Promise<TermsRead | null> {
  if (!CODE_PATTERN.test(code.trim())) return null;
  // A replica may answer: what the cart shows is re-checked at checkout, and redemption decides in its own write.
  const d = db(replicaReads(env.DB_PROMOTION));
  const normalized = normalizeCode(code);
  const [rows, uses] = await d.batch([
    d.select().from(promotions).where(eq(promotions.code, normalized)).limit(1),
    d.select({ n: sql<number>`count(*)` }).from(redemptions).innerJoin(promotions, eq(promotions.id, redemptions.promotionId))
      .where(and(eq(promotions.code, normalized), eq(redemptions.customerId, customerId), eq(redemptions.status, "REDEEMED"))),
  ]);
  const promotion = rows[0];
  return promotion ? { promotion, customerUses: Number(uses[0]?.n ?? 0) } : null;
}

/** The terms the rules need, without the row's bookkeeping (what a cart keeps of an applied code). */
export const termsOf = (p: PromotionRow): PromotionTerms => ({
  type: p.type, value: p.value, minimumPurchase: p.minimumPurchase, usageLimit: p.usageLimit, perCustomerLimit: p.perCustomerLimit,
  used: p.used, customerId: p.customerId, status: p.status, startsAt: p.startsAt, endsAt: p.endsAt,
});

/** What the code would take off this subtotal for this customer now; changes nothing. One read batch. */
export async function quotePromotion(env: Env, q: QuoteRequest, now = Date.now()): Promise<Result<Quote>> {
  const read = await readTerms(env, q.code, q.customerId);
  if (!read) return unknownCode();
  const { promotion, customerUses: uses } = read;
  const discount = evaluate(promotion, { customerId: q.customerId, subtotal: q.subtotal, customerUses: uses }, now);
  return discount.ok ? ok({ promotionId: promotion.id, code: promotion.code, discount: discount.value }) : discount;
}

/**
 * Redeems the code for an order, synchronously and exactly once per order: one D1 read batch and one conditional
 * write batch. The read batch holds the promotion, the customer's uses and this order's redemption (a repeated call
 * returns the first call's result). The write batch (one transaction, and D1 runs one writer at a time) holds: the
 * redemption row, inserted only while the total and per-customer limits hold (read inside the transaction) and only
 * once per (promotion, order) thanks to its UNIQUE index; the `used` counter, raised only if that row went in;
 * PromotionRedeemed, written only if that row went in; and the row and the promotion read back, so the outcome is
 * known without a third round trip. Limits are exact under any concurrency.
 */
export async function redeemPromotion(rt: Runtime, r: RedeemRequest, cause: Causation, now = Date.now()): Promise<Result<Quote>> {
  const d = db(rt.env.DB_PROMOTION);
  if (!CODE_PATTERN.test(r.code.trim())) return unknownCode();
  const code = normalizeCode(r.code);
  const ofOrder = and(eq(redemptions.orderId, r.orderId), sql`${redemptions.promotionId} = (SELECT id FROM promotions WHERE code = ${code})`);
  const usesOf = (q: Db, customerId: string) =>
    q.select({ n: sql<number>`count(*)` }).from(redemptions).innerJoin(promotions, eq(promotions.id, redemptions.promotionId))
      .where(and(eq(promotions.code, code), eq(redemptions.customerId, customerId), eq(redemptions.status, "REDEEMED")));
  // The read batch may come from a replica: a stale answer cannot break a limit (the write batch re-checks them in
  // its transaction) nor redeem twice (the UNIQUE index, and the row read back in the write batch, decide).
  const reads = db(replicaReads(rt.env.DB_PROMOTION));
  const [rows, uses, previousRows] = await reads.batch([
    reads.select().from(promotions).where(eq(promotions.code, code)).limit(1),
    usesOf(reads, r.customerId),
    reads.select().from(redemptions).where(ofOrder).limit(1),
  ]);
  const promotion = rows[0];
  if (!promotion) return unknownCode();
  const done = (discount: number): Result<Quote> => ok({ promotionId: promotion.id, code: promotion.code, discount: usd(discount) });
  const previous = previousRows[0];
  if (previous?.status === "REDEEMED") return done(previous.discount);
  if (previous) return reject("PROMOTION_NOT_APPLICABLE", "this order's redemption was cancelled", "code");
  const quote = evaluate(promotion, { customerId: r.customerId, subtotal: r.subtotal, customerUses: Number(uses[0]?.n ?? 0) }, now);
  if (!quote.ok) return quote;

  const id = newId("prm", now);
  const inserted = sql`EXISTS (SELECT 1 FROM redemptions WHERE id = ${id})`;
  const event = makeEvent(
    "PromotionRedeemed",
    promotion.id,
    // Each redemption is its own fact, once per (promotion, order); no consumer orders them against each other.
    1,
    { promotionId: promotion.id, code: promotion.code, orderId: r.orderId, customerId: r.customerId, discount: quote.value },
    cause,
    { now, eventId: await derivedId("evt", `PromotionRedeemed:${promotion.id}:${r.orderId}`) },
  );
  const writes: BatchItem<"sqlite">[] = [
    rawStatement(d, sql`INSERT INTO redemptions (id, promotion_id, order_id, customer_id, discount, status, created_at)
      SELECT ${id}, p.id, ${r.orderId}, ${r.customerId}, ${quote.value.amount}, 'REDEEMED', ${now} FROM promotions p
      WHERE p.id = ${promotion.id}
        AND (p.usage_limit IS NULL OR p.used < p.usage_limit)
        AND (p.per_customer_limit IS NULL OR p.per_customer_limit > (SELECT count(*) FROM redemptions x
              WHERE x.promotion_id = p.id AND x.customer_id = ${r.customerId} AND x.status = 'REDEEMED'))
      ON CONFLICT (promotion_id, order_id) DO NOTHING`),
    rawStatement(d, sql`UPDATE promotions SET used = used + 1 WHERE id = ${promotion.id} AND ${inserted}`),
    ...outboxInserts(d, [event], now, inserted),
  ];
  const results = await d.batch([
    ...(writes as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]),
    d.select().from(redemptions).where(and(eq(redemptions.promotionId, promotion.id), eq(redemptions.orderId, r.orderId))).limit(1),
    d.select().from(promotions).where(eq(promotions.id, promotion.id)).limit(1),
    usesOf(d, r.customerId),
  ]);
  const [storedRows, afterRows, afterUses] = results.slice(-3) as [(typeof redemptions.$inferSelect)[], PromotionRow[], { n: number }[]];
  const stored = storedRows[0];
  if (stored?.id === id) rt.waitUntil(detached(() => relayD1(rt.env, "promotion", { eventIds: [event.eventId] }, rt.sender)));
  if (stored?.status === "REDEEMED") return done(stored.discount);
  // Not inserted: a concurrent call took the last use (or the customer's last one); say which.
  const again = afterRows[0] && evaluate(afterRows[0], { customerId: r.customerId, subtotal: r.subtotal, customerUses: Number(afterUses[0]?.n ?? 0) }, now);
  return !again || again.ok ? reject("PROMOTION_USAGE_LIMIT_REACHED", "this promotion has been used up", "code") : again;
}

/**
 * Statements that give back the uses of an order's redemptions, at most once: the flip to RESTORED is conditional,
 * and only the rows this batch flipped (marked with its token) lower `used`.
 */
export function restoreStatements(d: Db, orderId: string, token: string, now: number): BatchItem<"sqlite">[] {
  return [
    rawStatement(d, sql`UPDATE redemptions SET status = 'RESTORED', restore_token = ${token}, restored_at = ${now} WHERE order_id = ${orderId} AND status = 'REDEEMED'`),
    rawStatement(d, sql`UPDATE promotions SET used = used - 1 WHERE used > 0 AND id IN (SELECT promotion_id FROM redemptions WHERE restore_token = ${token})`),
  ];
}

/** Gives back the promotion use of a cancelled order. Idempotent: a second call (or the OrderCancelled handler) restores nothing more. */
export async function restoreRedemption(rt: Runtime, orderId: string, cause: Causation, now = Date.now()): Promise<{ restored: number }> {
  const d = db(rt.env.DB_PROMOTION);
  const token = newId("prm", now);
  const [first, second] = restoreStatements(d, orderId, token, now);
  // One batch: the conditional flips and the count of rows this call flipped.
  const [, , counted] = await d.batch([first!, second!, d.select({ n: sql<number>`count(*)` }).from(redemptions).where(eq(redemptions.restoreToken, token))]);
  const restored = Number((counted as { n: number }[])[0]?.n ?? 0);
  if (restored) log("info", "promotion use restored", { orderId, restored, correlationId: cause.correlationId });
  return { restored };
}
