import { describe, expect, it } from "vitest";
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import * as order from "../../durable-objects/order/order";
import type { OrderObject } from "../../durable-objects/order/order-object";
import type { EventSender } from "../../workers/events/outbox";
import { orderStub } from "../../workers/order/stub";
import { newId } from "../../workers/kernel/ids";
import { anEvent } from "../support/events";
import { anAddress } from "../support/mothers";

// A finished order object keeps only its state (issue 12): its sent outbox rows and processed event ids are
// compacted by its alarm once nothing is left to send or project, and never before.

const CAUSE = { correlationId: "order-compaction", causationId: null };
const failing: EventSender = { send: async () => { throw new Error("queue unavailable"); } };
const accepting: EventSender = { send: async () => {} };

type Stub = DurableObjectStub<OrderObject>;
const counts = (stub: Stub) => runInDurableObject(stub, (_o: OrderObject, state) => ({
  seen: state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM processed_events`).one().n,
  sent: state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NOT NULL`).one().n,
  unsent: state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL`).one().n,
}));
const useSender = (stub: Stub, sender: EventSender) => runInDurableObject(stub, (o: OrderObject) => {
  o.sender = sender;
});

describe("compaction of a finished order object", () => {
  it("drops a cancelled order's sent events and processed ids at its alarm, only once all is sent, and stays compacted", async () => {
    const orderId = newId("ord");
    const productId = newId("prd");
    const paymentId = newId("pay");
    const stub = orderStub(env, orderId) as unknown as Stub;
    await useSender(stub, failing);
    const created = await stub.create({
      id: orderId, customerId: "cus_COMPACT", items: [{ productId, name: "Kettle", unitPrice: { amount: 2_500, currency: "USD" }, quantity: 1 }],
      discount: { amount: 0, currency: "USD" }, promotionCode: null, shippingAddress: anAddress(),
    }, CAUSE);
    expect(created.ok).toBe(true);
    expect((await stub.submit({ type: "CARD", token: "tok_visa" }, CAUSE)).ok).toBe(true);
    const reserved = anEvent("InventoryReserved", orderId, { orderId, items: [{ productId, quantity: 1 }], reservedUntil: new Date(Date.now() + 900_000).toISOString() });
    const declined = anEvent("PaymentFailed", paymentId, { paymentId, orderId, reason: "card_declined" });
    expect(await stub.receive(reserved)).toBe("handled");
    expect(await stub.receive(declined)).toBe("handled");
    expect((await stub.snapshot())!.status).toBe("CANCELLED");

    // The queue is down: OrderCancelled (and the rest) wait in the outbox, so the alarm relays nothing and keeps all.
    await runInDurableObject(stub, (o: OrderObject) => o.alarm());
    expect(await counts(stub)).toMatchObject({ seen: 2, sent: 0 });
    expect((await counts(stub)).unsent).toBeGreaterThan(0);

    // The queue is back and the retry is due: the alarm sends every row, projects, and then compacts.
    await useSender(stub, accepting);
    await runInDurableObject(stub, (_o: OrderObject, state) => void state.storage.sql.exec(`UPDATE outbox SET next_attempt_at = 0`));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await counts(stub)).toEqual({ seen: 0, sent: 0, unsent: 0 });
    // Nothing left to do: no alarm wakes it again.
    expect(await runInDurableObject(stub, (_o: OrderObject, state) => state.storage.getAlarm())).toBeNull();
    const final = (await stub.snapshot())!;
    expect(final).toMatchObject({ status: "CANCELLED", cancellationReason: "PAYMENT_DECLINED" });

    // Late and redelivered events find a finished order: nothing changes and nothing is published; the ids they
    // leave are compacted again by the alarm they arm.
    expect(await stub.receive(declined)).toBe("ignored");
    expect(await stub.receive(reserved)).toBe("ignored");
    expect(await stub.receive(anEvent("PaymentAuthorized", paymentId, { paymentId, orderId, amount: { amount: 2_500, currency: "USD" } }))).toBe("ignored");
    expect(await counts(stub)).toEqual({ seen: 3, sent: 0, unsent: 0 });
    expect(await stub.snapshot()).toEqual(final);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await counts(stub)).toEqual({ seen: 0, sent: 0, unsent: 0 });
    expect(await runInDurableObject(stub, (_o: OrderObject, state) => state.storage.getAlarm())).toBeNull();
  });

  it("a delivered order is idempotent by its state alone: every event of its story again changes nothing", () => {
    const at = "2026-01-01T00:00:00.000Z";
    const [orderId, productId, paymentId, shipmentId] = ["ord_DONE", "prd_DONE", "pay_DONE", "shp_DONE"];
    const story: order.Incoming[] = [
      { type: "InventoryReserved" }, { type: "PaymentAuthorized", paymentId },
      { type: "ShipmentCreated", shipmentId, carrier: "DHL", trackingNumber: "T1" }, { type: "InventoryFulfilled" },
      { type: "ShipmentDispatched", shipmentId }, { type: "ShipmentDelivered", shipmentId },
    ];
    let s = (order.create({ id: orderId, customerId: "cus_DONE", items: [{ productId, name: "Kettle", unitPrice: { amount: 100, currency: "USD" }, quantity: 1 }], discount: { amount: 0, currency: "USD" }, promotionCode: null, shippingAddress: anAddress() }, at) as order.Outcome).state;
    s = (order.submit(s, { type: "CARD", token: "tok_visa" }, at) as order.Outcome).state;
    for (const e of story.slice(0, 2)) s = order.receive(s, e, at).state;
    s = order.holdsCommitted(s, true, at).state;
    for (const e of story.slice(2)) s = order.receive(s, e, at).state;
    expect(s.status).toBe("DELIVERED");
    expect(order.isFinished(s)).toBe(true);
    for (const e of story) {
      const again = order.receive(s, e, "2026-01-02T00:00:00.000Z");
      expect(again.state, e.type).toBe(s);
      expect(again.events).toEqual([]);
    }
  });
});
