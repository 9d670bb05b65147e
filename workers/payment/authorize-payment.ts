import { and, eq, isNull, sql } from "drizzle-orm";
import { cancelledOrders, payments } from "../../schema/payment/tables";
import { commitWithEvents, db, inboxInsert, isDuplicateInboxError, type Runtime } from "../events/outbox-d1";
import { causedBy, makeEvent, type Envelope } from "../events/envelope";
import type { HandlerResult } from "../events/consumer";
import { derivedId } from "../kernel/ids";
import { log } from "../kernel/logging";
import type { Authorization, PaymentGateway } from "./gateway";
import { validatePaymentMethod } from "./payment-method";
import { paymentRow, type PaymentRow } from "./payment-queries";

const nonce = () => crypto.randomUUID();
const decidedBy = (id: string, n: string) => sql`EXISTS (SELECT 1 FROM payments WHERE id = ${id} AND decision_nonce = ${n})`;

/**
 * authorize-payment-on-order-submitted. At most one authorization per order: the UNIQUE(order_id) row is claimed
 * before the gateway is called (skipped when the order was already cancelled), the payment id is derived from the
 * order id and is the gateway's idempotency key, and only the writer that moves the row out of PENDING publishes.
 *
 * Two D1 round trips before PaymentAuthorized is relayed: (1) the claim and the read of the claimed row with the
 * order's cancellation, in one batch; (2) the decision with its inbox row and outbox rows. The inbox insert of (2)
 * is the duplicate check: a redelivered event finds the row already decided and its inbox insert fails.
 */
export async function authorizePaymentOnOrderSubmitted(event: Envelope<"OrderSubmitted">, rt: Runtime, gateway: PaymentGateway): Promise<HandlerResult> {
  const d = db(rt.env.DB_PAYMENT);
  const { orderId, customerId, total } = event.data;
  const id = await derivedId("pay", orderId);
  const method = validatePaymentMethod(event.data.paymentMethod);
  const now = Date.now();
  const decision = nonce();
  const status = method.ok ? "PENDING" : "FAILED";
  const reason = method.ok ? null : "INVALID_PAYMENT_METHOD";
  // Every payments column in table order; nothing is claimed for an order payment already saw cancelled.
  const claim = d.insert(payments).select(sql`SELECT ${id}, ${orderId}, ${customerId}, ${total.amount}, ${total.currency}, 'CARD', ${status}, ${reason}, NULL,
    ${method.ok ? null : decision}, ${now}, ${now}, NULL WHERE NOT EXISTS (SELECT 1 FROM cancelled_orders WHERE order_id = ${orderId})`).onConflictDoNothing({ target: payments.orderId });

  if (!method.ok) {
    // The token is not stored and not logged: only the fact that it was refused.
    log("warn", "payment method refused", { orderId, eventId: event.eventId });
    const failed = makeEvent("PaymentFailed", id, 1, { paymentId: id, orderId, reason: "INVALID_PAYMENT_METHOD" }, causedBy(event));
    return commitOnce(rt, [inboxInsert(d, event), claim], [failed], decidedBy(id, decision));
  }

  const [, claimed] = await d.batch([
    claim,
    d.select({ row: payments, cancelled: sql<number>`EXISTS (SELECT 1 FROM ${cancelledOrders} WHERE ${cancelledOrders.orderId} = ${orderId})` })
      .from(payments).where(eq(payments.orderId, orderId)).limit(1),
  ]);
  const row = claimed[0]?.row;
  if (!row || row.status !== "PENDING" || row.gatewayRef !== null) return commitOnce(rt, [inboxInsert(d, event)], []);
  if (claimed[0]!.cancelled) return commitOnce(rt, [inboxInsert(d, event), stillUnasked(d, row, { status: "VOIDED" })], []);

  const answer = await gateway.authorize({ idempotencyKey: row.id, amount: { amount: row.amount, currency: "USD" }, token: method.value.token, orderId });
  const { result, applied } = await recordAnswer(rt, event, row, answer, decision);
  // Only when the decision did not apply can a cancellation have voided the claim while the gateway was answering.
  if (result === "handled" && !applied) await voidIfCancelledMeanwhile(rt, row, answer, decision, gateway);
  return result;
}

