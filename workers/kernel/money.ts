import { z } from "@hono/zod-openapi";

// Money is integer minor units plus an ISO 4217 code; never floats (contract §1).
export const MAX_AMOUNT = 100_000_000_00; // 100 million in minor units: anything larger is a typo, not a price.

export const MoneySchema = z
  .object({
    amount: z.number().int().min(0).max(MAX_AMOUNT),
    currency: z.literal("USD"),
  })
  .strict()
  .openapi("Money", { example: { amount: 1999, currency: "USD" } });

export type Money = z.infer<typeof MoneySchema>;

export const usd = (amount: number): Money => ({ amount, currency: "USD" });

/** Percentage of an amount, rounded to the nearest minor unit with halves up (domain.md, Promotion). */
export function percentOf(amount: number, percent: number): number {
  return Math.floor((amount * percent + 50) / 100);
}
