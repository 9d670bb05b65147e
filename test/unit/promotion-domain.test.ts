import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { discountAmount, evaluate, usesLeft, type PromotionTerms } from "../../workers/promotion/domain";

const NOW = 1_800_000_000_000;
const terms = (overrides: Partial<PromotionTerms> = {}): PromotionTerms => ({
  type: "PERCENTAGE", value: 10, minimumPurchase: null, usageLimit: null, perCustomerLimit: null, used: 0, customerId: null,
  status: "ACTIVE", startsAt: NOW - 1000, endsAt: NOW + 1000, ...overrides,
});
const usd = (amount: number) => ({ amount, currency: "USD" as const });

describe("promotion rules", () => {
  it("never discounts below zero or above the subtotal, for any type, value and subtotal", () => {
    fc.assert(
      fc.property(fc.constantFrom("PERCENTAGE" as const, "FIXED_AMOUNT" as const), fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (type, value, subtotal) => {
        const d = discountAmount(type, type === "PERCENTAGE" ? Math.min(value, 100) : value, subtotal);
        return d >= 0 && d <= subtotal && Number.isInteger(d);
      }),
    );
  });

  it("rounds percentages to the nearest minor unit, halves up", () => {
    expect(discountAmount("PERCENTAGE", 10, 1005)).toBe(101);
    expect(discountAmount("PERCENTAGE", 10, 1004)).toBe(100);
    expect(discountAmount("PERCENTAGE", 15, 10)).toBe(2);
  });

  it("checks owner, dates, limits and minimum purchase, in that order", () => {
    const a = { customerId: "cus_A", subtotal: usd(1000), customerUses: 0 };
    expect(evaluate(terms({ customerId: "cus_B" }), a, NOW)).toMatchObject({ code: "PROMOTION_NOT_APPLICABLE" });
    expect(evaluate(terms({ status: "DISABLED" }), a, NOW)).toMatchObject({ code: "PROMOTION_NOT_APPLICABLE" });
    expect(evaluate(terms({ startsAt: NOW + 1 }), a, NOW)).toMatchObject({ code: "PROMOTION_NOT_APPLICABLE" });
    expect(evaluate(terms({ endsAt: NOW }), a, NOW)).toMatchObject({ code: "PROMOTION_EXPIRED" });
    expect(evaluate(terms({ usageLimit: 3, used: 3 }), a, NOW)).toMatchObject({ code: "PROMOTION_USAGE_LIMIT_REACHED" });
    expect(evaluate(terms({ perCustomerLimit: 1 }), { ...a, customerUses: 1 }, NOW)).toMatchObject({ code: "PROMOTION_USAGE_LIMIT_REACHED" });
    expect(evaluate(terms({ minimumPurchase: 1001 }), a, NOW)).toMatchObject({ code: "PROMOTION_NOT_APPLICABLE" });
    expect(evaluate(terms({ customerId: "cus_A", minimumPurchase: 1000, usageLimit: 1 }), a, NOW)).toEqual({ ok: true, value: usd(100) });
  });

  it("counts the uses left as the tighter of the total and the per-customer limit", () => {
    expect(usesLeft({ usageLimit: null, perCustomerLimit: null, used: 7 }, 2)).toBeNull();
    expect(usesLeft({ usageLimit: 10, perCustomerLimit: 2, used: 3 }, 1)).toBe(1);
    expect(usesLeft({ usageLimit: 4, perCustomerLimit: 2, used: 4 }, 0)).toBe(0);
  });
});
