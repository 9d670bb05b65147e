// Returns of a delivered order (contract §6, "Returns") as pure functions over the order's state: no env, no I/O,
// the clock passed in. They live with the order because the quantity rule (delivered less what is already returned
// or requested) must be decided by one writer: two returns racing for the last unit are decided in the order object,
// one call at a time.
//
// REQUESTED → RECEIVED (restocked, refund issued) → REFUNDED (the refund succeeded); REQUESTED → REJECTED.

import { refundForReturn, type ReturnableOrder } from "../../workers/kernel/return-refund";
import { variantOf, type Money, type OrderState, type Outcome, type Refusal } from "./order";

export type ReturnStatus = "REQUESTED" | "RECEIVED" | "REFUNDED" | "REJECTED";

export interface ReturnItem {
  /** The inventory item the units go back to: the variant (a simple product's variant id is its product id). */
  variantId: string;
  productId: string;
  quantity: number;
}

export interface OrderReturn {
  id: string;
  orderId: string;
  customerId: string;
  status: ReturnStatus;
  items: ReturnItem[];
  refundAmount: Money;
  reason: string;
  rejectionReason: string | null;
  /** The refund issued on receipt (rfd_…), once the payment context has reported it. */
  refundId: string | null;
  /** Bumped on every change; the read model only moves forward. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const RETURN_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;

export const returnsOf = (s: OrderState): OrderReturn[] => s.returns ?? [];

/** The refund of a return is issued under an id derived from the return's, so it is issued once however often asked. */
export const refundIdOf = (returnId: string) => `rfd_${returnId.slice("ret_".length)}`;

/** The line key of an order item: its variant (an order stored before variants: its simple product's id). */
const lineKey = (line: OrderState["items"][number]) => variantOf(line);

function returnable(s: OrderState): ReturnableOrder {
  return {
    lines: s.items.map((l) => ({ key: lineKey(l), unitPrice: l.unitPrice.amount, quantity: l.quantity })),
    // The order's snapshotted figures; an order from before shipping existed has neither fee nor tax.
    totals: {
      subtotal: s.subtotal.amount, discount: s.discount.amount, shippingFee: s.shippingFee?.amount ?? 0,
      tax: s.tax ? { amount: s.tax.amount, rateBasisPoints: s.tax.rateBasisPoints, inclusive: s.tax.inclusive } : { amount: 0, rateBasisPoints: 0, inclusive: false },
      total: s.total.amount,
    },
  };
}

/** Units out per line: every return not rejected (requested ones hold their units until decided). */
function unitsOut(s: OrderState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of returnsOf(s)) {
    if (r.status === "REJECTED") continue;
    for (const i of r.items) out[i.variantId] = (out[i.variantId] ?? 0) + i.quantity;
  }
  return out;
}

export interface RequestReturn {
  id: string;
  items: { variantId: string; quantity: number }[];
  reason: string;
}

const withReturn = (s: OrderState, r: OrderReturn, at: string): OrderState => ({
  ...s,
  returns: returnsOf(s).some((x) => x.id === r.id) ? returnsOf(s).map((x) => (x.id === r.id ? r : x)) : [...returnsOf(s), r],
  version: s.version + 1,
  updatedAt: at,
});

export function requestReturn(s: OrderState, cmd: RequestReturn, now: number): Outcome | Refusal {
  if (s.status !== "DELIVERED") return { ok: false, code: "RETURN_NOT_ALLOWED", message: `only a DELIVERED order can be returned (this one is ${s.status})` };
  const delivered = s.history.findLast((h) => h.status === "DELIVERED");
  if (!delivered || now - Date.parse(delivered.at) > RETURN_WINDOW_DAYS * DAY_MS) {
    return { ok: false, code: "RETURN_NOT_ALLOWED", message: `returns are accepted up to ${RETURN_WINDOW_DAYS} days after delivery` };
  }
  const returning: Record<string, number> = {};
  for (const i of cmd.items) returning[i.variantId] = (returning[i.variantId] ?? 0) + i.quantity;
  const refund = refundForReturn(returnable(s), unitsOut(s), returning);
  if (!refund.ok) return { ok: false, code: refund.code, message: refund.message };
  const at = new Date(now).toISOString();
  const items = Object.entries(returning).map(([variantId, quantity]) => ({ variantId, productId: s.items.find((l) => lineKey(l) === variantId)!.productId, quantity }));
  const r: OrderReturn = {
    id: cmd.id, orderId: s.id, customerId: s.customerId, status: "REQUESTED", items, refundAmount: { amount: refund.value, currency: "USD" },
    reason: cmd.reason, rejectionReason: null, refundId: null, version: 1, createdAt: at, updatedAt: at,
  };
  return { state: withReturn(s, r, at), events: [{ type: "ReturnRequested", returnId: r.id }], commitHolds: false };
}

const NOT_FOUND: Refusal = { ok: false, code: "RETURN_NOT_FOUND", message: "return not found" };
const moved = (r: OrderReturn, status: ReturnStatus, at: string, extra: Partial<OrderReturn> = {}): OrderReturn => ({ ...r, ...extra, status, version: r.version + 1, updatedAt: at });

export function rejectReturn(s: OrderState, returnId: string, reason: string, now: number): Outcome | Refusal {
  const r = returnsOf(s).find((x) => x.id === returnId);
  if (!r) return NOT_FOUND;
  if (r.status !== "REQUESTED") return { ok: false, code: "RETURN_INVALID_STATE", message: `only a REQUESTED return can be rejected (this one is ${r.status})` };
  const at = new Date(now).toISOString();
  return { state: withReturn(s, moved(r, "REJECTED", at, { rejectionReason: reason }), at), events: [{ type: "ReturnRejected", returnId }], commitHolds: false };
}

/**
 * Receiving is idempotent: a return already RECEIVED or REFUNDED is answered as it is, with no second event, so
 * receiving twice (or two admins at once) restocks and refunds once. A return refunding nothing (a free order) is
 * REFUNDED at once: there is no refund to wait for.
 */
export function receiveReturn(s: OrderState, returnId: string, now: number): Outcome | Refusal {
  const r = returnsOf(s).find((x) => x.id === returnId);
  if (!r) return NOT_FOUND;
  if (r.status === "RECEIVED" || r.status === "REFUNDED") return { state: s, events: [], commitHolds: false };
  if (r.status !== "REQUESTED") return { ok: false, code: "RETURN_INVALID_STATE", message: `only a REQUESTED return can be received (this one is ${r.status})` };
  const at = new Date(now).toISOString();
  const status = r.refundAmount.amount === 0 ? "REFUNDED" : "RECEIVED";
  return { state: withReturn(s, moved(r, status, at), at), events: [{ type: "ReturnReceived", returnId }], commitHolds: false };
}

/** PaymentRefunded for a refund this order's return asked for: the return is REFUNDED (a repeat changes nothing). */
export function returnRefunded(s: OrderState, refundId: string, at: string): Outcome {
  const r = returnsOf(s).find((x) => refundIdOf(x.id) === refundId);
  if (!r || r.status !== "RECEIVED") return { state: s, events: [], commitHolds: false };
  return { state: withReturn(s, moved(r, "REFUNDED", at, { refundId }), at), events: [], commitHolds: false };
}
