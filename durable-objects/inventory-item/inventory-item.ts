// The inventory item aggregate as pure functions: no env, no clock, no I/O (style.md, habit 2).
// Invariants: 0 <= reserved <= onHand, available = onHand - reserved; every hold ends exactly once.

export type HoldStatus = "HELD" | "COMMITTED" | "FULFILLED" | "RELEASED" | "EXPIRED" | "REJECTED";

export interface Hold {
  orderId: string;
  quantity: number;
  expiresAt: number;
  status: HoldStatus;
  /** For a REJECTED hold: what was available when it was refused (InventoryReservationFailed.data.available). */
  availableAtRejection: number | null;
}

export interface ItemState {
  productId: string;
  sellerId: string | null;
  onHand: number;
  reserved: number;
  reorderPoint: number;
  level: StockLevel;
  version: number;
}

/**
 * Availability as a level; an event fires on each change of level, never per order (no alert storms):
 * OUT at zero, LOW strictly below the reorder point, IN at or above it.
 */
export type StockLevel = "IN" | "LOW" | "OUT";

export function levelOf(availableUnits: number, reorderPoint: number): StockLevel {
  if (availableUnits <= 0) return "OUT";
  return availableUnits < reorderPoint ? "LOW" : "IN";
}

export type ItemEvent =
  | { type: "LowStockAlert"; available: number; reorderPoint: number }
  | { type: "InventoryReplenished"; available: number }
  | { type: "InventoryReservationExpired"; orderId: string; quantity: number };

export interface Movement {
  delta: number;
  reason: string;
  orderId: string | null;
}

/** What a command changes: the new state, holds written, a movement, and the events to publish. */
export interface Decision {
  state: ItemState;
  holds: Hold[];
  movements: Movement[];
  events: ItemEvent[];
}

export type Refusal = { ok: false; code: string; message: string; available?: number };

export const available = (s: ItemState): number => s.onHand - s.reserved;

function withCrossing(before: ItemState, after: ItemState, events: ItemEvent[]): Decision["state"] {
  const avail = available(after);
  const level = levelOf(avail, after.reorderPoint);
  if (level !== before.level) {
    if (level === "IN") events.push({ type: "InventoryReplenished", available: avail });
    else events.push({ type: "LowStockAlert", available: avail, reorderPoint: after.reorderPoint });
  }
  return { ...after, level, version: before.version + 1 };
}

function decision(before: ItemState, after: Omit<ItemState, "level" | "version">, holds: Hold[] = [], movements: Movement[] = [], extra: ItemEvent[] = []): Decision {
  const events = [...extra];
  const state = withCrossing(before, { ...before, ...after }, events);
  return { state, holds, movements, events };
}

export function initialize(productId: string, sellerId: string | null, initialStock: number, reorderPoint: number): Decision {
  // Starts as IN so that an item created below its reorder point announces it once.
  const empty: ItemState = { productId, sellerId, onHand: 0, reserved: 0, reorderPoint, level: "IN", version: 0 };
  const movements = initialStock > 0 ? [{ delta: initialStock, reason: "INITIAL_STOCK", orderId: null }] : [];
  return decision(empty, { ...empty, onHand: initialStock }, [], movements);
}

export type ReserveOutcome =
  | { status: "HELD" | "COMMITTED" | "FULFILLED"; quantity: number; expiresAt: number }
  | { status: "REJECTED"; quantity: number; available: number }
  | { status: "RELEASED" | "EXPIRED"; quantity: number };

/** Idempotent per orderId: a second call answers with the first call's outcome and changes nothing. */
export function reserve(s: ItemState, existing: Hold | null, orderId: string, quantity: number, now: number, ttlMs: number): { outcome: ReserveOutcome; decision: Decision | null } {
  if (existing) return { outcome: outcomeOf(existing), decision: null };
  const avail = available(s);
  if (quantity > avail) {
    const hold: Hold = { orderId, quantity, expiresAt: now, status: "REJECTED", availableAtRejection: avail };
    return { outcome: { status: "REJECTED", quantity, available: avail }, decision: { state: s, holds: [hold], movements: [], events: [] } };
  }
  const hold: Hold = { orderId, quantity, expiresAt: now + ttlMs, status: "HELD", availableAtRejection: null };
  return {
    outcome: { status: "HELD", quantity, expiresAt: hold.expiresAt },
    decision: decision(s, { ...s, reserved: s.reserved + quantity }, [hold]),
  };
}

export function outcomeOf(h: Hold): ReserveOutcome {
  if (h.status === "REJECTED") return { status: "REJECTED", quantity: h.quantity, available: h.availableAtRejection ?? 0 };
  if (h.status === "RELEASED" || h.status === "EXPIRED") return { status: h.status, quantity: h.quantity };
  return { status: h.status, quantity: h.quantity, expiresAt: h.expiresAt };
}

