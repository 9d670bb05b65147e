// The order aggregate and its process manager as pure functions (no env, no clock, no I/O).
// States: CREATED → PENDING → CONFIRMED → SHIPPED → DELIVERED, and CANCELLED from CREATED or PENDING.

import type { OrderReturn } from "./returns";
import { computeTotals, type TaxRate } from "../../workers/kernel/totals";
import type { OptionCopy } from "../../workers/shipping/quote";

export type OrderStatus = "CREATED" | "PENDING" | "CONFIRMED" | "SHIPPED" | "DELIVERED" | "CANCELLED";
export type CancellationReason = "CUSTOMER_REQUEST" | "PAYMENT_DECLINED" | "INSUFFICIENT_STOCK" | "RESERVATION_EXPIRED";

export interface Money {
  amount: number;
  currency: "USD";
}

export interface OrderLine {
  productId: string;
  /**
   * The variant ordered (its inventory item), its SKU and options, snapshotted like the name and price. Absent on
   * orders stored before variants existed: those lines were simple products', read as the product's one variant
   * (variantOf, optionsOf; their SKU is unknown).
   */
  variantId?: string;
  sku?: string | null;
  options?: Record<string, string>;
  name: string;
  unitPrice: Money;
  quantity: number;
  subtotal: Money;
}

