import fc from "fast-check";
import type { HoldStatus } from "../../durable-objects/inventory-item/inventory-item";

// A model of one inventory item, written from domain.md, not from the decider: the property tests compare the
// decider and the real object against it. A small pool of order ids makes duplicates and replays frequent.

export type InventoryOp =
  | { kind: "reserve"; order: string; quantity: number }
  | { kind: "release"; order: string }
  | { kind: "commit"; order: string }
  | { kind: "fulfil"; order: string }
  | { kind: "adjust"; delta: number }
  | { kind: "setReorderPoint"; reorderPoint: number }
  /** The hold's deadline passes and the alarm runs (for an order without a live hold: an alarm with nothing due). */
  | { kind: "expire"; order: string }
  /** The deadline has passed but the commit/fulfil arrives before the alarm. */
  | { kind: "lateCommit"; order: string }
  | { kind: "lateFulfil"; order: string };

export const ORDER_POOL = ["ord_A", "ord_B", "ord_C", "ord_D", "ord_E", "ord_F"] as const;

const order = fc.constantFrom(...ORDER_POOL);
export const inventoryOp: fc.Arbitrary<InventoryOp> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("reserve" as const), order, quantity: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("release" as const), order }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("commit" as const), order }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("fulfil" as const), order }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("adjust" as const), delta: fc.integer({ min: -12, max: 12 }).filter((d) => d !== 0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("setReorderPoint" as const), reorderPoint: fc.integer({ min: 0, max: 10 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("expire" as const), order }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("lateCommit" as const), order }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("lateFulfil" as const), order }) },
);

export type Level = "IN" | "LOW" | "OUT";

/** What both the model and the system under test expose after each step. */
export interface Observation {
  onHand: number;
  reserved: number;
  available: number;
  reorderPoint: number;
  level: Level;
  holds: Record<string, { quantity: number; status: HoldStatus }>;
  /** Distinct events published so far, by type; expiries by order id (each hold expires at most once). */
  lowStockAlerts: number;
  replenishments: number;
  expiries: Record<string, number>;
}

const LIVE: ReadonlySet<HoldStatus> = new Set(["HELD", "COMMITTED"]);
const levelOf = (available: number, reorderPoint: number): Level => (available <= 0 ? "OUT" : available < reorderPoint ? "LOW" : "IN");

export class InventoryModel {
  onHand: number;
  reserved = 0;
  reorderPoint: number;
  level: Level = "IN";
  holds = new Map<string, { quantity: number; status: HoldStatus }>();
  lowStockAlerts = 0;
  replenishments = 0;
  expiries: Record<string, number> = {};

  constructor(initialStock: number, reorderPoint: number) {
    this.onHand = initialStock;
    this.reorderPoint = reorderPoint;
    this.crossing();
  }

  clone(): InventoryModel {
    const m = Object.assign(Object.create(InventoryModel.prototype) as InventoryModel, this);
    m.holds = new Map([...this.holds].map(([k, v]) => [k, { ...v }]));
    m.expiries = { ...this.expiries };
    return m;
  }

  get available(): number {
    return this.onHand - this.reserved;
  }

  /** Low stock is an edge, not a level: one event per change of level. */
  private crossing(): void {
    const next = levelOf(this.available, this.reorderPoint);
    if (next !== this.level) {
      if (next === "IN") this.replenishments++;
      else this.lowStockAlerts++;
      this.level = next;
    }
  }

  private end(orderId: string, status: HoldStatus): void {
    const h = this.holds.get(orderId)!;
    this.reserved -= h.quantity;
    if (status === "FULFILLED") this.onHand -= h.quantity;
    if (status === "EXPIRED") this.expiries[orderId] = (this.expiries[orderId] ?? 0) + 1;
    this.holds.set(orderId, { ...h, status });
    this.crossing();
  }

