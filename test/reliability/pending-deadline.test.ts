import { describe, expect, it } from "vitest";
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anOrder, createProduct } from "../support/mothers";
import { eventually, settle } from "../support/settle";
import { loggedEvents } from "../support/event-log";
import { itemStub } from "../../workers/inventory/stub";
import { orderStub } from "../../workers/order/stub";
import type { InventoryItemObject } from "../../durable-objects/inventory-item/inventory-item-object";
import type { OrderObject } from "../../durable-objects/order/order-object";

// Issue 17 item 8: an order whose OrderSubmitted the inventory context dead-letters (here: one item object refuses to
// hold stock for that order, as a corrupt row or a bug would) must not stay PENDING forever.

type ItemStub = DurableObjectStub<InventoryItemObject>;
type OrderStub = DurableObjectStub<OrderObject>;
const itemOf = (productId: string) => itemStub(env, productId) as unknown as ItemStub;
const orderOf = (orderId: string) => orderStub(env, orderId) as unknown as OrderStub;
const HOUR = 3600 * 1000;

/** The item object's own database refuses a hold for this order: reserve throws on every delivery, before holding. */
async function refuseHoldsFor(productId: string, orderId: string): Promise<void> {
  await runInDurableObject(itemOf(productId), (_i: InventoryItemObject, state) => {
    state.storage.sql.exec(`CREATE TRIGGER refuse_hold BEFORE INSERT ON holds WHEN NEW.order_id = '${orderId}' AND NEW.status = 'HELD'
      BEGIN SELECT RAISE(ABORT, 'injected fault: no hold for this order'); END`);
  });
}
async function repairHolds(productId: string): Promise<void> {
  await runInDurableObject(itemOf(productId), (_i: InventoryItemObject, state) => void state.storage.sql.exec(`DROP TRIGGER IF EXISTS refuse_hold`));
}

/** Moves the order object's clock (its test seam) `ms` ahead, then fires its alarm as the runtime would. */
async function laterBy(orderId: string, ms: number): Promise<boolean> {
  await runInDurableObject(orderOf(orderId), (o: OrderObject) => void (o.clock = () => Date.now() + ms));
  return runDurableObjectAlarm(orderOf(orderId));
}

const eventCount = async (orderId: string, type: string) => (await loggedEvents({ orderId, type })).length;

describe("a PENDING order's own deadline", () => {
  it("cancels an order whose reservation was dead-lettered, releasing what was taken, exactly once", async () => {
    const [held, refused] = await Promise.all([createProduct({ initialStock: 10, reorderPoint: 0 }), createProduct({ initialStock: 10, reorderPoint: 0 })]);
    const customer = await aCustomer();
    await settle();
    const order = await anOrder(customer.token, [{ productId: held.id, quantity: 2 }, { productId: refused.id, quantity: 3 }]);
    await refuseHoldsFor(refused.id, order.id);
    const submit = await api("POST", v1(`/orders/${order.id}/submit`), { token: customer.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } });
    expect(submit.status).toBe(202);
    await eventually(
      () => env.DB_OPERATIONS.prepare(`SELECT COUNT(*) AS n FROM dead_letters WHERE context = 'inventory' AND body LIKE ?`).bind(`%${order.id}%`).first<{ n: number }>(),
      (r) => (r?.n ?? 0) > 0, 30_000,
    );
    await settle();
    // Stuck: paid, one item held, the other never, no reservation outcome will ever arrive.
    expect(await orderOf(order.id).snapshot()).toMatchObject({ status: "PENDING", reservation: "NONE", payment: { status: "AUTHORIZED" } });
    expect(await itemOf(held.id).snapshot()).toMatchObject({ reserved: 2 });
    expect(await itemOf(refused.id).snapshot()).toMatchObject({ reserved: 0 });

    // Before its deadline (well inside the reservation window) the alarm leaves it alone.
    await laterBy(order.id, 60_000);
    expect((await orderOf(order.id).snapshot())?.status).toBe("PENDING");

    // Past it: cancelled with the contract's reason for a reservation window that ran out.
    expect(await laterBy(order.id, HOUR)).toBe(true);
    await settle();
    const after = await api("GET", v1(`/orders/${order.id}`), { token: customer.token });
    expect(after.data).toMatchObject({ status: "CANCELLED", cancellationReason: "RESERVATION_EXPIRED" });
    expect((after.data.history as { status: string }[]).filter((h) => h.status === "CANCELLED")).toHaveLength(1);
    expect(await itemOf(held.id).snapshot()).toMatchObject({ reserved: 0, onHand: 10 });
    expect(await itemOf(refused.id).snapshot()).toMatchObject({ reserved: 0, onHand: 10 });
    const payments = await api("GET", v1(`/payments?orderId=${order.id}`), { token: customer.token });
    expect(payments.data).toMatchObject([{ status: "VOIDED" }]);

    // Exactly once: the alarm firing again, and the dead letter replayed once the fault is gone, change nothing.
    await laterBy(order.id, 2 * HOUR);
    await repairHolds(refused.id);
    expect((await api("POST", v1("/admin/dead-letters/inventory/replay"), { token: (await adminToken()).token })).status).toBe(200);
    await settle();
    expect(await eventCount(order.id, "OrderCancelled")).toBe(1);
    expect(await eventCount(order.id, "InventoryReserved")).toBe(0);
    expect(await itemOf(held.id).snapshot()).toMatchObject({ reserved: 0, onHand: 10 });
    expect(await itemOf(refused.id).snapshot()).toMatchObject({ reserved: 0, onHand: 10 });
    expect((await orderOf(order.id).snapshot())?.status).toBe("CANCELLED");
  });

  it("never cancels an order that reached CONFIRMED, nor one still CREATED", async () => {
    const product = await createProduct({ initialStock: 10, reorderPoint: 0 });
    const customer = await aCustomer();
    await settle();
    const confirmed = await anOrder(customer.token, [{ productId: product.id, quantity: 1 }]);
    expect((await api("POST", v1(`/orders/${confirmed.id}/submit`), { token: customer.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } })).status).toBe(202);
    const created = await anOrder(customer.token, [{ productId: product.id, quantity: 1 }]);
    await settle();
    expect((await orderOf(confirmed.id).snapshot())?.status).toBe("CONFIRMED");
    for (const id of [confirmed.id, created.id]) await laterBy(id, 2 * HOUR);
    await settle();
    expect((await orderOf(confirmed.id).snapshot())?.status).toBe("CONFIRMED");
    expect((await orderOf(created.id).snapshot())?.status).toBe("CREATED");
    expect(await eventCount(confirmed.id, "OrderCancelled")).toBe(0);
  });
});
