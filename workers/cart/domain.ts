import { z } from "@hono/zod-openapi";
import { MoneySchema, MoneyTotalSchema } from "../kernel/money";
import { matching, text } from "../kernel/schema";

export const MAX_QUANTITY = 99;
export const MAX_LINES = 50;

const productId = z.string().regex(/^prd_[0-9A-Z]{26}$/, "a product id (prd_…)");

export const AddItemBody = z.object({ productId, quantity: z.number().int().min(1).max(MAX_QUANTITY) }).strict().openapi("AddCartItem");
export const ChangeItemBody = z.object({ quantity: z.number().int().min(0).max(MAX_QUANTITY) }).strict().openapi("ChangeCartItem");
export const ApplyPromotionBody = z.object({ code: matching(/^[A-Za-z0-9]{4,20}$/, "must be 4–20 letters or digits") }).strict().openapi("ApplyPromotion");

export const ShippingAddressSchema = z
  .object({
    recipient: text(1, 100),
    line1: text(1, 200),
    line2: text(0, 200).optional(),
    city: text(1, 100),
    postalCode: text(1, 20),
    country: matching(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code such as GB"),
  })
  .strict()
  .openapi("ShippingAddress");
export const CheckoutBody = z.object({ shippingAddress: ShippingAddressSchema }).strict().openapi("Checkout");

export const CartLineSchema = z.object({ productId: z.string(), name: z.string(), unitPrice: MoneySchema, quantity: z.number().int(), subtotal: MoneyTotalSchema });
export const CartSchema = z
  .object({
    id: z.string(),
    items: z.array(CartLineSchema),
    promotionCode: z.string().nullable(),
    subtotal: MoneyTotalSchema,
    discount: MoneyTotalSchema,
    total: MoneyTotalSchema,
  })
  .openapi("Cart");
export type Cart = z.infer<typeof CartSchema>;

export interface PricedLine {
  productId: string;
  name: string;
  priceAmount: number;
  quantity: number;
}

/** Totals at current prices; the discount (already capped by the promotion rules) never exceeds the subtotal. */
export function priceCart(id: string, lines: PricedLine[], promotionCode: string | null, discountAmount: number): Cart {
  const items = lines.map((l) => ({
    productId: l.productId, name: l.name, unitPrice: { amount: l.priceAmount, currency: "USD" as const }, quantity: l.quantity,
    subtotal: { amount: l.priceAmount * l.quantity, currency: "USD" as const },
  }));
  const subtotal = items.reduce((a, i) => a + i.subtotal.amount, 0);
  const discount = Math.min(discountAmount, subtotal);
  return {
    id, items, promotionCode,
    subtotal: { amount: subtotal, currency: "USD" }, discount: { amount: discount, currency: "USD" }, total: { amount: subtotal - discount, currency: "USD" },
  };
}