function expireHold(s: ItemState, h: Hold): Decision {
  return decision(s, { ...s, reserved: s.reserved - h.quantity }, [{ ...h, status: "EXPIRED" }], [], [
    { type: "InventoryReservationExpired", orderId: h.orderId, quantity: h.quantity },
  ]);
}

/**
 * Commit makes a hold permanent before the order confirms, so expiry can no longer take it. The object runs one
 * call at a time, so commit and expiry have exactly one winner: a hold past its time is expired here, not committed.
 */
export function commit(s: ItemState, h: Hold | null, now: number): { result: "COMMITTED" | Refusal; decision: Decision | null } {
  if (!h) return { result: { ok: false, code: "HOLD_NOT_FOUND", message: "no hold for this order" }, decision: null };
  if (h.status === "COMMITTED" || h.status === "FULFILLED") return { result: "COMMITTED", decision: null };
  if (h.status !== "HELD") return { result: { ok: false, code: `HOLD_${h.status}`, message: `the hold is ${h.status.toLowerCase()}` }, decision: null };
  if (now >= h.expiresAt) return { result: { ok: false, code: "HOLD_EXPIRED", message: "the hold expired" }, decision: expireHold(s, h) };
  return { result: "COMMITTED", decision: { state: { ...s, version: s.version + 1 }, holds: [{ ...h, status: "COMMITTED" }], movements: [], events: [] } };
}

/** Fulfil ships the stock: onHand -= q, reserved -= q. Only a live hold can be fulfilled; an expired one is refused. */
export function fulfil(s: ItemState, h: Hold | null, now: number): { result: "FULFILLED" | Refusal; decision: Decision | null } {
  if (!h) return { result: { ok: false, code: "HOLD_NOT_FOUND", message: "no hold for this order" }, decision: null };
  if (h.status === "FULFILLED") return { result: "FULFILLED", decision: null };
  if (h.status === "HELD" && now >= h.expiresAt) return { result: { ok: false, code: "HOLD_EXPIRED", message: "the hold expired" }, decision: expireHold(s, h) };
  if (h.status !== "HELD" && h.status !== "COMMITTED") return { result: { ok: false, code: `HOLD_${h.status}`, message: `the hold is ${h.status.toLowerCase()}` }, decision: null };
  return {
    result: "FULFILLED",
    decision: decision(s, { ...s, onHand: s.onHand - h.quantity, reserved: s.reserved - h.quantity }, [{ ...h, status: "FULFILLED" }], [
      { delta: -h.quantity, reason: "FULFILLED", orderId: h.orderId },
    ]),
  };
}

/**
 * Release gives a live hold back. Idempotent; an already ended hold is left as it is. A release that finds no hold
 * (the cancellation overtook the reservation: events arrive in any order) leaves a RELEASED marker of quantity 0,
 * so the late reservation is refused instead of holding stock that nobody would release again.
 */
export function release(s: ItemState, h: Hold | null, orderId: string, now: number): Decision | null {
  if (!h) return { state: s, holds: [{ orderId, quantity: 0, expiresAt: now, status: "RELEASED", availableAtRejection: null }], movements: [], events: [] };
  if (h.status !== "HELD" && h.status !== "COMMITTED") return null;
  return decision(s, { ...s, reserved: s.reserved - h.quantity }, [{ ...h, status: "RELEASED" }]);
}

/** Expires every live, uncommitted hold whose time has come. Running it twice changes nothing the second time. */
export function expireDue(s: ItemState, holds: Hold[], now: number): Decision | null {
  let state = s;
  const out: Decision = { state: s, holds: [], movements: [], events: [] };
  for (const h of holds) {
    if (h.status !== "HELD" || h.expiresAt > now) continue;
    const d = expireHold(state, h);
    state = d.state;
    out.holds.push(...d.holds);
    out.events.push(...d.events);
  }
  out.state = state;
  return out.holds.length ? out : null;
}

export function adjust(s: ItemState, delta: number, reason: string): Decision | Refusal {
  const onHand = s.onHand + delta;
  if (onHand < s.reserved || onHand < 0) {
    return { ok: false, code: "INVENTORY_NEGATIVE_STOCK", message: `onHand would fall below reserved (${s.reserved})`, available: available(s) };
  }
  return decision(s, { ...s, onHand }, [], [{ delta, reason, orderId: null }]);
}

export function setReorderPoint(s: ItemState, reorderPoint: number): Decision {
  return decision(s, { ...s, reorderPoint });
}
