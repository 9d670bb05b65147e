import { afterEach, describe, expect, it } from "vitest";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { alarmAt, anItem, dropAlarm, itemSql, testCause } from "../support/items";
import { eventually, settle } from "../support/settle";
import { itemStub } from "../../workers/inventory/stub";
import type { InventoryItemObject } from "../../durable-objects/inventory-item/inventory-item-object";

const armed: ReturnType<typeof itemStub>[] = [];
afterEach(async () => {
  await Promise.all(armed.splice(0).map(dropAlarm));
});

async function item(onHand: number, reorderPoint = 0) {
  const it = await anItem(onHand, reorderPoint);
  armed.push(it.stub);
  return it;
}

async function expiredEventsOf(orderId: string) {
  const { token } = await adminToken();
  const res = await api("GET", v1(`/admin/events?orderId=${orderId}&type=InventoryReservationExpired`), { token });
  expect(res.status).toBe(200);
  return res.data as { eventType: string; data: { orderId: string; productId: string; quantity: number } }[];
}

describe("inventory item object: concurrent reservations", () => {
  it("200 concurrent reservations of 1 against stock 50: exactly 50 succeed, available 0, reserved 50, never negative", async () => {
    const { stub } = await item(50, 10);
    const cause = testCause();
    const observed: number[] = [];
    const calls = Array.from({ length: 200 }, (_, i) =>
      i % 10 === 0
        ? stub.snapshot().then((s) => { observed.push(s!.available); return null; })
        : stub.reserve(`ord_race_${i}`, 1, 900, cause),
    );
    // Readers interleaved with the writers: every level seen mid-race must be within bounds.
    const outcomes = (await Promise.all(calls)).filter((o) => o !== null);
    expect(outcomes).toHaveLength(180);
    expect(outcomes.filter((o) => o.status === "HELD")).toHaveLength(50);
    expect(outcomes.filter((o) => o.status === "REJECTED")).toHaveLength(130);
    expect(observed.every((a) => a >= 0 && a <= 50)).toBe(true);

    const levels = await stub.snapshot();
    expect(levels).toMatchObject({ onHand: 50, reserved: 50, available: 0, level: "OUT" });
    const report = await stub.report();
    expect(report.holds).toEqual({ HELD: 50, REJECTED: 130 });
  });

  it("answers a retried reservation with the first outcome, whatever the stock is now", async () => {
    const { stub } = await item(2);
    const cause = testCause();
    const first = await stub.reserve("ord_retry", 2, 900, cause);
    expect(first.status).toBe("HELD");
    const [again, other] = await Promise.all([stub.reserve("ord_retry", 2, 900, cause), stub.reserve("ord_other", 1, 900, cause)]);
    expect(again).toEqual(first);
    expect(other).toMatchObject({ status: "REJECTED", available: 0 });
    expect(await stub.snapshot()).toMatchObject({ reserved: 2, available: 0 });
  });
});

describe("inventory item object: hold expiry", () => {
  it("arms its alarm at the earliest hold expiry", async () => {
    const { stub } = await item(10);
    const late = await stub.reserve("ord_late", 1, 900, testCause());
    const soon = await stub.reserve("ord_soon", 1, 600, testCause());
    expect(late.status === "HELD" && soon.status === "HELD").toBe(true);
    expect(await alarmAt(stub)).toBe("expiresAt" in soon ? soon.expiresAt : -1);
  });

  it("releases an expired hold once through the alarm and publishes InventoryReservationExpired to the event log", async () => {
    const { stub, productId } = await item(10, 2);
    const orderId = `ord_exp_${crypto.randomUUID().slice(0, 8)}`;
    expect((await stub.reserve(orderId, 3, 900, testCause())).status).toBe("HELD");
    expect(await stub.snapshot()).toMatchObject({ reserved: 3, available: 7 });

    // Time passes: the hold's expiry moves into the past; the alarm is still set for later, so it cannot fire alone.
    await itemSql(stub, "UPDATE holds SET expires_at = ? WHERE order_id = ?", Date.now() - 1, orderId);
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    expect(await stub.snapshot()).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
    expect((await stub.holdOf(orderId))?.status).toBe("EXPIRED");
    await settle();
    const events = await expiredEventsOf(orderId);
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toEqual({ orderId, productId, quantity: 3 });

    // At-least-once alarms: running the handler again releases nothing and publishes nothing.
    await runInDurableObject(stub, (instance: InventoryItemObject) => instance.alarm());
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    expect(await stub.snapshot()).toMatchObject({ reserved: 0, available: 10 });
    await settle();
    expect(await expiredEventsOf(orderId)).toHaveLength(1);

    // An expired hold can no longer be fulfilled, committed or revived by a replayed reserve.
    expect(await stub.fulfil(orderId, testCause())).toEqual({ ok: false, code: "HOLD_EXPIRED" });
    expect(await stub.commit(orderId, testCause())).toEqual({ ok: false, code: "HOLD_EXPIRED" });
    expect(await stub.reserve(orderId, 3, 900, testCause())).toEqual({ status: "EXPIRED", quantity: 3 });
    expect(await stub.snapshot()).toMatchObject({ onHand: 10, reserved: 0 });
  });

  it("lets the real alarm fire on its own after a short ttl", async () => {
    const { stub } = await item(5);
    expect((await stub.reserve("ord_short", 2, 1, testCause())).status).toBe("HELD");
    const levels = await eventually(() => stub.snapshot(), (l) => l?.reserved === 0, 10_000);
    expect(levels?.available).toBe(5);
    expect((await stub.holdOf("ord_short"))?.status).toBe("EXPIRED");
  });

  it("does not expire a hold committed before its time: the order that committed keeps its stock", async () => {
    const { stub } = await item(4);
    expect((await stub.reserve("ord_kept", 4, 900, testCause())).status).toBe("HELD");
    expect(await stub.commit("ord_kept", testCause())).toEqual({ ok: true });
    await itemSql(stub, "UPDATE holds SET expires_at = ? WHERE order_id = ?", Date.now() - 1, "ord_kept");
    await runInDurableObject(stub, (instance: InventoryItemObject) => instance.alarm());
    expect(await stub.snapshot()).toMatchObject({ onHand: 4, reserved: 4, available: 0 });
    expect(await stub.fulfil("ord_kept", testCause())).toEqual({ ok: true });
    expect(await stub.snapshot()).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
  });

  it("has one winner when a commit races the expiry alarm on a due hold", async () => {
    const { stub } = await item(4);
    expect((await stub.reserve("ord_race", 4, 900, testCause())).status).toBe("HELD");
    await itemSql(stub, "UPDATE holds SET expires_at = ? WHERE order_id = ?", Date.now() - 1, "ord_race");
    const [commit] = await Promise.all([stub.commit("ord_race", testCause()), runDurableObjectAlarm(stub)]);
    // The hold is past its time, so whichever runs first expires it; the stock is released exactly once.
    expect(commit).toEqual({ ok: false, code: "HOLD_EXPIRED" });
    expect(await stub.snapshot()).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
    expect((await stub.report()).holds).toEqual({ EXPIRED: 1 });
  });
});
