import { eq } from "drizzle-orm";
import { payments } from "../../schema/payment/tables";
import { db } from "../events/outbox-d1";
import type { Principal } from "../kernel/auth";
import { ok, reject, type Result } from "../kernel/result";
import { usd, type Money } from "../kernel/money";
import { orderStub } from "../order/stub";
import { refundsOf, refundView } from "./refunds";
import type { RefundView } from "./refund-schemas";

const NOT_FOUND = reject("PAYMENT_NOT_FOUND", "no payment found for this order");

export type PaymentRow = typeof payments.$inferSelect;
export type PaymentStatus = PaymentRow["status"];

export interface PaymentView {
  id: string;
  orderId: string;
  amount: Money;
  status: PaymentStatus;
  failureReason: string | null;
  refunds: RefundView[];
}

export async function paymentRow(env: Env, orderId: string): Promise<PaymentRow | null> {
  const [row] = await db(env.DB_PAYMENT).select().from(payments).where(eq(payments.orderId, orderId)).limit(1);
  return row ?? null;
}

async function withRefunds(env: Env, r: PaymentRow): Promise<PaymentView> {
  const rows = await refundsOf(env, [r.id]);
  return { id: r.id, orderId: r.orderId, amount: usd(r.amount), status: r.status, failureReason: r.failureReason, refunds: rows.map(refundView) };
}

/**
 * GET /payments?orderId=: the order's owner or an admin. Before submit there is no payment yet: the owner then gets
 * [] like an admin (the order exists and is theirs), which only the order object can tell. Anyone else gets 404,
 * whether or not the order exists, so the answer never tells a stranger that it does.
 */
export async function listPayments(env: Env, principal: Principal, orderId: string): Promise<Result<PaymentView[]>> {
  const row = await paymentRow(env, orderId);
  if (principal.role === "ADMIN") return ok(row ? [await withRefunds(env, row)] : []);
  if (row) return row.customerId === principal.id ? ok([await withRefunds(env, row)]) : NOT_FOUND;
  const order = await orderStub(env, orderId).snapshot();
  return order?.customerId === principal.id ? ok([]) : NOT_FOUND;
}

/** For the order read (GET /orders/{id}): the payment's status and method, or null before the order is submitted. */
export async function paymentSummary(env: Env, orderId: string): Promise<{ status: PaymentStatus; method: { type: "CARD" } } | null> {
  const row = await paymentRow(env, orderId);
  return row ? { status: row.status, method: { type: "CARD" } } : null;
}
