import { z } from "@hono/zod-openapi";
import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import { MoneySchema } from "../kernel/money";
import { text } from "../kernel/schema";
import { ok, reject, type Result } from "../kernel/result";
import type { Principal } from "../kernel/auth";
import type { Causation } from "../events/envelope";
import { db, type Runtime } from "../events/outbox-d1";
import { reissueReturnRefund } from "../payment/index";
import { orderReturns } from "../../schema/order/tables";
import type { OrderReturn } from "../../durable-objects/order/returns";
import type { ReturnResult } from "../../durable-objects/order/order-object";
import { orderStub } from "./stub";

// Returns (contract §6): the order object decides (durable-objects/order/returns.ts); this is the HTTP side's
// schemas and the lookups across orders, from the order database's read model.

export const ReturnStatus = z.enum(["REQUESTED", "RECEIVED", "REFUNDED", "REJECTED"]);
export const ReturnIdSchema = z.string().regex(/^ret_[0-9A-Z]{26}$/, "a return id (ret_…)");

export const RequestReturnBody = z
  .object({
    items: z
      .array(z.object({ variantId: z.string().min(1).max(64).openapi({ description: "The variant returned; for a product without variants, its product id" }), quantity: z.number().int().min(1).max(99) }).strict())
      .min(1)
      .max(50),
    reason: text(10, 500),
  })
  .strict()
  .openapi("NewReturn");

export const RejectReturnBody = z.object({ reason: text(10, 500) }).strict().openapi("RejectReturn");

export const ReturnSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    status: ReturnStatus.openapi({ description: "REQUESTED → RECEIVED (restocked, refund issued) → REFUNDED (the refund succeeded); or REJECTED" }),
    items: z.array(z.object({ variantId: z.string(), productId: z.string(), quantity: z.number().int() })),
    refundAmount: MoneySchema.openapi({ description: "What the customer paid for these units: their share of the total (discount and tax spread over lines in proportion; shipping is not refunded)" }),
    reason: z.string(),
    rejectionReason: z.string().nullable(),
    refundId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Return");
export type ReturnView = z.infer<typeof ReturnSchema>;

export const returnView = (r: OrderReturn): ReturnView => ({
  id: r.id, orderId: r.orderId, status: r.status, items: r.items, refundAmount: r.refundAmount, reason: r.reason,
  rejectionReason: r.rejectionReason, refundId: r.refundId, createdAt: r.createdAt, updatedAt: r.updatedAt,
});

const asResult = (r: ReturnResult): Result<ReturnView> => (r.ok ? ok(returnView(r.value)) : reject(r.code, r.message, r.field));

export async function requestReturn(env: Env, principal: Principal, orderId: string, body: z.infer<typeof RequestReturnBody>, cause: Causation): Promise<Result<ReturnView>> {
  return asResult(await orderStub(env, orderId).requestReturnFor({ id: principal.id, role: principal.role }, body, cause));
}

const NOT_FOUND = reject("RETURN_NOT_FOUND", "return not found");

/** The order a return belongs to, from the read model (written by the order object before the return was answered). */
async function orderOfReturn(env: Env, returnId: string): Promise<string | null> {
  const [row] = await db(env.DB_ORDER).select({ orderId: orderReturns.orderId }).from(orderReturns).where(eq(orderReturns.id, returnId)).limit(1);
  return row?.orderId ?? null;
}

export async function rejectReturn(env: Env, returnId: string, reason: string, cause: Causation): Promise<Result<ReturnView>> {
  const orderId = await orderOfReturn(env, returnId);
  if (!orderId) return NOT_FOUND;
  return asResult(await orderStub(env, orderId).rejectReturn(returnId, reason, cause));
}

/**
 * The order object receives the return (once: receiving again answers it as it is). A return still RECEIVED
 * is one whose refund has not succeeded: if the gateway refused it, the payment context's service issues the
 * same refund again now (a synchronous call into payment, from this Worker: the object never calls the gateway).
 */
export async function receiveReturn(rt: Runtime, returnId: string, cause: Causation): Promise<Result<ReturnView>> {
  const orderId = await orderOfReturn(rt.env, returnId);
  if (!orderId) return NOT_FOUND;
  const result = await orderStub(rt.env, orderId).receiveReturn(returnId, cause);
  if (result.ok && result.value.status === "RECEIVED" && result.value.refundAmount.amount > 0) await reissueReturnRefund(rt, returnId);
  return asResult(result);
}

/** Oldest first, so returns are handled in the order they came in; optionally of one status. */
export async function listReturns(env: Env, q: { status?: z.infer<typeof ReturnStatus>; limit: number; after?: string }): Promise<{ items: ReturnView[]; nextCursor: string | null }> {
  const conditions: SQL[] = [];
  if (q.status) conditions.push(eq(orderReturns.status, q.status));
  if (q.after) conditions.push(gt(orderReturns.id, q.after));
  const rows = await db(env.DB_ORDER).select().from(orderReturns).where(conditions.length ? and(...conditions) : undefined).orderBy(asc(orderReturns.id)).limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { items: page.map((r) => returnView(JSON.parse(r.body) as OrderReturn)), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
}
