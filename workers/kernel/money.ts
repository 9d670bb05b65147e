import { z } from "@hono/zod-openapi";

// Money is integer minor units plus an ISO 4217 code; never floats (contract §1).
export const MAX_AMOUNT = 100_000_000_00; // 100 million in minor units: anything larger is a typo, not a price.

/**
 * The ceiling of every computed amount (line subtotals, cart and order totals, payments): 10^15 minor units, below
 * 2^53 so that sums stay exact. It holds by construction: a cart has at most 50 lines of at most 99 units at most
 * MAX_AMOUNT each (4.95 × 10^13), and shipping and tax (at most 50%) cannot take that past 10^15;
 * test/unit/money.test.ts checks the arithmetic.
 */
export const MAX_TOTAL = 1_000_000_000_000_000;

const currency = z.literal("USD").openapi({ description: "ISO 4217; USD only" });

/** Money a client sends (prices, thresholds): 0 to MAX_AMOUNT. */
export const MoneySchema = z
  .object({ amount: z.number().int().min(0).max(MAX_AMOUNT), currency })
  .strict()
  .openapi("Money", { example: { amount: 1999, currency: "USD" } });

/** Money a client sends that must be above 0 (a price, a fixed discount): `exclusiveMinimum: 0`. */
export const PositiveMoneySchema = z
  .object({ amount: z.number().int().gt(0).max(MAX_AMOUNT), currency })
  .strict()
  .openapi("PositiveMoney", { example: { amount: 1999, currency: "USD" } });

/** Money the server computes (subtotals, totals, payment amounts): 0 to MAX_TOTAL. */
export const MoneyTotalSchema = z
  .object({ amount: z.number().int().min(0).max(MAX_TOTAL), currency })
  .openapi("MoneyTotal", { description: `A computed amount; never above ${MAX_TOTAL} minor units`, example: { amount: 25_800, currency: "USD" } });

export type Money = z.infer<typeof MoneySchema>;

export const usd = (amount: number): Money => ({ amount, currency: "USD" });

/** Percentage of an amount, rounded to the nearest minor unit with halves up (domain.md, Promotion). */
export function percentOf(amount: number, percent: number): number {
  return Math.floor((amount * percent + 50) / 100);
}
