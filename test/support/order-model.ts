import fc from "fast-check";
import type { CancellationReason, Incoming, OrderState, OrderStatus } from "../../durable-objects/order/order";

// A model of the order's life (contract §3 "Order statuses", domain.md Order, architecture "process manager"),
// written independently of the decider, plus the invariants every history must keep.

export type OrderInput =
  | { kind: "submit" }
  | { kind: "cancel" }
  | { kind: "event"; event: Incoming }
  /** Redelivery of the last event (at-least-once delivery): must change nothing. */
  | { kind: "redeliver" }
  /** The outcome of committing the holds (pure decider only; the object asks the item objects itself). */
  | { kind: "holdsCommitted"; all: boolean };

const incoming: fc.Arbitrary<Incoming> = fc.oneof(
  fc.constant({ type: "InventoryReserved" as const }),
  fc.constant({ type: "InventoryReservationFailed" as const }),
  fc.constant({ type: "InventoryReservationExpired" as const }),
  fc.constant({ type: "InventoryFulfilled" as const }),
  fc.constantFrom("pay_1", "pay_2").map((paymentId) => ({ type: "PaymentAuthorized" as const, paymentId })),
  fc.constantFrom("pay_1", "pay_2").map((paymentId) => ({ type: "PaymentFailed" as const, paymentId, reason: "card_declined" })),
  fc.constant({ type: "ShipmentCreated" as const, shipmentId: "shp_1", carrier: "UPS", trackingNumber: "1Z999" }),
  fc.constant({ type: "ShipmentDispatched" as const, shipmentId: "shp_1" }),
  fc.constant({ type: "ShipmentDelivered" as const, shipmentId: "shp_1" }),
);

/** The happy path is weighted up so that histories reach CONFIRMED, SHIPPED and DELIVERED often. */
export const orderInput = (withHoldsCommitted: boolean): fc.Arbitrary<OrderInput> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: "submit" as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: "cancel" as const }) },
    { weight: 8, arbitrary: incoming.map((event) => ({ kind: "event" as const, event })) },
    { weight: 2, arbitrary: fc.constant({ kind: "redeliver" as const }) },
    { weight: withHoldsCommitted ? 3 : 0, arbitrary: fc.boolean().map((all) => ({ kind: "holdsCommitted" as const, all })) },
  );

export const ALLOWED: ReadonlySet<string> = new Set([
  "CREATED>PENDING", "CREATED>CANCELLED", "PENDING>CONFIRMED", "PENDING>CANCELLED", "CONFIRMED>SHIPPED", "SHIPPED>DELIVERED",
]);

export class OrderModel {
  status: OrderStatus = "CREATED";
  reason: CancellationReason | null = null;
  reserved = false;
  authorized = false;

  private cancel(reason: CancellationReason): void {
    this.status = "CANCELLED";
    this.reason = reason;
  }

  get awaitingCommit(): boolean {
    return this.status === "PENDING" && this.reserved && this.authorized;
  }

  /** Returns the refusal code for a customer command, or null when it was accepted (or an event was processed). */
  apply(input: Exclude<OrderInput, { kind: "redeliver" }>): string | null {
    const pending = this.status === "PENDING";
    switch (input.kind) {
      case "submit":
        if (this.status !== "CREATED") return "ORDER_INVALID_STATE";
        this.status = "PENDING";
        return null;
      case "cancel":
        if (this.status !== "CREATED" && !pending) return "ORDER_CANNOT_BE_CANCELLED";
        this.cancel("CUSTOMER_REQUEST");
        return null;
      case "holdsCommitted":
        if (this.awaitingCommit) {
          if (input.all) this.status = "CONFIRMED";
          else this.cancel("RESERVATION_EXPIRED");
        }
        return null;
      case "event": {
        const e = input.event;
        if (e.type === "InventoryReserved" && pending) this.reserved = true;
        if (e.type === "PaymentAuthorized" && pending) this.authorized = true;
        if (e.type === "PaymentFailed" && pending) this.cancel("PAYMENT_DECLINED");
        if (e.type === "InventoryReservationFailed" && pending) this.cancel("INSUFFICIENT_STOCK");
        if (e.type === "InventoryReservationExpired" && pending) this.cancel("RESERVATION_EXPIRED");
        if (e.type === "ShipmentDispatched" && this.status === "CONFIRMED") this.status = "SHIPPED";
        if (e.type === "ShipmentDelivered" && (this.status === "CONFIRMED" || this.status === "SHIPPED")) this.status = "DELIVERED";
        return null;
      }
    }
  }
}

/** Invariants of one state, and of the step from `before` to `after`. */
export function orderViolations(before: OrderState | null, after: OrderState): string[] {
  const out: string[] = [];
  const h = after.history.map((x) => x.status);
  if (h[0] !== "CREATED") out.push(`history starts with ${h[0]}`);
  for (let i = 1; i < h.length; i++) if (!ALLOWED.has(`${h[i - 1]}>${h[i]}`)) out.push(`illegal transition ${h[i - 1]} → ${h[i]}`);
  if (h[h.length - 1] !== after.status) out.push(`history ends with ${h[h.length - 1]} but status is ${after.status}`);
  if (["CONFIRMED", "SHIPPED", "DELIVERED"].includes(after.status) && (after.reservation !== "RESERVED" || after.payment.status !== "AUTHORIZED")) {
    out.push(`${after.status} without both halves: reservation ${after.reservation}, payment ${after.payment.status}`);
  }
  if ((after.status === "CANCELLED") !== (after.cancellationReason !== null)) out.push(`status ${after.status} with cancellationReason ${after.cancellationReason}`);
  if (before) {
    if (before.status === "CANCELLED" && (after.status !== "CANCELLED" || after.cancellationReason !== before.cancellationReason)) {
      out.push(`a cancelled order changed: ${before.cancellationReason} → ${after.status}/${after.cancellationReason}`);
    }
    if (JSON.stringify(after.history.slice(0, before.history.length)) !== JSON.stringify(before.history)) out.push("history was rewritten");
    if (after.version < before.version || (after !== before && JSON.stringify(after) !== JSON.stringify(before) && after.version <= before.version)) {
      out.push(`version did not grow with the change (${before.version} → ${after.version})`);
    }
    if (JSON.stringify([after.items, after.total]) !== JSON.stringify([before.items, before.total])) out.push("items or total changed after creation");
  }
  return out;
}

export const HAPPY_PATH: OrderInput[] = [
  { kind: "submit" },
  { kind: "event", event: { type: "InventoryReserved" } },
  { kind: "event", event: { type: "PaymentAuthorized", paymentId: "pay_1" } },
  { kind: "event", event: { type: "ShipmentDispatched", shipmentId: "shp_1" } },
  { kind: "event", event: { type: "ShipmentDelivered", shipmentId: "shp_1" } },
];

/**
 * Random noise, or the happy path's inputs scattered through the noise in a random order: without it, random
 * histories rarely get past PENDING and the CONFIRMED/SHIPPED/DELIVERED states would go untested.
 */
export const orderStory = (withHoldsCommitted: boolean, maxNoise: number): fc.Arbitrary<OrderInput[]> =>
  fc
    .tuple(fc.array(orderInput(withHoldsCommitted), { maxLength: maxNoise }), fc.array(fc.nat(), { minLength: HAPPY_PATH.length, maxLength: HAPPY_PATH.length }), fc.boolean())
    .map(([noise, positions, happy]) => {
      if (!happy) return noise;
      const out = [...noise];
      HAPPY_PATH.forEach((step, i) => out.splice(positions[i]! % (out.length + 1), 0, step));
      return out;
    });
