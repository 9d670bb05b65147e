import type { Causation } from "../events/envelope";
import { reject, ok, type Result } from "../kernel/result";
import { orderStub } from "../order/stub";
import type { OrderState, ShippingAddress } from "../../durable-objects/order/order";
import { cartLines, cartOf, claimOrderId, clearCart } from "./service";
import { quoteCartPromotion } from "./promotion-port";

/**
 * Checkout converts the cart into an order with name and price snapshots. Retry-safe: the order id is claimed on
 * the cart first, the Order object's create is idempotent, and the cart is emptied last — a crash anywhere in
 * between and a retry finishes the same order instead of creating a second one.
 */
export async function checkout(env: Env, customerId: string, shippingAddress: ShippingAddress, cause: Causation): Promise<Result<OrderState>> {
  const cart = await cartOf(env, customerId);
  const lines = await cartLines(env, cart.id);
  if (lines.length === 0) return reject("CART_EMPTY", "the cart is empty");
  const subtotal = lines.reduce((a, l) => a + l.priceAmount * l.quantity, 0);
  let discount = 0;
  let promotionCode: string | null = null;
  if (cart.promotionCode) {
    const quote = await quoteCartPromotion(env, cart.promotionCode, customerId, subtotal);
    if (quote.ok) {
      discount = quote.value.discount;
      promotionCode = quote.value.code;
    }
  }
  const orderId = await claimOrderId(env, cart.id);
  const created = await orderStub(env, orderId).create(
    {
      id: orderId, customerId, shippingAddress, promotionCode, discount: { amount: discount, currency: "USD" },
      items: lines.map((l) => ({ productId: l.productId, name: l.name, unitPrice: { amount: l.priceAmount, currency: "USD" }, quantity: l.quantity })),
    },
    cause,
  );
  if (!created.ok) return created;
  await clearCart(env, cart.id, orderId);
  return ok(created.order);
}
