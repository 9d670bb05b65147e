import { ok, reject, type Result } from "../kernel/result";
import { percentOf, type Money } from "../kernel/money";

// Promotion rules (domain.md, Promotion) as pure functions: no env, no clock, no I/O.

export type PromotionType = "PERCENTAGE" | "FIXED_AMOUNT";

export interface PromotionTerms {
  type: PromotionType;
  /** Percent for PERCENTAGE, minor units for FIXED_AMOUNT. */
  value: number;
  minimumPurchase: number | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  used: number;
  customerId: string | null;
  status: "ACTIVE" | "DISABLED";
  startsAt: number;
  endsAt: number;
}

export const CODE_PATTERN = /^[A-Za-z0-9]{4,20}$/;

/** Codes are compared case-insensitively: stored and looked up upper-cased. */
export const normalizeCode = (code: string) => code.trim().toUpperCase();

/** Percentages round to the nearest minor unit, halves up; no discount ever exceeds the subtotal. */
export function discountAmount(type: PromotionType, value: number, subtotal: number): number {
  const raw = type === "PERCENTAGE" ? percentOf(subtotal, value) : value;
  return Math.max(0, Math.min(raw, subtotal));
}

export interface Application {
  customerId: string;
  subtotal: Money;
  /** Live (not restored) redemptions of this promotion by this customer. */
  customerUses: number;
}

/** Whether the promotion applies to this customer and subtotal now, and the discount it gives. */
export function evaluate(p: PromotionTerms, a: Application, now: number): Result<Money> {
  if (p.customerId !== null && p.customerId !== a.customerId) return reject("PROMOTION_NOT_APPLICABLE", "this coupon was issued to another customer", "code");
  if (p.status !== "ACTIVE") return reject("PROMOTION_NOT_APPLICABLE", "this promotion is not active", "code");
  if (now < p.startsAt) return reject("PROMOTION_NOT_APPLICABLE", "this promotion has not started yet", "code");
  if (now >= p.endsAt) return reject("PROMOTION_EXPIRED", "this promotion has ended", "code");
  if (p.usageLimit !== null && p.used >= p.usageLimit) return reject("PROMOTION_USAGE_LIMIT_REACHED", "this promotion has been used up", "code");
  if (p.perCustomerLimit !== null && a.customerUses >= p.perCustomerLimit) {
    return reject("PROMOTION_USAGE_LIMIT_REACHED", "you have used this promotion as often as it allows", "code");
  }
  if (p.minimumPurchase !== null && a.subtotal.amount < p.minimumPurchase) {
    return reject("PROMOTION_NOT_APPLICABLE", `the subtotal is below the minimum purchase of ${p.minimumPurchase} minor units`, "code");
  }
  return ok({ amount: discountAmount(p.type, p.value, a.subtotal.amount), currency: "USD" });
}

/** Uses left for one customer: the tighter of the total and the per-customer limit; null when unlimited. */
export function usesLeft(p: Pick<PromotionTerms, "usageLimit" | "perCustomerLimit" | "used">, customerUses: number): number | null {
  const limits: number[] = [];
  if (p.usageLimit !== null) limits.push(p.usageLimit - p.used);
  if (p.perCustomerLimit !== null) limits.push(p.perCustomerLimit - customerUses);
  return limits.length === 0 ? null : Math.max(0, Math.min(...limits));
}

export const WELCOME_PERCENT = 10;
export const WELCOME_VALIDITY_MS = 90 * 24 * 3600 * 1000;
