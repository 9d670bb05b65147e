import { reject, type Result } from "../kernel/result";

/** The cart's view of the promotion context (a synchronous call into its service module). */
export async function quoteCartPromotion(_env: Env, _code: string, _customerId: string, _subtotal: number): Promise<Result<{ code: string; discount: number }>> {
  return reject("PROMOTION_NOT_APPLICABLE", "unknown promotion code", "code");
}
