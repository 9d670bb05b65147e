import { ok, reject, type Result } from "../kernel/result";

export type ShipmentStatus = "PENDING" | "IN_TRANSIT" | "DELIVERED" | "DELIVERY_FAILED";
export type ShipmentEventStatus = "IN_TRANSIT" | "DELIVERED" | "DELIVERY_FAILED";
export const MAX_DELIVERY_ATTEMPTS = 3;

export interface ShipmentState {
  status: ShipmentStatus;
  deliveryAttempts: number;
}

/**
 * The carrier's state machine (domain.md, Shipping): PENDING → IN_TRANSIT → DELIVERED; a failed delivery goes out
 * again (IN_TRANSIT) until the parcel has been out MAX_DELIVERY_ATTEMPTS times. Everything else is refused.
 */
export function decideTransition(state: ShipmentState, to: ShipmentEventStatus): Result<ShipmentState> {
  const refuse = (why: string) => reject("SHIPMENT_INVALID_TRANSITION", `cannot move a ${state.status} shipment to ${to}: ${why}`, "status");
  switch (to) {
    case "IN_TRANSIT":
      if (state.status === "PENDING") return ok({ status: "IN_TRANSIT", deliveryAttempts: 1 });
      if (state.status !== "DELIVERY_FAILED") return refuse("only a pending or failed delivery can go out");
      if (state.deliveryAttempts >= MAX_DELIVERY_ATTEMPTS) return refuse(`at most ${MAX_DELIVERY_ATTEMPTS} delivery attempts`);
      return ok({ status: "IN_TRANSIT", deliveryAttempts: state.deliveryAttempts + 1 });
    case "DELIVERED":
    case "DELIVERY_FAILED":
      if (state.status !== "IN_TRANSIT") return refuse("only a shipment in transit can be delivered or fail delivery");
      return ok({ status: to, deliveryAttempts: state.deliveryAttempts });
    default: {
      const never: never = to;
      return never;
    }
  }
}

const TRACKING_ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** A UPS-style tracking number: "1Z" + 16 random characters. Uniqueness is enforced by the table's unique index. */
export function newTrackingNumber(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let out = "1Z";
  for (const b of bytes) out += TRACKING_ALPHABET[b % TRACKING_ALPHABET.length];
  return out;
}

export const CARRIER = "UPS";
