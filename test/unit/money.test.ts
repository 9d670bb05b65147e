import { describe, expect, it } from "vitest";
import { MAX_AMOUNT, MAX_TOTAL, MoneySchema, MoneyTotalSchema, PositiveMoneySchema } from "../../workers/kernel/money";
import { MAX_LINES, MAX_QUANTITY } from "../../workers/cart/domain";

describe("money bounds", () => {
  it("the largest cart the input bounds allow, plus a maximal shipping fee and 50% tax, stays under MAX_TOTAL and exact", () => {
    const goods = MAX_LINES * MAX_QUANTITY * MAX_AMOUNT;
    const worst = (goods + MAX_AMOUNT) * 1.5;
    expect(worst).toBeLessThanOrEqual(MAX_TOTAL);
    expect(MAX_TOTAL).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
  });

  it("input money is bounded by MAX_AMOUNT, a price must be above 0, computed money by MAX_TOTAL", () => {
    expect(MoneySchema.safeParse({ amount: MAX_AMOUNT, currency: "USD" }).success).toBe(true);
    expect(MoneySchema.safeParse({ amount: MAX_AMOUNT + 1, currency: "USD" }).success).toBe(false);
    expect(MoneySchema.safeParse({ amount: 0, currency: "USD" }).success).toBe(true);
    expect(PositiveMoneySchema.safeParse({ amount: 0, currency: "USD" }).success).toBe(false);
    expect(PositiveMoneySchema.safeParse({ amount: 1, currency: "USD" }).success).toBe(true);
    expect(MoneyTotalSchema.safeParse({ amount: 2 * MAX_AMOUNT, currency: "USD" }).success).toBe(true);
    expect(MoneyTotalSchema.safeParse({ amount: MAX_TOTAL + 1, currency: "USD" }).success).toBe(false);
  });
});
