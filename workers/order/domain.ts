import { z } from "@hono/zod-openapi";
import { MoneySchema } from "../kernel/money";
import { ShippingAddressSchema } from "../cart/domain";
import type { OrderState } from "../../durable-objects/order/order";

const RAW_CARD_NUMBER = /^[\d\s-]{12,23}$/;

/**
 * Only tokens from the card processor are accepted. A raw card number is refused here, before it reaches any log,
 * event or database (PCI scope stays with the processor).
 */
export const PaymentMethodSchema = z
  .object({
    type: z.literal("CARD"),
    token: z
      .string()
      .max(100)
      .refine((t) => !RAW_CARD_NUMBER.test(t), { message: "raw card numbers are not accepted; send a processor token" })
      .refine((t) => /^(tok|pm)_[A-Za-z0-9_]{1,64}$/.test(t), { message: "a card token (tok_… or pm_…)" }),
  })
  .strict()
  .openapi("PaymentMethod");

export const SubmitBody = z.object({ paymentMethod: PaymentMethodSchema }).strict().openapi("SubmitOrder");
export const CancelBody = z.object({ reason: z.string().trim().max(500).optional() }).strict().openapi("CancelOrder");

const OrderStatus = z.enum(["CREATED", "PENDING", "CONFIRMED", "SHIPPED", "DELIVERED", "CANCELLED"]);

export const OrderSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    status: OrderStatus,
    items: z.array(z.object({ productId: z.string(), name: z.string(), unitPrice: MoneySchema, quantity: z.number().int(), subtotal: MoneySchema })),
    subtotal: MoneySchema,
    discount: MoneySchema,
    total: MoneySchema,
    promotionCode: z.string().nullable(),
    shippingAddress: ShippingAddressSchema,
    payment: z.object({ status: z.string(), method: z.string().nullable() }),
    shipment: z.object({ id: z.string(), carrier: z.string().nullable(), trackingNumber: z.string().nullable(), status: z.string() }).nullable(),
    cancellationReason: z.string().nullable(),
    history: z.array(z.object({ status: OrderStatus, at: z.string(), reason: z.string().nullable() })),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** The customer's current name and email as this context knows them (from CustomerRegistered / CustomerProfileUpdated). */
    customer: z.object({ name: z.string(), email: z.string() }).nullable().optional(),
  })
  .openapi("Order");
export type OrderView = z.infer<typeof OrderSchema>;

export const OrderSummarySchema = z
  .object({ id: z.string(), customerId: z.string(), status: OrderStatus, total: MoneySchema, itemCount: z.number().int(), cancellationReason: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("OrderSummary");

/** The order as its customer sees it. Payment status comes from the payment context when it knows more. */
export function orderView(s: OrderState, payment: { status: string; method: string | null } | null): OrderView {
  const derived = s.payment.status !== "NONE" ? s.payment.status : s.status === "CREATED" ? "NOT_SUBMITTED" : "PENDING";
  return {
    id: s.id, customerId: s.customerId, status: s.status, items: s.items, subtotal: s.subtotal, discount: s.discount, total: s.total,
    promotionCode: s.promotionCode, shippingAddress: s.shippingAddress,
    payment: payment ?? { status: derived, method: s.paymentMethod ? s.paymentMethod.type : null },
    shipment: s.shipment, cancellationReason: s.cancellationReason, history: s.history, createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}
