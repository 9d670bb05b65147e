import { describe, expect, it } from "vitest";
import * as item from "../../durable-objects/inventory-item/inventory-item";
import type { Decision, Hold, ItemState } from "../../durable-objects/inventory-item/inventory-item";

// Given/when/then over the pure decider: no storage, no clock (time is passed in), no I/O.
const NOW = 1_700_000_000_000;
const TTL = 900_000;

function given(overrides: Partial<ItemState> = {}): ItemState {
  const s: ItemState = { productId: "prd_TEST", sellerId: null, onHand: 50, reserved: 0, reorderPoint: 10, level: "IN", version: 3, ...overrides };
  return { ...s, level: overrides.level ?? item.levelOf(s.onHand - s.reserved, s.reorderPoint) };
}

const held = (orderId: string, quantity: number, expiresAt = NOW + TTL): Hold => ({ orderId, quantity, expiresAt, status: "HELD", availableAtRejection: null });

function decided(d: Decision | item.Refusal | null): Decision {
  if (d === null || "ok" in d) throw new Error(`expected a decision, got ${JSON.stringify(d)}`);
  return d;
}

describe("inventory item decider: initialize", () => {
  it("starts with the initial stock, logs it as a movement and raises no alert at or above the reorder point", () => {
    const d = item.initialize("prd_A", "sel_A", 20, 5);
    expect(d.state).toMatchObject({ onHand: 20, reserved: 0, reorderPoint: 5, level: "IN", version: 1 });
    expect(d.movements).toEqual([{ delta: 20, reason: "INITIAL_STOCK", orderId: null }]);
    expect(d.events).toEqual([]);
  });

  it("announces an item created below its reorder point once with LowStockAlert", () => {
    const d = item.initialize("prd_A", null, 3, 5);
    expect(d.state.level).toBe("LOW");
    expect(d.events).toEqual([{ type: "LowStockAlert", available: 3, reorderPoint: 5 }]);
  });

  it("announces an item created with no stock as out of stock", () => {
    const d = item.initialize("prd_A", null, 0, 5);
    expect(d.state.level).toBe("OUT");
    expect(d.movements).toEqual([]);
    expect(d.events).toEqual([{ type: "LowStockAlert", available: 0, reorderPoint: 5 }]);
  });
});

describe("inventory item decider: reserve", () => {
  it("holds the quantity until now + ttl and raises reserved", () => {
    const { outcome, decision } = item.reserve(given(), null, "ord_1", 4, NOW, TTL);
    expect(outcome).toEqual({ status: "HELD", quantity: 4, expiresAt: NOW + TTL });
    expect(decision?.state).toMatchObject({ onHand: 50, reserved: 4, version: 4 });
    expect(decision?.holds).toEqual([held("ord_1", 4)]);
    expect(decision?.events).toEqual([]);
  });

  it("is idempotent per order: a second reserve answers the first outcome and changes nothing", () => {
    const first = item.reserve(given(), null, "ord_1", 4, NOW, TTL);
    const after = first.decision!.state;
    const again = item.reserve(after, first.decision!.holds[0]!, "ord_1", 4, NOW + 1000, TTL);
    expect(again.decision).toBeNull();
    expect(again.outcome).toEqual(first.outcome);
  });

  it("rejects a reservation larger than what is available, records the refusal and changes no stock", () => {
    const s = given({ onHand: 5, reserved: 3 });
    const { outcome, decision } = item.reserve(s, null, "ord_2", 3, NOW, TTL);
    expect(outcome).toEqual({ status: "REJECTED", quantity: 3, available: 2 });
    expect(decision?.state).toEqual(s);
    expect(decision?.holds[0]).toMatchObject({ status: "REJECTED", availableAtRejection: 2 });
    expect(decision?.events).toEqual([]);
  });

  it("answers a replayed rejected order with the same refusal", () => {
    const rejected: Hold = { orderId: "ord_2", quantity: 3, expiresAt: NOW, status: "REJECTED", availableAtRejection: 2 };
    const { outcome, decision } = item.reserve(given({ onHand: 100 }), rejected, "ord_2", 3, NOW, TTL);
    expect(decision).toBeNull();
    expect(outcome).toEqual({ status: "REJECTED", quantity: 3, available: 2 });
  });

  it("can take the last unit (available exactly equal to the quantity)", () => {
    const { outcome, decision } = item.reserve(given({ onHand: 5, reserved: 2 }), null, "ord_3", 3, NOW, TTL);
    expect(outcome.status).toBe("HELD");
    expect(item.available(decision!.state)).toBe(0);
  });
});

