import { and, eq, sql } from "drizzle-orm";
import { cancelledOrders, payments } from "../../schema/payment/tables";
import { db, inboxInsert, type Runtime } from "../events/outbox-d1";
import type { Envelope } from "../events/envelope";
import type { HandlerResult } from "../events/consumer";
import { log } from "../kernel/logging";
import type { GatewayOutcome, PaymentGateway } from "./gateway";
import { commitOnce } from "./authorize-payment";
import { paymentRow, type PaymentRow, type PaymentStatus } from "./payment-queries";

type Step = { to: PaymentStatus; call: () => Promise<GatewayOutcome> } | null;

/** capture-payment-on-order-confirmed: captures the authorized amount once (idempotency key `<paymentId>:capture`). */
export async function capturePaymentOnOrderConfirmed(event: Envelope<"OrderConfirmed">, rt: Runtime, gateway: PaymentGateway): Promise<HandlerResult> {
  // No inbox look-up first: a duplicate finds the payment already CAPTURED (no step) and its inbox insert fails.
  // The order confirms only after PaymentAuthorized, so the row exists; if this copy is ahead of it, retry.
  if (!(await paymentRow(rt.env, event.data.orderId))) throw new Error(`no payment yet for confirmed order ${event.data.orderId}`);
  return settle(rt, event, (row) => {
    if (row.status === "AUTHORIZED" && row.gatewayRef) {
      const ref = row.gatewayRef;
      return { to: "CAPTURED", call: () => gateway.capture({ idempotencyKey: `${row.id}:capture`, ref, amount: { amount: row.amount, currency: "USD" } }) };
    }
    if (row.status !== "CAPTURED") log("warn", "confirmed order has no authorized payment to capture", { orderId: row.orderId, paymentId: row.id, status: row.status });
    return null;
  });
}

/**
 * void-payment-on-order-cancelled: voids an authorization (or a pending one), refunds a captured payment. The
 * cancellation is recorded first, so an OrderSubmitted processed later never authorizes the order.
 */
export async function voidPaymentOnOrderCancelled(event: Envelope<"OrderCancelled">, rt: Runtime, gateway: PaymentGateway): Promise<HandlerResult> {
  const d = db(rt.env.DB_PAYMENT);
  // No inbox look-up first: recording the cancellation and each step are idempotent; the final inbox insert dedupes.
  await d.insert(cancelledOrders).values({ orderId: event.data.orderId, cancelledAt: Date.now() }).onConflictDoNothing();
  return settle(rt, event, (row) => {
    const ref = row.gatewayRef;
    // The gateway has not answered yet: void the claim; the authorizing handler releases any hold it then gets.
    if (row.status === "PENDING" && ref === null) return { to: "VOIDED", call: async () => ({ ok: true }) };
    if ((row.status === "PENDING" || row.status === "AUTHORIZED") && ref) {
      return { to: "VOIDED", call: () => gateway.void({ idempotencyKey: `${row.id}:void`, ref }) };
    }
    if (row.status === "CAPTURED" && ref) {
      return { to: "REFUNDED", call: () => gateway.refund({ idempotencyKey: `${row.id}:refund`, ref, amount: { amount: row.amount, currency: "USD" } }) };
    }
    return null;
  });
}

/**
 * Applies the next step to the row as read, conditionally on it being unchanged; if another handler moved it in
 * between (an authorization landing during a cancel), reads it again and decides anew. Gateway calls are idempotent,
 * so a repeated call is harmless. The inbox row is written last: a crash before it replays an already-done step.
 */
async function settle(rt: Runtime, event: Envelope<"OrderConfirmed" | "OrderCancelled">, next: (row: PaymentRow) => Step): Promise<HandlerResult> {
  const d = db(rt.env.DB_PAYMENT);
  for (let round = 0; round < 5; round++) {
    const row = await paymentRow(rt.env, event.data.orderId);
    const step = row ? next(row) : null;
    if (!row || !step) break;
    const outcome = await step.call();
    if (!outcome.ok) {
      log("error", "payment gateway refused a follow-up call", { orderId: row.orderId, paymentId: row.id, target: step.to, reason: outcome.reason });
      await d.update(payments).set({ failureReason: `${step.to}_REFUSED:${outcome.reason}`, updatedAt: Date.now() }).where(eq(payments.id, row.id));
      break;
    }
    const unchanged = and(eq(payments.id, row.id), eq(payments.status, row.status), sql`${payments.gatewayRef} IS ${row.gatewayRef}`);
    const now = Date.now();
    // The capture time starts the 30-day refund window (contract §6).
    const set = step.to === "CAPTURED" ? { status: step.to, updatedAt: now, capturedAt: now } : { status: step.to, updatedAt: now };
    // As a one-statement batch so the consumer shares the transaction with the rest of its queue batch.
    const [applied] = await d.batch([d.update(payments).set(set).where(unchanged).returning({ id: payments.id })]);
    if (applied.length > 0) break;
  }
  return commitOnce(rt, [inboxInsert(d, event)], []);
}
