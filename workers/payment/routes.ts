import { z } from "@hono/zod-openapi";
import { newRouter, respond, route } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { ApiError } from "../kernel/errors";
import { MoneyTotalSchema } from "../kernel/money";
import { listPayments } from "./payment-queries";
import { RefundSchema } from "./refund-schemas";

const PaymentSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    amount: MoneyTotalSchema,
    status: z.enum(["AUTHORIZED", "CAPTURED", "PARTIALLY_REFUNDED", "VOIDED", "REFUNDED", "FAILED", "PENDING"]),
    failureReason: z.string().nullable().openapi({ description: "CARD_DECLINED, INSUFFICIENT_FUNDS, INVALID_PAYMENT_METHOD, …" }),
    refunds: z.array(RefundSchema).openapi({ description: "Refunds of the payment, oldest first" }),
  })
  .openapi("Payment");

export const paymentRoutes = newRouter();

paymentRoutes.openapi(
  route({
    method: "get", path: "/payments", tags: ["Payments"], summary: "Payments of an order (its customer or an admin)",
    roles: "any", request: { query: z.object({ orderId: z.string().regex(/^ord_[0-9A-Za-z]{1,60}$/, "an order id (ord_…)") }) },
    success: { status: 200, schema: z.array(PaymentSchema), description: "At most one payment per order" }, errors: [404],
  }),
  async (c) => {
    const result = await listPayments(c.env, principalOf(c), c.req.valid("query").orderId);
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 200);
  },
);
