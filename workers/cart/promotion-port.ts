import { quotePromotion } from "../promotion/redemption";
import { ok, type Result } from "../kernel/result";

/** The cart's view of the promotion context: a quote, nothing is used until the order is submitted. */
export async function quoteCartPromotion(env: Env, code: string, customerId: string, subtotal: number): Promise<Result<{ code: string; discount: number }>> {
  const quote = await quotePromotion(env, { code, customerId, subtotal: { amount: subtotal, currency: "USD" } });
  return quote.ok ? ok({ code: quote.value.code, discount: quote.value.discount.amount }) : quote;
}
