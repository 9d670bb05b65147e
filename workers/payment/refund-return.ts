import type { Envelope } from "../events/envelope";
import { causedBy } from "../events/envelope";
import type { Runtime } from "../events/outbox-d1";
import { log } from "../kernel/logging";
import { refundIdOf } from "../../durable-objects/order/returns";
import type { PaymentGateway } from "./gateway";
import { requestRefund } from "./refunds";

/**
 * refund-on-return-received: one refund of the return's refundAmount through the refund path an admin uses (the
 * 30-day rule, the captured-amount ceiling, the gateway keyed by the refund id). Its id is derived from the
 * return's, so however often ReturnReceived is delivered, and however many deliveries race, one refund exists and
 * the gateway refunds once. An unanswered gateway call leaves it PENDING for the refund retry; a refusal the
 * payment's rules give (REFUND_NOT_ALLOWED, the amount already refunded by hand) is logged for an operator: asking
 * again would not change it.
 */
export async function refundOnReturnReceived(event: Envelope<"ReturnReceived">, rt: Runtime, gateway: PaymentGateway): Promise<"handled"> {
  const { returnId, orderId, paymentId, refundAmount } = event.data;
  if (!paymentId || refundAmount.amount === 0) return "handled";
  const result = await requestRefund(rt, gateway, paymentId, { amount: refundAmount, reason: `Return ${returnId} received` }, causedBy(event), Date.now(), refundIdOf(returnId));
  if (!result.ok) log("error", "a received return could not be refunded", { returnId, orderId, paymentId, code: result.code, reason: result.message });
  else if (result.value.status === "FAILED") log("error", "the gateway refused a return's refund", { returnId, orderId, paymentId, refundId: result.value.id, reason: result.value.failureReason });
  return "handled";
}
