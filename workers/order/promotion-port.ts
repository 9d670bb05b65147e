import { redeemPromotion } from "../promotion/redemption";
import { ok, type Result } from "../kernel/result";
import type { Causation } from "../events/envelope";
import type { Runtime } from "../events/outbox-d1";

/**
 * Redeems the order's promotion code synchronously, exactly once per order (the seed's real-time synchronization
 * pattern: usage limits must be right at once). A repeated call for the same order returns the first result.
 */
export async function redeemOrderPromotion(rt: Runtime, order: { orderId: string; customerId: string; code: string; subtotal: number }, cause: Causation): Promise<Result<null>> {
  const redeemed = await redeemPromotion(rt, { code: order.code, orderId: order.orderId, customerId: order.customerId, subtotal: { amount: order.subtotal, currency: "USD" } }, cause);
  return redeemed.ok ? ok(null) : redeemed;
}
