import { z } from "@hono/zod-openapi";
import { MoneySchema, MoneyTotalSchema } from "../kernel/money";
import { text } from "../kernel/schema";
import { CARD_NUMBER, TOKEN } from "../payment/payment-method";
import { ShippingAddressSchema, chargeFields, variantFields } from "../cart/domain";
import { lineView, type OrderState } from "../../durable-objects/order/order";
import { returnsOf } from "../../durable-objects/order/returns";
import { ReturnSchema, returnView } from "./returns";

/**
 * The shape only; the token rules (processor tokens only, raw card numbers refused) are the payment context's
 * validatePaymentMethod, applied by the submit route before anything is stored or logged.
 */
/** The `{orderId}` path parameter of every order route. */
export const OrderParams = z.object({ orderId: z.string().regex(/^ord_[0-9A-Z]{26}$/, "an order id (ord_…)").openapi({ param: { name: "orderId", in: "path" } }) });

export const PaymentMethodSchema = z
  .object({
    type: z.literal("CARD"),
    // A processor token, never a raw card number (which would also match the token pattern as tok_4242…).
    token: z
      .string()
      .regex(TOKEN, "must be a card token from the payment processor (tok_… or pm_…)")
      .refine((t) => !CARD_NUMBER.test(t), { message: "raw card numbers are not accepted: tokenize the card with the payment processor first" })
      .openapi({ pattern: TOKEN.source, not: { pattern: CARD_NUMBER.source }, example: "tok_visa" }),
  })
  .strict()
  .openapi("PaymentMethod", { example: { type: "CARD", token: "tok_visa" } });

export const SubmitBody = z.object({ paymentMethod: PaymentMethodSchema }).strict().openapi("SubmitOrder");
export const CancelBody = z.object({ reason: text(0, 500).optional() }).strict().openapi("CancelOrder");

const OrderStatus = z.enum(["CREATED", "PENDING", "CONFIRMED", "SHIPPED", "DELIVERED", "CANCELLED"]);

export const OrderSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    status: OrderStatus,
    items: z.array(z.object({ ...variantFields, name: z.string(), unitPrice: MoneySchema, quantity: z.number().int(), subtotal: MoneyTotalSchema })),
    subtotal: MoneyTotalSchema,
    discount: MoneyTotalSchema,
    ...chargeFields,
    total: MoneyTotalSchema.openapi({ description: "subtotal − discount + shippingFee, plus the tax when it is exclusive: what payment authorizes" }),
    promotionCode: z.string().nullable(),
    shippingAddress: ShippingAddressSchema,
    payment: z.object({ status: z.string(), method: z.string().nullable() }),
    shipment: z.object({ id: z.string(), carrier: z.string().nullable(), trackingNumber: z.string().nullable(), status: z.string() }).nullable(),
    cancellationReason: z.string().nullable(),
    history: z.array(z.object({ status: OrderStatus, at: z.string(), reason: z.string().nullable() })),
    returns: z.array(ReturnSchema).openapi({ description: "The order's returns, oldest first" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** The customer's current name and email as this context knows them (from CustomerRegistered / CustomerProfileUpdated). */
    customer: z.object({ name: z.string(), email: z.string() }).nullable().optional(),
  })
  .openapi("Order");
export type OrderView = z.infer<typeof OrderSchema>;

export const OrderSummarySchema = z
  .object({ id: z.string(), customerId: z.string(), status: OrderStatus, total: MoneyTotalSchema, itemCount: z.number().int(), cancellationReason: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("OrderSummary");

/** The order as its customer sees it. Payment and shipment come from their contexts when they know more. */
export interface OrderReadExtras {
  payment: { status: string; method: { type: string } } | null;
  shipment: { id: string; carrier: string; trackingNumber: string; status: string } | null;
}

export function orderView(s: OrderState, extras: OrderReadExtras | null): OrderView {
  const derived = s.payment.status !== "NONE" ? s.payment.status : s.status === "CREATED" ? "NOT_SUBMITTED" : "PENDING";
  return {
    id: s.id, customerId: s.customerId, status: s.status, items: s.items.map(lineView), subtotal: s.subtotal, discount: s.discount,
    shippingOption: s.shippingOption ? { id: s.shippingOption.id, name: s.shippingOption.name } : null,
    shippingFee: s.shippingFee ?? { amount: 0, currency: "USD" },
    tax: s.tax ?? { amount: 0, currency: "USD", rateBasisPoints: 0, inclusive: false },
    total: s.total,
    promotionCode: s.promotionCode, shippingAddress: s.shippingAddress,
    payment: extras?.payment ? { status: extras.payment.status, method: extras.payment.method.type } : { status: derived, method: s.paymentMethod ? s.paymentMethod.type : null },
    shipment: extras?.shipment ?? s.shipment, cancellationReason: s.cancellationReason, history: s.history,
    returns: returnsOf(s).map(returnView), createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}
