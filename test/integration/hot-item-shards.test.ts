import { afterEach, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { createProduct } from "../support/mothers";
import { sellerAccount } from "../support/accounts";
import { anItem, dropAlarm, itemSql, testCause } from "../support/items";
import { auditStock } from "../../workers/inventory/audit";
import { shardName } from "../../durable-objects/inventory-item/shards";

// Hot items beyond one object (contract §5): an item's stock spread over shard objects behaves as one item.

type Stub = Awaited<ReturnType<typeof anItem>>["stub"];
const shardStub = (productId: string, k: number): Stub => env.INVENTORY_ITEM.get(env.INVENTORY_ITEM.idFromName(shardName(productId, k)));
const armed: Stub[] = [];
afterEach(async () => {
  await Promise.all(armed.splice(0).map(dropAlarm));
});

async function shardedItem(onHand: number, shards: number, reorderPoint = 0) {
  const it = await anItem(onHand, reorderPoint);
  const r = await it.stub.setShards(shards, testCause());
  if (!r.ok) throw new Error(r.code);
  for (let k = 0; k < Math.max(shards, 8); k++) armed.push(shardStub(it.productId, k));
  return it;
}

async function shardLevels(productId: string, span: number) {
  return Promise.all(Array.from({ length: span }, (_, k) => shardStub(productId, k).shardLevels()));
}

describe("hot item shards: reservations", () => {
  it("5,000 concurrent reservations against 1,000 units over 8 shards: exactly 1,000 holds, none oversold", async () => {
    const { productId, stub } = await shardedItem(1000, 8);
    const spread = await shardLevels(productId, 8);
    expect(spread.map((l) => l!.onHand)).toEqual(Array(8).fill(125));
    const cause = testCause();
    const outcomes = await Promise.all(Array.from({ length: 5000 }, (_, i) => stub.reserve(`ord_hot_${i}`, 1, 900, cause)));
    expect(outcomes.filter((o) => o.status === "HELD")).toHaveLength(1000);
    expect(outcomes.filter((o) => o.status === "REJECTED")).toHaveLength(4000);
    expect(await stub.snapshot()).toMatchObject({ onHand: 1000, reserved: 1000, available: 0, level: "OUT" });
    for (const l of await shardLevels(productId, 8)) expect(l!.reserved).toBeLessThanOrEqual(l!.onHand);
    const ledger = (await stub.ledger())!;
    expect(auditStock(ledger, []).discrepancies.filter((d) => d.code !== "CONFIRMED_NOT_FULFILLED_ONCE")).toEqual([]);
    expect(ledger.ledger).toMatchObject({ initial: 1000, adjustments: 0, fulfilled: 0, activeHolds: 1000 });
    // 5,000 calls through the coordinator to its shards, all in one local thread: slower than the default timeout.
  }, 150_000);

  it("a reservation larger than its shard's stock borrows from the siblings; the whole item decides", async () => {
    const { productId, stub } = await shardedItem(10, 4);
    const cause = testCause();
    const big = await stub.reserve("ord_big", 9, 900, cause);
    expect(big.status).toBe("HELD");
    expect(await stub.snapshot()).toMatchObject({ onHand: 10, reserved: 9, available: 1 });
    expect(await stub.reserve("ord_more", 2, 900, cause)).toMatchObject({ status: "REJECTED", available: 1 });
    // The retried reservation answers the first outcome; commit and fulfil find the hold on its shard.
    expect(await stub.reserve("ord_big", 9, 900, cause)).toEqual(big);
    expect(await stub.commit("ord_big", cause)).toEqual({ ok: true });
    expect(await stub.fulfil("ord_big", cause)).toEqual({ ok: true });
    expect(await stub.snapshot()).toMatchObject({ onHand: 1, reserved: 0, available: 1 });
    const all = await shardLevels(productId, 4);
    expect(all.reduce((n, l) => n + l!.onHand, 0)).toBe(1);
  });

  it("release gives a hold back wherever it is; a release before the reservation refuses the late one", async () => {
    const { stub } = await shardedItem(6, 3);
    const cause = testCause();
    expect((await stub.reserve("ord_a", 4, 900, cause)).status).toBe("HELD");
    expect(await stub.release("ord_a", cause)).toEqual({ ok: true, released: true });
    expect(await stub.release("ord_late", cause)).toEqual({ ok: true, released: false });
    expect((await stub.reserve("ord_late", 1, 900, cause)).status).toBe("RELEASED");
    expect(await stub.snapshot()).toMatchObject({ onHand: 6, reserved: 0, available: 6 });
  });

  it("low-stock edges are the whole item's: one alert when the total falls below the reorder point, none from shards", async () => {
    const { productId, stub } = await shardedItem(10, 4, 5);
    const cause = testCause();
    for (let i = 0; i < 6; i++) expect((await stub.reserve(`ord_low_${i}`, 1, 900, cause)).status).toBe("HELD");
    const levelEvents = (k: number) => itemSql<{ t: string; a: number }>(shardStub(productId, k), `SELECT DISTINCT event_id, event_type AS t, json_extract(body, '$.data.available') AS a FROM outbox WHERE event_type IN ('LowStockAlert', 'InventoryReplenished')`);
    expect((await levelEvents(0)).map((e) => [e.t, e.a])).toEqual([["LowStockAlert", 4]]);
    for (const k of [1, 2, 3]) expect(await levelEvents(k)).toEqual([]);
    expect(await stub.snapshot()).toMatchObject({ available: 4, level: "LOW" });
  });
});

describe("hot item shards: resharding under load", () => {
  it("1 → 8 → 3 while reservations keep arriving: every unit is conserved and the ledger stays consistent", async () => {
    const { productId, stub } = await shardedItem(300, 1);
    const cause = testCause();
    const reservations = Array.from({ length: 400 }, (_, i) => stub.reserve(`ord_rs_${i}`, 1 + (i % 2), 900, cause));
    const reshards = (async () => {
      expect((await stub.setShards(8, cause)).ok).toBe(true);
      expect((await stub.setShards(3, cause)).ok).toBe(true);
    })();
    const [outcomes] = await Promise.all([Promise.all(reservations), reshards]);
    const held = outcomes.filter((o) => o.status === "HELD").reduce((n, o) => n + o.quantity, 0);
    const levels = (await stub.snapshot())!;
    expect(levels).toMatchObject({ onHand: 300, reserved: held });
    expect(levels.available).toBe(300 - held);
    // Release half, fulfil the rest: the units still add up across all eight objects.
    const heldIds = outcomes.map((o, i) => ({ o, id: `ord_rs_${i}` })).filter((x) => x.o.status === "HELD");
    await Promise.all(heldIds.map((x, i) => (i % 2 ? stub.release(x.id, cause) : stub.fulfil(x.id, cause))));
    const shipped = heldIds.filter((_, i) => i % 2 === 0).reduce((n, x) => n + x.o.quantity, 0);
    expect(await stub.snapshot()).toMatchObject({ onHand: 300 - shipped, reserved: 0 });
    const all = await shardLevels(productId, 8);
    expect(all.reduce((n, l) => n + l!.onHand, 0)).toBe(300 - shipped);
    const ledger = (await stub.ledger())!;
    expect(ledger.ledger).toMatchObject({ initial: 300, adjustments: 0, fulfilled: shipped, activeHolds: 0 });
    expect(ledger.levels).toMatchObject({ onHand: 300 - shipped, reserved: 0 });
    // After 1 → 8 → 3 the free stock sits on the first three shards only.
    expect(all.slice(3).every((l) => l!.available === 0)).toBe(true);
  });
});

describe("PUT /inventory/{productId}/shards", () => {
  it("answers the whole item's levels with the shard count; bad input is a 400 that changes nothing; others' items are 404", async () => {
    const seller = await sellerAccount();
    const p = await createProduct({ initialStock: 12, reorderPoint: 2 }, seller.token);
    const put = (body: unknown, token = seller.token) => api("PUT", v1(`/inventory/${p.id}/shards`), { token, body });
    const ok = await put({ shards: 4 });
    expect(ok.status).toBe(200);
    expect(ok.data).toEqual({ productId: p.id, onHand: 12, reserved: 0, available: 12, reorderPoint: 2, shards: 4 });
    for (let k = 0; k < 4; k++) armed.push(shardStub(p.id, k));
    for (const bad of [{ shards: 0 }, { shards: 33 }, { shards: 1.5 }, { shards: "4" }, {}, { shards: 4, extra: true }]) {
      const res = await put(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.errors?.[0]?.code).toBe("VALIDATION_FAILED");
    }
    expect((await shardStub(p.id, 0).shardLevels())!.onHand).toBe(3);
    const other = await sellerAccount();
    expect((await put({ shards: 2 }, other.token)).status).toBe(404);
    expect((await api("PUT", v1(`/inventory/prd_00000000000000000000000000/shards`), { token: (await adminToken()).token, body: { shards: 2 } })).status).toBe(404);
    const levels = await api("GET", v1(`/inventory/${p.id}`), { token: seller.token });
    expect(levels.data).toMatchObject({ onHand: 12, available: 12 });
  });
});