describe("inventory item decider: commit versus expiry", () => {
  it("commits a live hold so that expiry can no longer take it", () => {
    const s = given({ reserved: 4 });
    const { result, decision } = item.commit(s, held("ord_1", 4), NOW + TTL - 1);
    expect(result).toBe("COMMITTED");
    expect(decision?.holds[0]?.status).toBe("COMMITTED");
    expect(decision?.state.reserved).toBe(4);
    expect(item.expireDue(decision!.state, decision!.holds, NOW + TTL * 10)).toBeNull();
  });

  it("refuses to commit a hold past its time and expires it instead, once", () => {
    const s = given({ reserved: 4 });
    const { result, decision } = item.commit(s, held("ord_1", 4), NOW + TTL);
    expect(result).toMatchObject({ ok: false, code: "HOLD_EXPIRED" });
    expect(decision?.state.reserved).toBe(0);
    expect(decision?.holds[0]?.status).toBe("EXPIRED");
    expect(decision?.events).toEqual([{ type: "InventoryReservationExpired", orderId: "ord_1", quantity: 4 }]);
  });

  it("is idempotent: committing a committed hold answers COMMITTED with no change", () => {
    const h: Hold = { ...held("ord_1", 4), status: "COMMITTED" };
    expect(item.commit(given({ reserved: 4 }), h, NOW + TTL * 2)).toEqual({ result: "COMMITTED", decision: null });
  });

  it("refuses to commit a released hold or an unknown order", () => {
    const released: Hold = { ...held("ord_1", 4), status: "RELEASED" };
    expect(item.commit(given(), released, NOW).result).toMatchObject({ ok: false, code: "HOLD_RELEASED" });
    expect(item.commit(given(), null, NOW).result).toMatchObject({ ok: false, code: "HOLD_NOT_FOUND" });
  });
});

describe("inventory item decider: fulfil", () => {
  it("ships a committed hold: onHand and reserved both drop, with a movement", () => {
    const h: Hold = { ...held("ord_1", 4), status: "COMMITTED" };
    const { result, decision } = item.fulfil(given({ reserved: 4 }), h, NOW + TTL * 2);
    expect(result).toBe("FULFILLED");
    expect(decision?.state).toMatchObject({ onHand: 46, reserved: 0 });
    expect(decision?.movements).toEqual([{ delta: -4, reason: "FULFILLED", orderId: "ord_1" }]);
  });

  it("is idempotent: a fulfilled hold is not shipped twice", () => {
    const h: Hold = { ...held("ord_1", 4), status: "FULFILLED" };
    expect(item.fulfil(given(), h, NOW)).toEqual({ result: "FULFILLED", decision: null });
  });

  it("refuses to fulfil an expired hold", () => {
    const h: Hold = { ...held("ord_1", 4), status: "EXPIRED" };
    expect(item.fulfil(given(), h, NOW)).toEqual({ result: { ok: false, code: "HOLD_EXPIRED", message: "the hold is expired" }, decision: null });
  });

  it("refuses to fulfil a held hold past its time and expires it", () => {
    const { result, decision } = item.fulfil(given({ reserved: 4 }), held("ord_1", 4), NOW + TTL);
    expect(result).toMatchObject({ ok: false, code: "HOLD_EXPIRED" });
    expect(decision?.state).toMatchObject({ onHand: 50, reserved: 0 });
    expect(decision?.events.map((e) => e.type)).toEqual(["InventoryReservationExpired"]);
  });
});

describe("inventory item decider: release", () => {
  it("gives a live hold back to available", () => {
    const d = item.release(given({ reserved: 4 }), held("ord_1", 4), "ord_1", NOW);
    expect(d?.state).toMatchObject({ onHand: 50, reserved: 0 });
    expect(d?.holds[0]?.status).toBe("RELEASED");
  });

  it("is idempotent: releasing a released, expired, fulfilled or rejected hold changes nothing", () => {
    for (const status of ["RELEASED", "EXPIRED", "FULFILLED", "REJECTED"] as const) {
      expect(item.release(given(), { ...held("ord_1", 4), status }, "ord_1", NOW)).toBeNull();
    }
  });

  it("leaves a RELEASED marker for an order it never held, so a reservation arriving after the cancellation is refused", () => {
    const d = item.release(given(), null, "ord_late", NOW)!;
    expect(d.state).toEqual(given());
    expect(d.holds).toEqual([{ orderId: "ord_late", quantity: 0, expiresAt: NOW, status: "RELEASED", availableAtRejection: null }]);
    const marker = d.holds[0]!;
    const late = item.reserve(d.state, marker, "ord_late", 2, NOW, 60_000);
    expect(late.outcome.status).toBe("RELEASED");
    expect(late.decision).toBeNull();
  });
});

describe("inventory item decider: expireDue", () => {
  it("expires only the due, uncommitted holds and publishes one InventoryReservationExpired each", () => {
    const s = given({ reserved: 6 });
    const holds = [held("ord_due", 2, NOW - 1), held("ord_later", 3, NOW + 60_000), { ...held("ord_committed", 1, NOW - 1), status: "COMMITTED" as const }];
    const d = item.expireDue(s, holds, NOW);
    expect(d?.state.reserved).toBe(4);
    expect(d?.holds).toEqual([{ ...holds[0], status: "EXPIRED" }]);
    expect(d?.events).toEqual([{ type: "InventoryReservationExpired", orderId: "ord_due", quantity: 2 }]);
  });

  it("expires once: running it again over the stored result finds nothing", () => {
    const d = item.expireDue(given({ reserved: 2 }), [held("ord_due", 2, NOW - 1)], NOW);
    expect(item.expireDue(d!.state, d!.holds, NOW + 1)).toBeNull();
  });
});

