import type { IdempotencyKey } from "../kernel/idempotency";
import type { Replayable } from "../../durable-objects/shared/kept-replies";
import { and, desc, eq, lt } from "drizzle-orm";
import { customerProfiles, orderSummaries } from "../../schema/order/tables";
import { db } from "../events/outbox-d1";
import type { Causation } from "../events/envelope";
import type { Principal } from "../kernel/auth";
import { ok, reject, type Result } from "../kernel/result";
import type { OrderState } from "../../durable-objects/order/order";
import { orderStub } from "./stub";
import { orderView, type OrderView } from "./domain";
import { validatePaymentMethod } from "../payment/payment-method";
import { paymentSummary } from "../payment/payment-queries";
import { shipmentSummary } from "../shipping/shipment-queries";

const NOT_FOUND = reject("ORDER_NOT_FOUND", "order not found");

/** The order if the caller owns it (or is an admin); anyone else is told it does not exist. */
async function ownedOrder(env: Env, principal: Principal, orderId: string): Promise<OrderState | null> {
  const state = await orderStub(env, orderId).snapshot();
  if (!state) return null;
  if (principal.role !== "ADMIN" && state.customerId !== principal.id) return null;
  return state;
}

export async function getOrder(env: Env, principal: Principal, orderId: string): Promise<Result<OrderView>> {
  const state = await ownedOrder(env, principal, orderId);
  if (!state) return NOT_FOUND;
  // Three bounded reads in parallel: the customer copy, the payment and the shipment (their contexts' queries).
  const [[customer], payment, shipment] = await Promise.all([
    db(env.DB_ORDER).select({ name: customerProfiles.name, email: customerProfiles.email }).from(customerProfiles).where(eq(customerProfiles.customerId, state.customerId)),
    paymentSummary(env, orderId),
    shipmentSummary(env, orderId),
  ]);
  return ok({ ...orderView(state, { payment, shipment }), customer: customer ?? null });
}

/**
 * Submit: one call to the order object, which checks ownership and state, redeems the order's promotion code
 * (synchronously, exactly once; a used-up code fails the submit with 409 and leaves the order CREATED) and moves to
 * PENDING; OrderSubmitted then starts the reservation and the payment authorization in parallel.
 */
export async function submitOrder(env: Env, principal: Principal, orderId: string, paymentMethod: { type: "CARD"; token: string }, cause: Causation, key: IdempotencyKey | null = null): Promise<Replayable<Result<OrderView>>> {
  const method = validatePaymentMethod(paymentMethod);
  const given = method.ok ? method.value : { invalid: { code: method.code, message: method.message, field: method.field } };
  const submitted = await orderStub(env, orderId).submitFor({ id: principal.id, role: principal.role }, given, cause, key);
  return replayedAs(submitted, submitted.ok ? ok(orderView(submitted.order, null)) : reject(submitted.code, submitted.message, submitted.field));
}

export async function cancelOrder(env: Env, principal: Principal, orderId: string, cause: Causation, key: IdempotencyKey | null = null): Promise<Replayable<Result<OrderView>>> {
  const cancelled = await orderStub(env, orderId).cancelFor({ id: principal.id, role: principal.role }, "CUSTOMER_REQUEST", cause, key);
  return replayedAs(cancelled, cancelled.ok ? ok(orderView(cancelled.order, null)) : reject(cancelled.code, cancelled.message, cancelled.field));
}

/** Carries the object's `replayed` mark (a reply kept for an Idempotency-Key) over to the route's result. */
function replayedAs<T>(from: { replayed?: true }, r: Result<T>): Replayable<Result<T>> {
  return from.replayed ? { ...r, replayed: true } : r;
}

/** The customer's orders, newest first, from the order read model (one indexed query per page). */
export async function listCustomerOrders(env: Env, customerId: string, limit: number, before?: string) {
  const where = before ? and(eq(orderSummaries.customerId, customerId), lt(orderSummaries.id, before)) : eq(orderSummaries.customerId, customerId);
  const rows = await db(env.DB_ORDER).select().from(orderSummaries).where(where).orderBy(desc(orderSummaries.id)).limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page.map((r) => JSON.parse(r.body) as Record<string, unknown>), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}
