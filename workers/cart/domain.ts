import { z } from "@hono/zod-openapi";
import { MoneySchema, MoneyTotalSchema } from "../kernel/money";
import { matching, text } from "../kernel/schema";
import { computeTotals, type TaxRate } from "../kernel/totals";
import type { OptionCopy } from "../shipping/quote";
import type { ShippingAddress } from "../../durable-objects/order/order";

export const MAX_QUANTITY = 99;
export const MAX_LINES = 50;

const productId = z.string().regex(/^prd_[0-9A-Z]{26}$/, "a product id (prd_…)");
/** A variant's id: `var_…`, or for a product without variants the product's own id (its one variant). */
export const VARIANT_ID = /^(prd|var)_[0-9A-Z]{26}$/;
const variantId = z.string().regex(VARIANT_ID, "a variant id (var_…, or a simple product's prd_… id)");

export const AddItemBody = z
  .object({
    productId,
    variantId: variantId.optional().openapi({ description: "Required when the product has more than one variant; a simple product's one variant is the product itself" }),
    quantity: z.number().int().min(1).max(MAX_QUANTITY),
  })
  .strict()
  .openapi("AddCartItem");
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
const AddressId = z.string().regex(/^adr_[0-9A-Z]{26}$/, "a saved address id (adr_…)");
const OptionId = z.string().regex(/^sop_[0-9A-Z]{26}$/, "a shipping option id (sop_…)");
const oneAddress = (b: { shippingAddress?: unknown; shippingAddressId?: unknown }) => !(b.shippingAddress !== undefined && b.shippingAddressId !== undefined);
const ONE_ADDRESS = { message: "give shippingAddress or shippingAddressId, not both", path: ["shippingAddressId"] };

export const SetShippingBody = z
  .object({ shippingAddress: ShippingAddressSchema.optional(), shippingAddressId: AddressId.optional(), shippingOptionId: OptionId.optional() })
  .strict()
  .refine((b) => b.shippingAddress !== undefined || b.shippingAddressId !== undefined, { message: "shippingAddress or shippingAddressId is required", path: ["shippingAddress"] })
  .refine(oneAddress, ONE_ADDRESS)
  .openapi("SetCartShipping", {
    description: "One address (typed in, or a saved one by id) and optionally the option; without one, the cheapest for the country",
    anyOf: [{ required: ["shippingAddress"] }, { required: ["shippingAddressId"] }], not: { required: ["shippingAddress", "shippingAddressId"] },
  });

export const CheckoutBody = z
  .object({ shippingAddress: ShippingAddressSchema.optional(), shippingAddressId: AddressId.optional() })
  .strict()
  .refine(oneAddress, ONE_ADDRESS)
  .openapi("Checkout", {
    description: "The address to ship to; optional once `PUT /carts/me/shipping` has set one. An address given here replaces the cart's: it keeps the chosen option if that ships there, else the cheapest",
    not: { required: ["shippingAddress", "shippingAddressId"] },
  });

const TaxSchema = z
  .object({ amount: z.number().int().min(0), currency: z.literal("USD"), rateBasisPoints: z.number().int().min(0), inclusive: z.boolean() })
  .openapi("Tax", { description: "Tax on subtotal − discount + shippingFee at the shipping country's rate, half up, once; inclusive: the part of the total that is tax" });
export const ShippingOptionRefSchema = z.object({ id: z.string(), name: z.string() }).openapi("ShippingOptionRef");
/** The §6 figures a cart and an order carry beside subtotal, discount and total. */
export const chargeFields = {
  // A union rather than .nullable(): .nullable() on a named schema would make the shared component itself nullable.
  shippingOption: z.union([ShippingOptionRefSchema, z.null()]),
  shippingFee: MoneyTotalSchema,
  tax: TaxSchema,
};

/** What a cart line and an order item are of: the product, and which of its variants (a simple product's is itself). */
export const variantFields = {
  productId: z.string(),
  variantId: z.string().openapi({ description: "The variant (var_…); for a product without variants, the product's id" }),
  sku: z.string().nullable().openapi({ description: "The variant's SKU; null only on lines and orders stored before variants existed" }),
  options: z.record(z.string(), z.string()).openapi({ description: "The variant's option values, e.g. {\"Size\": \"M\", \"Colour\": \"Black\"}; {} for a simple product" }),
};

export const CartLineSchema = z.object({ ...variantFields, name: z.string(), unitPrice: MoneySchema, quantity: z.number().int(), subtotal: MoneyTotalSchema });
export const CartSchema = z
  .object({
    id: z.string(),
    items: z.array(CartLineSchema),
    promotionCode: z.string().nullable(),
    shippingAddress: z.union([ShippingAddressSchema, z.null()]).openapi({ description: "Set by PUT /carts/me/shipping; null until then" }),
    subtotal: MoneyTotalSchema,
    discount: MoneyTotalSchema,
    ...chargeFields,
    total: MoneyTotalSchema.openapi({ description: "subtotal − discount + shippingFee, plus the tax when it is exclusive" }),
  })
  .openapi("Cart");
export type Cart = z.infer<typeof CartSchema>;

export interface PricedLine {
  productId: string;
  variantId: string;
  sku: string | null;
  options: Record<string, string>;
  name: string;
  priceAmount: number;
  quantity: number;
}

/** Where the cart ships, at the figures quoted when it was chosen. */
export interface PricedShipping {
  address: ShippingAddress;
  option: OptionCopy | null;
  rate: TaxRate | null;
}

const usd = (amount: number) => ({ amount, currency: "USD" as const });

/** The §6 figures of a cart or an order, from the one totals module (kernel/totals.ts). */
export function chargesView(t: ReturnType<typeof computeTotals>, option: OptionCopy | null) {
  return {
    subtotal: usd(t.subtotal), discount: usd(t.discount),
    shippingOption: option && { id: option.id, name: option.name }, shippingFee: usd(t.shippingFee),
    tax: { amount: t.tax.amount, currency: "USD" as const, rateBasisPoints: t.tax.rateBasisPoints, inclusive: t.tax.inclusive },
    total: usd(t.total),
  };
}

/** Totals at current prices; the discount (already capped by the promotion rules) never exceeds the subtotal. */
export function priceCart(id: string, lines: PricedLine[], promotionCode: string | null, discountAmount: number, shipping: PricedShipping | null): Cart {
  const items = lines.map((l) => ({
    productId: l.productId, variantId: l.variantId, sku: l.sku, options: l.options,
    name: l.name, unitPrice: usd(l.priceAmount), quantity: l.quantity, subtotal: usd(l.priceAmount * l.quantity),
  }));
  const totals = computeTotals({
    lines: lines.map((l) => ({ unitPrice: l.priceAmount, quantity: l.quantity })), discount: discountAmount,
    shipping: shipping?.option ?? null, tax: shipping?.rate ?? null,
  });
  return { id, items, promotionCode, shippingAddress: shipping?.address ?? null, ...chargesView(totals, shipping?.option ?? null) };
}