describe("inventory item decider: adjust", () => {
  it("adds received stock with a movement carrying the reason", () => {
    const d = decided(item.adjust(given(), 25, "RECEIVED"));
    expect(d.state.onHand).toBe(75);
    expect(d.movements).toEqual([{ delta: 25, reason: "RECEIVED", orderId: null }]);
  });

  it("refuses INVENTORY_NEGATIVE_STOCK when onHand would fall below reserved", () => {
    const r = item.adjust(given({ onHand: 10, reserved: 8 }), -3, "SHRINKAGE");
    expect(r).toMatchObject({ ok: false, code: "INVENTORY_NEGATIVE_STOCK", available: 2 });
  });

  it("refuses INVENTORY_NEGATIVE_STOCK when onHand would go below zero", () => {
    expect(item.adjust(given({ onHand: 2, reserved: 0 }), -3, "SHRINKAGE")).toMatchObject({ ok: false, code: "INVENTORY_NEGATIVE_STOCK" });
  });

  it("allows taking onHand down to exactly reserved", () => {
    const d = decided(item.adjust(given({ onHand: 10, reserved: 8 }), -2, "SHRINKAGE"));
    expect(item.available(d.state)).toBe(0);
  });
});

describe("inventory item decider: level crossings", () => {
  it("raises LowStockAlert once when available drops strictly below the reorder point, then stays quiet inside LOW", () => {
    const atPoint = given({ onHand: 10, reorderPoint: 10 });
    expect(atPoint.level).toBe("IN");
    const first = item.reserve(atPoint, null, "ord_1", 1, NOW, TTL).decision!;
    expect(first.events).toEqual([{ type: "LowStockAlert", available: 9, reorderPoint: 10 }]);
    const second = item.reserve(first.state, null, "ord_2", 1, NOW, TTL).decision!;
    expect(second.state.level).toBe("LOW");
    expect(second.events).toEqual([]);
  });

  it("raises one alert when available reaches zero (LOW to OUT)", () => {
    const low = given({ onHand: 3, reorderPoint: 10 });
    const d = item.reserve(low, null, "ord_1", 3, NOW, TTL).decision!;
    expect(d.state.level).toBe("OUT");
    expect(d.events).toEqual([{ type: "LowStockAlert", available: 0, reorderPoint: 10 }]);
  });

  it("raises InventoryReplenished once when available climbs back to the reorder point", () => {
    const out = given({ onHand: 4, reserved: 4, reorderPoint: 10 });
    const d = decided(item.adjust(out, 2, "RECEIVED"));
    expect(item.available(d.state)).toBe(2);
    expect(d.events).toEqual([{ type: "LowStockAlert", available: 2, reorderPoint: 10 }]);
    const back = decided(item.adjust(d.state, 8, "RECEIVED"));
    expect(back.events).toEqual([{ type: "InventoryReplenished", available: 10 }]);
    expect(decided(item.adjust(back.state, 5, "RECEIVED")).events).toEqual([]);
  });

  it("treats an expiry and a release as stock coming back (one Replenished per crossing)", () => {
    const low = given({ onHand: 12, reserved: 5, reorderPoint: 10 });
    expect(low.level).toBe("LOW");
    const d = item.expireDue(low, [held("ord_1", 5, NOW - 1)], NOW)!;
    expect(d.events).toEqual([{ type: "InventoryReservationExpired", orderId: "ord_1", quantity: 5 }, { type: "InventoryReplenished", available: 12 }]);
    const r = item.release(low, held("ord_1", 5), "ord_1", NOW)!;
    expect(r.events).toEqual([{ type: "InventoryReplenished", available: 12 }]);
  });

  it("moving the reorder point above the available stock is a crossing too", () => {
    const d = item.setReorderPoint(given({ onHand: 20 }), 30);
    expect(d.events).toEqual([{ type: "LowStockAlert", available: 20, reorderPoint: 30 }]);
    expect(item.setReorderPoint(d.state, 15).events).toEqual([{ type: "InventoryReplenished", available: 20 }]);
  });

  it("never lets available go negative through any command sequence", () => {
    let s = given({ onHand: 3, reorderPoint: 2 });
    const holds = new Map<string, Hold>();
    for (let i = 0; i < 10; i++) {
      const orderId = `ord_${i}`;
      const { decision } = item.reserve(s, null, orderId, 1, NOW, TTL);
      if (decision) {
        s = decision.state;
        for (const h of decision.holds) holds.set(h.orderId, h);
      }
      expect(item.available(s)).toBeGreaterThanOrEqual(0);
    }
    expect([...holds.values()].filter((h) => h.status === "HELD")).toHaveLength(3);
    expect(s).toMatchObject({ onHand: 3, reserved: 3, level: "OUT" });
  });
});