  /** Applies an operation and returns the outcome the system must answer with. */
  apply(op: InventoryOp): string {
    switch (op.kind) {
      case "reserve": {
        const h = this.holds.get(op.order);
        if (h) return h.status;
        const status: HoldStatus = op.quantity > this.available ? "REJECTED" : "HELD";
        this.holds.set(op.order, { quantity: op.quantity, status });
        if (status === "HELD") this.reserved += op.quantity;
        this.crossing();
        return status;
      }
      case "release": {
        const h = this.holds.get(op.order);
        // A release before any reservation (a cancellation that overtook the submit) bars a later reservation.
        if (!h) this.holds.set(op.order, { quantity: 0, status: "RELEASED" });
        if (!h || !LIVE.has(h.status)) return "noop";
        this.end(op.order, "RELEASED");
        return "released";
      }
      case "commit":
      case "lateCommit": {
        const h = this.holds.get(op.order);
        if (!h) return "HOLD_NOT_FOUND";
        if (h.status === "COMMITTED" || h.status === "FULFILLED") return "ok";
        if (h.status !== "HELD") return `HOLD_${h.status}`;
        if (op.kind === "lateCommit") {
          this.end(op.order, "EXPIRED");
          return "HOLD_EXPIRED";
        }
        this.holds.set(op.order, { ...h, status: "COMMITTED" });
        return "ok";
      }
      case "fulfil":
      case "lateFulfil": {
        const h = this.holds.get(op.order);
        if (!h) return "HOLD_NOT_FOUND";
        if (h.status === "FULFILLED") return "ok";
        if (!LIVE.has(h.status)) return `HOLD_${h.status}`;
        // A committed hold can no longer expire; only an uncommitted one loses the race to its deadline.
        if (op.kind === "lateFulfil" && h.status === "HELD") {
          this.end(op.order, "EXPIRED");
          return "HOLD_EXPIRED";
        }
        this.end(op.order, "FULFILLED");
        return "ok";
      }
      case "expire": {
        const h = this.holds.get(op.order);
        if (h?.status === "HELD") this.end(op.order, "EXPIRED");
        return "noop";
      }
      case "adjust": {
        if (this.onHand + op.delta < this.reserved) return "INVENTORY_NEGATIVE_STOCK";
        this.onHand += op.delta;
        this.crossing();
        return "ok";
      }
      case "setReorderPoint": {
        this.reorderPoint = op.reorderPoint;
        this.crossing();
        return "ok";
      }
    }
  }

  observe(): Observation {
    return {
      onHand: this.onHand, reserved: this.reserved, available: this.available, reorderPoint: this.reorderPoint, level: this.level,
      holds: Object.fromEntries([...this.holds].map(([k, v]) => [k, { ...v }])),
      lowStockAlerts: this.lowStockAlerts, replenishments: this.replenishments, expiries: { ...this.expiries },
    };
  }
}

/** The invariants that hold whatever the history (domain.md, Inventory). */
export function invariantViolations(o: Observation): string[] {
  const out: string[] = [];
  if (!(o.onHand >= o.reserved && o.reserved >= 0)) out.push(`onHand ${o.onHand} >= reserved ${o.reserved} >= 0 broken`);
  if (o.available !== o.onHand - o.reserved) out.push(`available ${o.available} != onHand - reserved`);
  const live = Object.values(o.holds).filter((h) => LIVE.has(h.status)).reduce((a, h) => a + h.quantity, 0);
  if (live !== o.reserved) out.push(`reserved ${o.reserved} != sum of live holds ${live}`);
  for (const [orderId, n] of Object.entries(o.expiries)) if (n > 1) out.push(`hold ${orderId} expired ${n} times`);
  return out;
}

/** Terminal hold states never change: checks a new observation against the terminal states seen before. */
export function terminalChanges(seen: Map<string, HoldStatus>, o: Observation): string[] {
  const out: string[] = [];
  for (const [orderId, h] of Object.entries(o.holds)) {
    const before = seen.get(orderId);
    if (before && before !== h.status) out.push(`hold ${orderId} ended as ${before}, now ${h.status}`);
    if (!LIVE.has(h.status)) seen.set(orderId, h.status);
  }
  return out;
}
