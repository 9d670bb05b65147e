import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { db } from "../../workers/events/outbox-d1";
import { newId } from "../../workers/kernel/ids";
import { usd } from "../../workers/kernel/money";
import { quotePromotion } from "../../workers/promotion/redemption";
import { adminToken } from "../support/api";
import { aSignedInCustomer, call } from "../support/identity";
import { aPromotion, createPromotion, redeem, uniqueCode } from "../support/promotions";
import { violations } from "../support/schema-check";

const DAY = 24 * 3600 * 1000;
const promotionCount = async () => Number((await db(env.DB_PROMOTION).all<{ n: number }>(sql`SELECT count(*) AS n FROM promotions`))[0]?.n);
const quote = (code: string, amount: number, customerId = newId("cus")) => quotePromotion(env, { code, customerId, subtotal: usd(amount) });

describe("creating promotions", () => {
  it("creates a promotion for an admin, storing the code upper-cased", async () => {
    const code = uniqueCode("spring").toLowerCase();
    const res = await call("POST", "/promotions", {
      token: (await adminToken()).token,
      body: aPromotion({ code, type: "FIXED_AMOUNT", value: usd(500), minimumPurchase: usd(2000), usageLimit: 100, perCustomerLimit: 1 }),
    });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({
      id: expect.stringMatching(/^prm_/), code: code.toUpperCase(), type: "FIXED_AMOUNT", value: usd(500), minimumPurchase: usd(2000),
      usageLimit: 100, perCustomerLimit: 1, used: 0, customerId: null, status: "ACTIVE",
    });
  });

  it.each([
    ["without a minimum purchase or limits", {}],
    ["with a minimum purchase and limits", { type: "FIXED_AMOUNT", value: usd(500), minimumPurchase: usd(2000), usageLimit: 10, perCustomerLimit: 1 }],
  ])("answers %s with a body that validates against /openapi.json", async (_label, overrides) => {
    const res = await call("POST", "/promotions", { token: (await adminToken()).token, body: aPromotion(overrides) });
    expect(res.status).toBe(201);
    expect(await violations("POST", "/api/v1/promotions", 201, res.body)).toEqual([]);
  });

  it("refuses a code that exists in another case with 409 PROMOTION_CODE_EXISTS", async () => {
    const existing = await createPromotion();
    const res = await call("POST", "/promotions", { token: (await adminToken()).token, body: aPromotion({ code: existing.code.toLowerCase() }) });
    expect(res.status).toBe(409);
    expect(res.errors[0]).toMatchObject({ code: "PROMOTION_CODE_EXISTS", field: "code" });
  });

  it("is for admins only: 401 anonymous, 403 for a customer", async () => {
    expect((await call("POST", "/promotions", { body: aPromotion() })).status).toBe(401);
    const customer = await aSignedInCustomer();
    const res = await call("POST", "/promotions", { token: customer.token, body: aPromotion() });
    expect(res.status).toBe(403);
    expect(res.errors[0]?.code).toBe("FORBIDDEN");
  });

  it.each([
    ["a 3-character code", { code: "ABC" }, "code"],
    ["a 21-character code", { code: "A".repeat(21) }, "code"],
    ["a code with a symbol", { code: "SAVE-10" }, "code"],
    ["a percentage of 0", { value: 0 }, "value"],
    ["a percentage of 101", { value: 101 }, "value"],
    ["a fixed amount given as a number", { type: "FIXED_AMOUNT", value: 500 }, "value"],
    ["a fixed amount of zero", { type: "FIXED_AMOUNT", value: usd(0) }, "value.amount"],
    ["an unknown type", { type: "BOGO" }, "type"],
    ["an end before the start", { startsAt: new Date(Date.now() + DAY).toISOString(), endsAt: new Date().toISOString() }, "endsAt"],
    ["a date that is not ISO-8601", { startsAt: "yesterday" }, "startsAt"],
    ["a usage limit of 0", { usageLimit: 0 }, "usageLimit"],
    ["a minimum purchase in euros", { minimumPurchase: { amount: 100, currency: "EUR" } }, "minimumPurchase.currency"],
  ])("refuses %s with 400 and creates nothing", async (_label, override, field) => {
    const before = await promotionCount();
    const res = await call("POST", "/promotions", { token: (await adminToken()).token, body: aPromotion(override) });
    expect(res.status).toBe(400);
    // Dates out of order is the one rule the schema cannot state: its own documented code.
    expect(res.errors[0]?.code).toBe(field === "endsAt" ? "PROMOTION_DATES_OUT_OF_ORDER" : "VALIDATION_FAILED");
    expect(res.errors.map((e) => e.field)).toContain(field);
    expect(await promotionCount()).toBe(before);
  });
});

describe("quoting a promotion", () => {
  it("takes a percentage off, rounding halves up, whatever the case of the code", async () => {
    const p = await createPromotion({ value: 15 });
    expect(await quote(p.code.toLowerCase(), 1010)).toEqual({ ok: true, value: { promotionId: p.id, code: p.code, discount: usd(152) } });
    expect(await quote(p.code, 1000)).toMatchObject({ ok: true, value: { discount: usd(150) } });
  });

  it("never gives more than the subtotal", async () => {
    const fixed = await createPromotion({ type: "FIXED_AMOUNT", value: usd(5000) });
    expect(await quote(fixed.code, 1999)).toMatchObject({ ok: true, value: { discount: usd(1999) } });
    const all = await createPromotion({ value: 100 });
    expect(await quote(all.code, 4321)).toMatchObject({ ok: true, value: { discount: usd(4321) } });
  });

  it("applies only from the minimum purchase up", async () => {
    const p = await createPromotion({ minimumPurchase: usd(5000) });
    expect(await quote(p.code, 4999)).toMatchObject({ ok: false, code: "PROMOTION_NOT_APPLICABLE" });
    expect(await quote(p.code, 5000)).toMatchObject({ ok: true, value: { discount: usd(500) } });
  });

  it("is not applicable before it starts and expired after it ends", async () => {
    const future = await createPromotion({ startsAt: new Date(Date.now() + DAY).toISOString(), endsAt: new Date(Date.now() + 2 * DAY).toISOString() });
    expect(await quote(future.code, 1000)).toMatchObject({ ok: false, code: "PROMOTION_NOT_APPLICABLE" });
    const past = await createPromotion({ startsAt: new Date(Date.now() - 2 * DAY).toISOString(), endsAt: new Date(Date.now() - DAY).toISOString() });
    expect(await quote(past.code, 1000)).toMatchObject({ ok: false, code: "PROMOTION_EXPIRED" });
    expect(await redeem(past.code, newId("cus"), 1000)).toMatchObject({ ok: false, code: "PROMOTION_EXPIRED" });
  });

  it("answers PROMOTION_NOT_APPLICABLE for an unknown or malformed code", async () => {
    expect(await quote("NOSUCHCODE1", 1000)).toMatchObject({ ok: false, code: "PROMOTION_NOT_APPLICABLE" });
    expect(await quote("'; DROP TABLE promotions; --", 1000)).toMatchObject({ ok: false, code: "PROMOTION_NOT_APPLICABLE" });
  });
});