export interface ShippingAddress {
  recipient: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface OrderState {
  id: string;
  customerId: string;
  status: OrderStatus;
  items: OrderLine[];
  subtotal: Money;
  discount: Money;
  /**
   * The §6 charges, snapshotted at creation from the option and rate quoted at checkout: a later change of either
   * never reaches an existing order. Absent in orders stored before shipping existed (read as none, fee 0, tax 0).
   */
  shippingOption?: OptionCopy | null;
  shippingFee?: Money;
  tax?: { amount: number; currency: "USD"; rateBasisPoints: number; inclusive: boolean };
  /** subtotal − discount + shippingFee (+ tax when exclusive): what payment authorizes. */
  total: Money;
  promotionCode: string | null;
  shippingAddress: ShippingAddress;
  paymentMethod: { type: "CARD"; token: string } | null;
  /** What the process manager has heard back; CONFIRMED needs both RESERVED and AUTHORIZED. */
  reservation: "NONE" | "RESERVED" | "FAILED" | "EXPIRED";
  payment: { status: "NONE" | "AUTHORIZED" | "FAILED"; paymentId: string | null; failureReason: string | null };
  fulfilled: boolean;
  shipment: { id: string; carrier: string | null; trackingNumber: string | null; status: "PENDING" | "IN_TRANSIT" | "DELIVERED" } | null;
  cancellationReason: CancellationReason | null;
  history: { status: OrderStatus; at: string; reason: string | null }[];
  /** Returns of the delivered order (returns.ts); absent in orders stored before returns existed. */
  returns?: OrderReturn[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What the order publishes. The shell turns these into envelopes with the catalogue's schemas. */
export type OrderEvent =
  | { type: "OrderCreated" }
  | { type: "OrderSubmitted" }
  | { type: "OrderConfirmed" }
  | { type: "OrderCancelled"; reason: CancellationReason }
  | { type: "ReturnRequested" | "ReturnReceived" | "ReturnRejected"; returnId: string };

/** An input from another context, as far as the order cares. */
export type Incoming =
  | { type: "InventoryReserved" }
  | { type: "InventoryReservationFailed" }
  | { type: "InventoryReservationExpired" }
  | { type: "PaymentAuthorized"; paymentId: string }
  | { type: "PaymentFailed"; paymentId: string; reason: string }
  | { type: "InventoryFulfilled" }
  | { type: "ShipmentCreated"; shipmentId: string; carrier: string; trackingNumber: string }
  | { type: "ShipmentDispatched"; shipmentId: string }
  | { type: "ShipmentDelivered"; shipmentId: string };

export interface Outcome {
  state: OrderState;
  events: OrderEvent[];
  /** Both halves are in: commit every hold before confirming (the expiry race has one winner: the item object). */
  commitHolds: boolean;
}

export type Refusal = { ok: false; code: string; message: string };

export const MAX_LINES = 50;

function transition(s: OrderState, status: OrderStatus, at: string, reason: string | null = null): OrderState {
  return { ...s, status, history: [...s.history, { status, at, reason }], updatedAt: at };
}

/** The variant (inventory item) an order line is of: a line stored before variants is its simple product's one. */
export const variantOf = (line: { productId: string; variantId?: string }): string => line.variantId ?? line.productId;

/** A line as every reader sees it: variantId, sku and options always present. */
export const lineView = (l: OrderLine) => ({
  productId: l.productId, variantId: variantOf(l), sku: l.sku ?? null, options: l.options ?? {},
  name: l.name, unitPrice: l.unitPrice, quantity: l.quantity, subtotal: l.subtotal,
});

/** An order line as the order's events carry it (OrderSubmitted, OrderConfirmed, OrderCancelled). */
export const eventItem = (l: OrderLine) => ({ productId: l.productId, variantId: variantOf(l), sku: l.sku ?? null, options: l.options ?? {}, quantity: l.quantity });

const bump = (s: OrderState, at: string): OrderState => ({ ...s, version: s.version + 1, updatedAt: at });

export interface CreateOrder {
  id: string;
  customerId: string;
  /** variantId defaults to productId (a simple product's one variant), options to {}, sku to null. */
  items: { productId: string; variantId?: string; sku?: string | null; options?: Record<string, string>; name: string; unitPrice: Money; quantity: number }[];
  discount: Money;
  promotionCode: string | null;
  shippingAddress: ShippingAddress;
  shippingOption?: OptionCopy | null;
  taxRate?: TaxRate | null;
}

/** Items, prices and charges are frozen here (snapshot pattern), every figure from the one totals module. */
export function create(cmd: CreateOrder, at: string): Outcome | Refusal {
  if (cmd.items.length === 0) return { ok: false, code: "CART_EMPTY", message: "an order needs at least one item" };
  if (cmd.items.length > MAX_LINES) return { ok: false, code: "CART_TOO_MANY_LINES", message: `an order has at most ${MAX_LINES} lines` };
  const items = cmd.items.map((i) => ({
    ...i, variantId: variantOf(i), sku: i.sku ?? null, options: i.options ?? {}, subtotal: { amount: i.unitPrice.amount * i.quantity, currency: "USD" as const },
  }));
  const option = cmd.shippingOption ?? null;
  const t = computeTotals({ lines: cmd.items.map((i) => ({ unitPrice: i.unitPrice.amount, quantity: i.quantity })), discount: cmd.discount.amount, shipping: option, tax: cmd.taxRate ?? null });
  const usd = (amount: number): Money => ({ amount, currency: "USD" });
  const state: OrderState = {
    id: cmd.id, customerId: cmd.customerId, status: "CREATED", items,
    subtotal: usd(t.subtotal), discount: usd(t.discount), shippingOption: option, shippingFee: usd(t.shippingFee),
    tax: { amount: t.tax.amount, currency: "USD", rateBasisPoints: t.tax.rateBasisPoints, inclusive: t.tax.inclusive },
    total: usd(t.total), promotionCode: cmd.promotionCode, shippingAddress: cmd.shippingAddress,
    paymentMethod: null, reservation: "NONE", payment: { status: "NONE", paymentId: null, failureReason: null }, fulfilled: false,
    shipment: null, cancellationReason: null, history: [{ status: "CREATED", at, reason: null }], version: 1, createdAt: at, updatedAt: at,
  };
  return { state, events: [{ type: "OrderCreated" }], commitHolds: false };
}

export function submit(s: OrderState, paymentMethod: { type: "CARD"; token: string }, at: string): Outcome | Refusal {
  if (s.status !== "CREATED") return { ok: false, code: "ORDER_INVALID_STATE", message: `an order can be submitted only when CREATED (it is ${s.status})` };
  return { state: bump({ ...transition(s, "PENDING", at), paymentMethod }, at), events: [{ type: "OrderSubmitted" }], commitHolds: false };
}

function cancelled(s: OrderState, reason: CancellationReason, at: string): Outcome {
  return { state: bump({ ...transition(s, "CANCELLED", at, reason), cancellationReason: reason }, at), events: [{ type: "OrderCancelled", reason }], commitHolds: false };
}

export function cancel(s: OrderState, reason: CancellationReason, at: string): Outcome | Refusal {
  if (s.status !== "CREATED" && s.status !== "PENDING") {
    return { ok: false, code: "ORDER_CANNOT_BE_CANCELLED", message: `an order can be cancelled only before confirmation (it is ${s.status})` };
  }
  return cancelled(s, reason, at);
}

const unchanged = (s: OrderState): Outcome => ({ state: s, events: [], commitHolds: false });
const readyToConfirm = (s: OrderState) => s.status === "PENDING" && s.reservation === "RESERVED" && s.payment.status === "AUTHORIZED";

/**
 * The process manager: reacts to the other contexts' events. Events that no longer apply to the current state
 * (late, duplicated, or after a cancellation) change nothing.
 */
export function receive(s: OrderState, e: Incoming, at: string): Outcome {
  switch (e.type) {
    case "InventoryReserved": {
      if (s.status !== "PENDING" || s.reservation !== "NONE") return unchanged(s);
      const next = bump({ ...s, reservation: "RESERVED" }, at);
      return { state: next, events: [], commitHolds: readyToConfirm(next) };
    }
    case "PaymentAuthorized": {
      if (s.status !== "PENDING" || s.payment.status !== "NONE") return unchanged(s);
      const next = bump({ ...s, payment: { status: "AUTHORIZED", paymentId: e.paymentId, failureReason: null } }, at);
      return { state: next, events: [], commitHolds: readyToConfirm(next) };
    }
    case "PaymentFailed": {
      if (s.status !== "PENDING") return unchanged(s);
      return cancelled({ ...s, payment: { status: "FAILED", paymentId: e.paymentId, failureReason: e.reason } }, "PAYMENT_DECLINED", at);
    }
    case "InventoryReservationFailed":
      return s.status === "PENDING" ? cancelled({ ...s, reservation: "FAILED" }, "INSUFFICIENT_STOCK", at) : unchanged(s);
    case "InventoryReservationExpired":
      return s.status === "PENDING" ? cancelled({ ...s, reservation: "EXPIRED" }, "RESERVATION_EXPIRED", at) : unchanged(s);
    case "InventoryFulfilled":
      return s.fulfilled ? unchanged(s) : { state: bump({ ...s, fulfilled: true }, at), events: [], commitHolds: false };
    case "ShipmentCreated": {
      if (s.status === "CREATED" || s.status === "PENDING" || s.status === "CANCELLED") return unchanged(s);
      // The same shipment again (a redelivery, possibly to a compacted order with no ids left): nothing new.
      if (s.shipment?.id === e.shipmentId && s.shipment.carrier === e.carrier && s.shipment.trackingNumber === e.trackingNumber) return unchanged(s);
      const status = s.shipment?.status ?? "PENDING";
      return { state: bump({ ...s, shipment: { id: e.shipmentId, carrier: e.carrier, trackingNumber: e.trackingNumber, status } }, at), events: [], commitHolds: false };
    }
    case "ShipmentDispatched": {
      if (s.status !== "CONFIRMED") return unchanged(s);
      const shipment = { id: e.shipmentId, carrier: s.shipment?.carrier ?? null, trackingNumber: s.shipment?.trackingNumber ?? null, status: "IN_TRANSIT" as const };
      return { state: bump({ ...transition(s, "SHIPPED", at), shipment }, at), events: [], commitHolds: false };
    }
    case "ShipmentDelivered": {
      if (s.status !== "CONFIRMED" && s.status !== "SHIPPED") return unchanged(s);
      // Delivery reported before dispatch (unordered delivery): record the dispatch first so history stays legal.
      const shipped = s.status === "CONFIRMED" ? transition(s, "SHIPPED", at) : s;
      const shipment = { id: e.shipmentId, carrier: s.shipment?.carrier ?? null, trackingNumber: s.shipment?.trackingNumber ?? null, status: "DELIVERED" as const };
      return { state: bump({ ...transition(shipped, "DELIVERED", at), shipment }, at), events: [], commitHolds: false };
    }
    default: {
      const never: never = e;
      throw new Error(`unhandled incoming event ${JSON.stringify(never)}`);
    }
  }
}

/** After the holds were committed (all) or one was found expired/released (not all). */
export function holdsCommitted(s: OrderState, allCommitted: boolean, at: string): Outcome {
  if (!readyToConfirm(s)) return unchanged(s);
  if (!allCommitted) return cancelled({ ...s, reservation: "EXPIRED" }, "RESERVATION_EXPIRED", at);
  return { state: bump(transition(s, "CONFIRMED", at), at), events: [{ type: "OrderConfirmed" }], commitHolds: false };
}

export const needsHoldCommit = readyToConfirm;

/**
 * DELIVERED and CANCELLED are final: for such an order `receive` is idempotent by its state alone (a redelivered
 * event finds its fact already recorded and changes nothing), which is what lets the object drop its processed ids.
 */
export const isFinished = (s: OrderState) => s.status === "DELIVERED" || s.status === "CANCELLED";

/**
 * Every PENDING order has a deadline of its own: `windowMs` after it was submitted (the shell passes the hold time
 * plus a margin), by when a healthy saga has confirmed or cancelled it; an expired hold cancels it first.
 */
export function pendingDeadline(s: OrderState, windowMs: number): number | null {
  if (s.status !== "PENDING") return null;
  const submitted = s.history.findLast((h) => h.status === "PENDING");
  return submitted ? Date.parse(submitted.at) + windowMs : null;
}

/**
 * Past its deadline an order still missing an outcome (its reservation dead-lettered before any hold, an event
 * lost) is cancelled as RESERVATION_EXPIRED, the contract's reason for a reservation window that ran out; the
 * cancellation releases whatever was held and voids the payment. One whose holds are being committed is left to
 * the commit, which decides confirm-or-cancel itself.
 */
export function deadlinePassed(s: OrderState, at: string): Outcome {
  if (s.status !== "PENDING" || readyToConfirm(s)) return unchanged(s);
  return cancelled(s, "RESERVATION_EXPIRED", at);
}
