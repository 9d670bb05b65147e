import { and, eq, sql } from "drizzle-orm";
import { promotions, redemptions } from "../../schema/promotion/tables";
import { db, type Db } from "../events/outbox-d1";
import { newId, derivedId } from "../kernel/ids";
import { usd } from "../kernel/money";
import { ok, reject, type Result } from "../kernel/result";
import { isUniqueViolation } from "../kernel/unique-violation";
import { normalizeCode, usesLeft, WELCOME_PERCENT, WELCOME_VALIDITY_MS } from "./domain";
import type { CreatePromotionInput, MyCoupon, Promotion } from "./schemas";

export type PromotionRow = typeof promotions.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();
const termValue = (r: PromotionRow) => (r.type === "PERCENTAGE" ? r.value : usd(r.value));

export const toPromotion = (r: PromotionRow): Promotion => ({
  id: r.id, code: r.code, type: r.type, value: termValue(r), minimumPurchase: r.minimumPurchase === null ? null : usd(r.minimumPurchase),
  usageLimit: r.usageLimit, perCustomerLimit: r.perCustomerLimit, used: r.used, customerId: r.customerId, status: r.status,
  startsAt: iso(r.startsAt), endsAt: iso(r.endsAt), createdAt: iso(r.createdAt),
});

export async function createPromotion(env: Env, input: CreatePromotionInput, now = Date.now()): Promise<Result<Promotion>> {
  const row: PromotionRow = {
    id: newId("prm", now), code: normalizeCode(input.code), type: input.type,
    value: typeof input.value === "number" ? input.value : input.value.amount, currency: "USD",
    minimumPurchase: input.minimumPurchase?.amount ?? null, usageLimit: input.usageLimit ?? null, perCustomerLimit: input.perCustomerLimit ?? null,
    used: 0, customerId: null, status: "ACTIVE", startsAt: Date.parse(input.startsAt), endsAt: Date.parse(input.endsAt), createdAt: now,
  };
  try {
    await db(env.DB_PROMOTION).insert(promotions).values(row);
  } catch (err) {
    if (isUniqueViolation(err, "promotions.code")) return reject("PROMOTION_CODE_EXISTS", `the code ${row.code} is taken (codes ignore case)`, "code");
    throw err;
  }
  return ok(toPromotion(row));
}

export async function promotionByCode(env: Env, code: string): Promise<PromotionRow | null> {
  const [row] = await db(env.DB_PROMOTION).select().from(promotions).where(eq(promotions.code, normalizeCode(code))).limit(1);
  return row ?? null;
}

/** Live redemptions of a promotion by one customer (what the per-customer limit counts). */
export async function customerUses(d: Db, promotionId: string, customerId: string): Promise<number> {
  const [row] = await d
    .select({ n: sql<number>`count(*)` })
    .from(redemptions)
    .where(and(eq(redemptions.promotionId, promotionId), eq(redemptions.customerId, customerId), eq(redemptions.status, "REDEEMED")));
  return Number(row?.n ?? 0);
}

/** Coupons issued to this customer personally (the welcome coupon), newest first. */
export async function listMyCoupons(env: Env, customerId: string): Promise<MyCoupon[]> {
  const d = db(env.DB_PROMOTION);
  const rows = await d
    .select({
      promotion: promotions,
      mine: sql<number>`(SELECT count(*) FROM redemptions r WHERE r.promotion_id = ${promotions.id} AND r.customer_id = ${customerId} AND r.status = 'REDEEMED')`,
    })
    .from(promotions)
    .where(eq(promotions.customerId, customerId))
    .orderBy(sql`${promotions.createdAt} DESC`);
  return rows.map(({ promotion: p, mine }) => ({
    promotionId: p.id, code: p.code, type: p.type, value: termValue(p), usesLeft: usesLeft(p, Number(mine)), endsAt: iso(p.endsAt),
  }));
}

/**
 * The welcome coupon's id and code derive from the customer id, so whatever the deliveries (or even two distinct
 * CustomerRegistered events) a customer gets one coupon.
 */
export const welcomeCouponId = (customerId: string) => derivedId("prm", `welcome:${customerId}`);

/**
 * The welcome coupon's row: 10 % off, one use, only for this customer. Not async on purpose: awaiting a drizzle
 * query runs it, and this one must run inside the handler's batch.
 */
export function welcomeCouponInsert(d: Db, id: string, customerId: string, registeredAt: number) {
  const row: PromotionRow = {
    id, code: `WELCOME${id.slice(4, 14)}`, type: "PERCENTAGE", value: WELCOME_PERCENT, currency: "USD", minimumPurchase: null,
    usageLimit: 1, perCustomerLimit: 1, used: 0, customerId, status: "ACTIVE",
    startsAt: registeredAt, endsAt: registeredAt + WELCOME_VALIDITY_MS, createdAt: registeredAt,
  };
  return d.insert(promotions).values(row).onConflictDoNothing();
}
