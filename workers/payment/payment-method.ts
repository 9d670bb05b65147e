import { ok, reject, type Result } from "../kernel/result";

export interface PaymentMethod {
  type: "CARD";
  token: string;
}

// A token from the card processor (sandbox/Stripe `tok_…`, Stripe `pm_…`). Anything else is refused, and a raw card
// number (12–19 digits, spaces or dashes allowed) gets its own message. The value is never echoed, stored or logged.
export const TOKEN = /^(tok|pm)_[A-Za-z0-9_]{1,64}$/;
export const CARD_NUMBER = /(?:\d[ -]?){12,19}/;

/**
 * Checks a payment method before an order is submitted (the order submit route answers 400 PAYMENT_METHOD_INVALID)
 * and again in the payment handler, which turns a bad one into PaymentFailed INVALID_PAYMENT_METHOD.
 */
export function validatePaymentMethod(input: unknown): Result<PaymentMethod> {
  const pm = input as { type?: unknown; token?: unknown } | null;
  if (typeof pm !== "object" || pm === null || pm.type !== "CARD") {
    return reject("PAYMENT_METHOD_INVALID", "paymentMethod.type must be CARD", "paymentMethod.type");
  }
  if (typeof pm.token !== "string") return reject("PAYMENT_METHOD_INVALID", "paymentMethod.token is required", "paymentMethod.token");
  if (CARD_NUMBER.test(pm.token)) {
    return reject("PAYMENT_METHOD_INVALID", "raw card numbers are not accepted: tokenize the card with the payment processor first", "paymentMethod.token");
  }
  if (!TOKEN.test(pm.token)) {
    return reject("PAYMENT_METHOD_INVALID", "paymentMethod.token must be a card token (tok_… or pm_…)", "paymentMethod.token");
  }
  return ok({ type: "CARD", token: pm.token });
}
