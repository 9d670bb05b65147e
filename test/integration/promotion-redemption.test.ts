import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { db } from "../../workers/events/outbox-d1";
import { newId } from "../../workers/kernel/ids";
import { restoreRedemption } from "../../workers/promotion/redemption";
import { anEvent, publish } from "../support/events";
import { eventually } from "../support/settle";
import { cause, createPromotion, redeem, runtime, usedCount } from "../support/promotions";

const redeemedEvents = async (promotionId: string) =>
  (await db(env.DB_PROMOTION).all<{ body: string }>(sql`SELECT DISTINCT body FROM outbox WHERE event_type = 'PromotionRedeemed' AND body LIKE ${`%${promotionId}%`}`)).map((r) => JSON.parse(r.body));

const cancelled = (orderId: string, customerId: string) =>
  anEvent("OrderCancelled", orderId, { orderId, customerId, reason: "CUSTOMER_REQUEST", items: [{ productId: newId("prd"), quantity: 1 }] });

describe("redeeming a promotion", () => {
  it("redeems for an order and publishes PromotionRedeemed in the same batch", async () => {
    const p = await createPromotion({ value: 20 });
    const customerId = newId("cus");
    const orderId = newId("ord");
    const c = cause();
    expect(await redeem(p.code, customerId, 2500, orderId)).toEqual({ ok: true, value: { promotionId: p.id, code: p.code, discount: { amount: 500, currency: "USD" } } });
    expect(await usedCount(p.id)).toBe(1);
    const events = await redeemedEvents(p.id);
    expect(events).toHaveLength(1);
    expect(events[0].data).toEqual({ promotionId: p.id, code: p.code, orderId, customerId, discount: { amount: 500, currency: "USD" } });
    expect(events[0].correlationId).not.toBe(c.correlationId);
  });

  it("redeems exactly once per order: a repeated or concurrent call returns the first result", async () => {
    const p = await createPromotion({ usageLimit: 5 });
    const customerId = newId("cus");
    const orderId = newId("ord");
    const results = await Promise.all(Array.from({ length: 5 }, () => redeem(p.code, customerId, 1000, orderId)));
    for (const r of results) expect(r).toMatchObject({ ok: true, value: { discount: { amount: 100 } } });
    expect(await redeem(p.code, customerId, 9999, orderId)).toMatchObject({ ok: true, value: { discount: { amount: 100 } } });
    expect(await usedCount(p.id)).toBe(1);
    expect(await redeemedEvents(p.id)).toHaveLength(1);
  });

  it("with usage limit 3, lets exactly 3 of 10 concurrent orders through and refuses 7 with PROMOTION_USAGE_LIMIT_REACHED", async () => {
    const p = await createPromotion({ usageLimit: 3 });
    const results = await Promise.all(Array.from({ length: 10 }, () => redeem(p.code, newId("cus"), 1000)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r).toMatchObject({ code: "PROMOTION_USAGE_LIMIT_REACHED" });
    expect(await usedCount(p.id)).toBe(3);
    expect(await redeemedEvents(p.id)).toHaveLength(3);
  });

  it("frees a use when OrderCancelled arrives, once even if it is delivered twice", async () => {
    const p = await createPromotion({ usageLimit: 2 });
    const customerId = newId("cus");
    const orders = [newId("ord"), newId("ord")];
    for (const orderId of orders) expect((await redeem(p.code, customerId, 1000, orderId)).ok).toBe(true);
    expect(await redeem(p.code, customerId, 1000)).toMatchObject({ ok: false, code: "PROMOTION_USAGE_LIMIT_REACHED" });

    await publish(cancelled(orders[0]!, customerId), 2);
    await eventually(() => usedCount(p.id), (n) => n === 1);
    await publish(cancelled(orders[0]!, customerId));
    expect(await redeem(p.code, customerId, 1000)).toMatchObject({ ok: true });
    expect(await redeem(p.code, customerId, 1000)).toMatchObject({ ok: false, code: "PROMOTION_USAGE_LIMIT_REACHED" });
    expect(await usedCount(p.id)).toBe(2);
  });

  it("restores an order's use once however often restoreRedemption runs, even concurrently", async () => {
    const p = await createPromotion({ usageLimit: 5 });
    const orderId = newId("ord");
    await redeem(p.code, newId("cus"), 1000, orderId);
    await redeem(p.code, newId("cus"), 1000);
    const results = await Promise.all(Array.from({ length: 4 }, () => restoreRedemption(runtime(), orderId, cause())));
    expect(results.map((r) => r.restored).sort()).toEqual([0, 0, 0, 1]);
    expect(await usedCount(p.id)).toBe(1);
  });

  it("does not redeem again for an order whose redemption was cancelled", async () => {
    const p = await createPromotion();
    const orderId = newId("ord");
    const customerId = newId("cus");
    await redeem(p.code, customerId, 1000, orderId);
    await restoreRedemption(runtime(), orderId, cause());
    expect(await redeem(p.code, customerId, 1000, orderId)).toMatchObject({ ok: false, code: "PROMOTION_NOT_APPLICABLE" });
    expect(await usedCount(p.id)).toBe(0);
  });

  it("holds the per-customer limit, also under concurrency, while others may still use the code", async () => {
    const p = await createPromotion({ perCustomerLimit: 2 });
    const customerId = newId("cus");
    const results = await Promise.all(Array.from({ length: 6 }, () => redeem(p.code, customerId, 1000)));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    for (const r of results.filter((r) => !r.ok)) expect(r).toMatchObject({ code: "PROMOTION_USAGE_LIMIT_REACHED" });
    expect(await redeem(p.code, newId("cus"), 1000)).toMatchObject({ ok: true });
    expect(await usedCount(p.id)).toBe(3);
  });

  it("refuses a purchase below the minimum without using the code", async () => {
    const p = await createPromotion({ minimumPurchase: { amount: 3000, currency: "USD" }, usageLimit: 1 });
    expect(await redeem(p.code, newId("cus"), 2999)).toMatchObject({ ok: false, code: "PROMOTION_NOT_APPLICABLE" });
    expect(await usedCount(p.id)).toBe(0);
    expect(await redeem(p.code, newId("cus"), 3000)).toMatchObject({ ok: true });
  });
});
