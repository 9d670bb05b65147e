import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { db } from "../../workers/events/outbox-d1";
import { newId } from "../../workers/kernel/ids";
import { usd } from "../../workers/kernel/money";
import { quotePromotion } from "../../workers/promotion/redemption";
import { anEvent, publish } from "../support/events";
import { eventually } from "../support/settle";
import { aSignedInCustomer, call } from "../support/identity";
import { redeem } from "../support/promotions";

const myCoupons = (token: string) => call("GET", "/promotions/me", { token });
const couponRows = async (customerId: string) =>
  Number((await db(env.DB_PROMOTION).all<{ n: number }>(sql`SELECT count(*) AS n FROM promotions WHERE customer_id = ${customerId}`))[0]?.n);

describe("welcome coupon", () => {
  it("appears at GET /promotions/me after registration: 10 % off, one use", async () => {
    const me = await aSignedInCustomer();
    const res = await eventually(() => myCoupons(me.token), (r) => r.data?.length === 1);
    expect(res.status).toBe(200);
    expect(res.data).toEqual([{ promotionId: expect.stringMatching(/^prm_/), code: expect.stringMatching(/^WELCOME[0-9A-Z]{10}$/), type: "PERCENTAGE", value: 10, usesLeft: 1, endsAt: expect.any(String) }]);
    expect(Date.parse(res.data[0].endsAt)).toBeGreaterThan(Date.now());
  });

  it("is issued once when CustomerRegistered is delivered twice, or published twice under different ids", async () => {
    const customerId = newId("cus");
    const registered = anEvent("CustomerRegistered", customerId, { customerId, name: "Twice", email: `twice-${customerId}@example.com` });
    await publish(registered, 2);
    await eventually(() => couponRows(customerId), (n) => n === 1);
    const again = anEvent("CustomerRegistered", customerId, { customerId, name: "Twice", email: `twice-${customerId}@example.com` });
    await publish(again);
    await eventually(() => db(env.DB_PROMOTION).all(sql`SELECT event_id FROM inbox WHERE event_id = ${again.eventId}`), (rows) => rows.length === 1);
    expect(await couponRows(customerId)).toBe(1);
  });

  it("works for its customer only: another customer gets PROMOTION_NOT_APPLICABLE", async () => {
    const me = await aSignedInCustomer();
    const [coupon] = (await eventually(() => myCoupons(me.token), (r) => r.data?.length === 1)).data;
    expect(await quotePromotion(env, { code: coupon.code, customerId: me.id, subtotal: usd(4999) })).toMatchObject({ ok: true, value: { discount: usd(500) } });
    expect(await quotePromotion(env, { code: coupon.code, customerId: newId("cus"), subtotal: usd(4999) })).toMatchObject({ ok: false, code: "PROMOTION_NOT_APPLICABLE" });
    expect(await redeem(coupon.code, newId("cus"), 4999)).toMatchObject({ ok: false, code: "PROMOTION_NOT_APPLICABLE" });
  });

  it("is used up after one order: usesLeft 0 and a second order gets PROMOTION_USAGE_LIMIT_REACHED", async () => {
    const me = await aSignedInCustomer();
    const [coupon] = (await eventually(() => myCoupons(me.token), (r) => r.data?.length === 1)).data;
    expect(await redeem(coupon.code, me.id, 1000)).toMatchObject({ ok: true, value: { discount: usd(100) } });
    expect((await myCoupons(me.token)).data[0].usesLeft).toBe(0);
    expect(await redeem(coupon.code, me.id, 1000)).toMatchObject({ ok: false, code: "PROMOTION_USAGE_LIMIT_REACHED" });
  });

  it("lists nothing for a caller who is not a customer", async () => {
    expect((await call("GET", "/promotions/me")).status).toBe(401);
  });
});
