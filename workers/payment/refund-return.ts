import type { Envelope } from "../events/envelope";
import { causedBy } from "../events/envelope";
import { db, type Runtime } from "../events/outbox-d1";
import { eq } from "drizzle-orm";
import { log } from "../kernel/logging";
import { refunds } from "../../schema/payment/tables";
import { refundIdOf } from "../../durable-objects/order/returns";
import type { PaymentGateway } from "./gateway";
import { attemptRefund, reopenRefused, requestRefund, retryDelay } from "./refunds";

/**
 * refund-on-return-received: one refund of the return's refundAmount through the refund path an admin uses (the
 * 30-day rule, the captured-amount ceiling, the gateway keyed by the refund id). Its id is derived from the
 * return's, so however often ReturnReceived is delivered, and however many deliveries race, one refund exists and
 * the gateway refunds once. An unanswered gateway call leaves it PENDING and a refusal FAILED, both for the refund
 * retry (workers/payment/refunds.ts, retryRefunds); a refusal the payment's rules give (REFUND_NOT_ALLOWED, the
 * amount already refunded by hand) is logged for an operator: asking again would not change it.
 */
export async function refundOnReturnReceived(event: Envelope<"ReturnReceived">, rt: Runtime, gateway: PaymentGateway): Promise<"handled"> {
  const { returnId, orderId, paymentId, refundAmount } = event.data;
  if (!paymentId || refundAmount.amount === 0) return "handled";
  const result = await requestRefund(rt, gateway, paymentId, { amount: refundAmount, reason: `Return ${returnId} received` }, causedBy(event), Date.now(), { returnId, refundId: refundIdOf(returnId) });
  if (!result.ok) log("error", "a received return could not be refunded", { returnId, orderId, paymentId, code: result.code, reason: result.message });
  else if (result.value.status === "FAILED") {
    log("warn", "the gateway refused a return's refund; it will be asked again", { returnId, orderId, paymentId, refundId: result.value.id, reason: result.value.failureReason, retryInMs: retryDelay(1) });
  }
  return "handled";
}

/**
 * An operator receiving a RECEIVED return again: if the gateway refused its refund, it is asked again now, past
 * the retry's backoff and its limit, under the same refund id (so the same idempotency key: the gateway refunds it
 * at most once, however many operators and sweeps race). A PENDING refund is left to its retry (it may be in
 * flight); no refund yet means ReturnReceived has not reached payment, which will issue it.
 */
export async function reissueRefusedReturnRefund(rt: Runtime, gateway: PaymentGateway, returnId: string, now = Date.now()): Promise<void> {
  const [refund] = await db(rt.env.DB_PAYMENT).select().from(refunds).where(eq(refunds.id, refundIdOf(returnId))).limit(1);
  if (refund?.status !== "FAILED" || !(await reopenRefused(rt.env, refund, now))) return;
  log("info", "a refused return refund is issued again by an operator", { returnId, refundId: refund.id, attempts: refund.attempts });
  await attemptRefund(rt, gateway, refund);
}
