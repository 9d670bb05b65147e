import { z } from "@hono/zod-openapi";
import { MAX_AMOUNT, MoneySchema } from "../kernel/money";
import { text } from "../kernel/schema";

export const REFUND_WINDOW_DAYS = 30;

export const RefundBody = z
  .object({
    amount: z
      .object({ amount: z.number().int().min(1).max(MAX_AMOUNT), currency: z.literal("USD") })
      .strict()
      .optional()
      .openapi({ description: "Positive, in the payment's currency; without it, what remains of the captured amount is refunded" }),
    reason: text(10, 500),
  })
  .strict()
  .openapi("NewRefund");
export type RefundInput = z.infer<typeof RefundBody>;

export const RefundParams = z.object({ paymentId: z.string().min(1).max(64).openapi({ param: { name: "paymentId", in: "path" }, example: "pay_01JD0000000000000000000000" }) });

export const RefundSchema = z
  .object({
    id: z.string(),
    paymentId: z.string(),
    orderId: z.string(),
    amount: MoneySchema,
    reason: z.string(),
    status: z.enum(["PENDING", "SUCCEEDED", "FAILED"]).openapi({
      description: "PENDING: the gateway has not confirmed yet (it is retried with the same idempotency key); FAILED: refused by the gateway, nothing was refunded, the amount can be refunded again (a return's refund is asked again with backoff, under the same id)",
    }),
    failureReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("Refund");
export type RefundView = z.infer<typeof RefundSchema>;