function stillUnasked(d: ReturnType<typeof db>, row: PaymentRow, set: Partial<PaymentRow>) {
  return d.update(payments).set({ ...set, updatedAt: Date.now() })
    .where(and(eq(payments.id, row.id), eq(payments.status, "PENDING"), isNull(payments.gatewayRef)))
    .returning({ id: payments.id });
}

async function recordAnswer(rt: Runtime, event: Envelope<"OrderSubmitted">, row: PaymentRow, answer: Authorization, decision: string): Promise<{ result: HandlerResult; applied: boolean }> {
  const d = db(rt.env.DB_PAYMENT);
  const cause = causedBy(event);
  const amount = { amount: row.amount, currency: "USD" as const };
  let update;
  let events: Parameters<typeof commitWithEvents>[3] = [];
  if (answer.status === "AUTHORIZED") {
    events = [makeEvent("PaymentAuthorized", row.id, 1, { paymentId: row.id, orderId: row.orderId, amount }, cause)];
    update = stillUnasked(d, row, { status: "AUTHORIZED", gatewayRef: answer.ref, decisionNonce: decision });
  } else if (answer.status === "DECLINED") {
    events = [makeEvent("PaymentFailed", row.id, 1, { paymentId: row.id, orderId: row.orderId, reason: answer.reason }, cause)];
    update = stillUnasked(d, row, { status: "FAILED", failureReason: answer.reason, gatewayRef: answer.ref, decisionNonce: decision });
  } else {
    // PENDING (3-D Secure never completed): no event; the order's reservation expires and cancels it.
    update = stillUnasked(d, row, { gatewayRef: answer.ref, decisionNonce: decision });
  }
  try {
    const [, updated] = await commitWithEvents(rt, "payment", [inboxInsert(d, event), update], events, events.length ? decidedBy(row.id, decision) : undefined);
    return { result: "handled", applied: (updated as unknown[]).length > 0 };
  } catch (err) {
    if (isDuplicateInboxError(err)) return { result: "duplicate", applied: false };
    throw err;
  }
}

/** A cancellation that voided the unasked claim while the gateway was answering: release the hold just taken. */
async function voidIfCancelledMeanwhile(rt: Runtime, row: PaymentRow, answer: Authorization, decision: string, gateway: PaymentGateway): Promise<void> {
  if (answer.status === "DECLINED") return;
  const now = await paymentRow(rt.env, row.orderId);
  if (!now || now.decisionNonce === decision || now.status !== "VOIDED" || now.gatewayRef !== null) return;
  const outcome = await gateway.void({ idempotencyKey: `${row.id}:void`, ref: answer.ref });
  if (!outcome.ok) log("error", "could not void an authorization taken after the order was cancelled", { orderId: row.orderId, paymentId: row.id, reason: outcome.reason });
  await db(rt.env.DB_PAYMENT).update(payments).set({ gatewayRef: answer.ref, updatedAt: Date.now() }).where(and(eq(payments.id, row.id), isNull(payments.gatewayRef)));
}

/** The handler's final write: inbox row first, so a concurrent delivery of the same event rolls back whole. */
export async function commitOnce(rt: Runtime, statements: Parameters<typeof commitWithEvents>[2], events: Parameters<typeof commitWithEvents>[3], guard?: Parameters<typeof commitWithEvents>[4]): Promise<HandlerResult> {
  try {
    await commitWithEvents(rt, "payment", statements, events, guard);
    return "handled";
  } catch (err) {
    if (isDuplicateInboxError(err)) return "duplicate";
    throw err;
  }
}
