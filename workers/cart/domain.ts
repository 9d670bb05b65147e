import { z } from "@hono/zod-openapi";
import { MoneySchema } from "../kernel/money";

export const MAX_QUANTITY = 99;
export const MAX_LINES = 50;

const productId = z.string().regex(/^prd_[0-9A-Z]{26}$/, "a product id (prd_…)");

export const AddItemBody = z.object({ productId, quantity: z.number().int().min(1).max(MAX_QUANTITY) }).strict().openapi("AddCartItem");
export const ChangeItemBody = z.object({ quantity: z.number().int().min(0).max(MAX_QUANTITY) }).strict().openapi("ChangeCartItem");
export const ApplyPromotionBody = z.object({ code: z.string().trim().regex(/^[A-Za-z0-9]{4,20}$/, "4–20 letters or digits") }).strict().openapi("ApplyPromotion");

export const ShippingAddressSchema = z
  .object({
    recipient: z.string().trim().min(1).max(100),
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    postalCode: z.string().trim().min(1).max(20),
    country: z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2 country code"),
  })
  .strict()
  .openapi("ShippingAddress");
export const CheckoutBody = z.object({ shippingAddress: ShippingAddressSchema }).strict().openapi("Checkout");

export const CartLineSchema = z.object({ productId: z.string(), name: z.string(), unitPrice: MoneySchema, quantity: z.number().int(), subtotal: MoneySchema });
export const CartSchema = z
  .object({
    id: z.string(),
    items: z.array(CartLineSchema),
    promotionCode: z.string().nullable(),
    subtotal: MoneySchema,
    discount: MoneySchema,
    total: MoneySchema,
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
