import { newRouter, respond, route } from "../kernel/http";
import { ApiError } from "../kernel/errors";
import { requestCause, runtimeOf } from "../kernel/cause";
import { paymentGateway } from "./gateway";
import { guardedGateway } from "./guarded-gateway";
import { RefundBody, RefundParams, RefundSchema } from "./refund-schemas";
import { requestRefund } from "./refunds";

export const refundRoutes = newRouter();

refundRoutes.openapi(
  route({
    method: "post", path: "/payments/{paymentId}/refunds", tags: ["Payments"], summary: "Refund a captured payment, partly or fully (admin)", roles: ["ADMIN"],
    request: { params: RefundParams, body: { content: { "application/json": { schema: RefundBody } }, required: true } },
    success: {
      status: 201, schema: RefundSchema,
      description: "The refund (rfd_…): SUCCEEDED and PaymentRefunded published; FAILED if the gateway refused (nothing refunded; try again); PENDING if the gateway did not answer (retried with the same idempotency key)",
    },
    errors: [404, 409],
    rules: [
      { status: 404, code: "PAYMENT_NOT_FOUND", when: "no such payment" },
      { status: 409, code: "REFUND_NOT_ALLOWED", when: "the payment is not CAPTURED or PARTIALLY_REFUNDED, or was captured more than 30 days ago" },
      { status: 409, code: "REFUND_AMOUNT_EXCEEDS_ORIGINAL", when: "all refunds together would pass the captured amount" },
    ],
  }),
  async (c) => {
    const result = await requestRefund(runtimeOf(c), guardedGateway(c.env, paymentGateway(c.env)), c.req.valid("param").paymentId, c.req.valid("json"), requestCause(c));
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 201);
  },
);
