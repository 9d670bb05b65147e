import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anOrder, createProduct } from "../support/mothers";
import { settle } from "../support/settle";
import { publish } from "../support/events";
import { itemStub } from "../../workers/inventory/stub";
import type { Envelope } from "../../workers/events/envelope";
import type { EventType } from "../../workers/events/catalog";

type Customer = Awaited<ReturnType<typeof aCustomer>>;
const card = (token: string) => ({ paymentMethod: { type: "CARD", token } });

async function submit(c: Customer, orderId: string, token: string) {
  const res = await api("POST", v1(`/orders/${orderId}/submit`), { token: c.token, body: card(token) });
  expect(res.status).toBe(202);
}
const getOrder = async (c: Customer, id: string) => (await api("GET", v1(`/orders/${id}`), { token: c.token })).data;
const payments = async (c: Customer, id: string) => (await api("GET", v1(`/payments?orderId=${id}`), { token: c.token })).data as { status: string }[];
const notificationTypes = async (c: Customer) => ((await api("GET", v1("/notifications/me?limit=100"), { token: c.token })).data as { type: string }[]).map((n) => n.type).sort();
async function eventsOf(orderId: string) {
  const { token } = await adminToken();
  return (await api("GET", v1(`/admin/events?orderId=${orderId}&limit=100`), { token })).data as (Envelope<EventType> & { deliveries: Record<string, { status: string }> })[];
}
const levels = (productId: string) => itemStub(env, productId).snapshot();

describe("order processing, end to end through the real queues", () => {
  it("goes from cart to DELIVERED with every event, status, stock level, payment and notification", async () => {
    const p = await createProduct({ initialStock: 10, reorderPoint: 2, price: { amount: 4_500, currency: "USD" } });
    const c = await aCustomer();
    await settle();
    const order = await anOrder(c.token, [{ productId: p.id, quantity: 2 }]);
    await submit(c, order.id, "tok_visa");
    await settle();
    const confirmed = await getOrder(c, order.id);
    expect(confirmed.status).toBe("CONFIRMED");
    expect(confirmed.total).toEqual({ amount: 9_000, currency: "USD" });
    expect(confirmed.shipment).toMatchObject({ carrier: expect.any(String), trackingNumber: expect.any(String) });
    expect(await levels(p.id)).toMatchObject({ onHand: 8, reserved: 0, available: 8 });
    expect((await payments(c, order.id)).map((x) => x.status)).toEqual(["CAPTURED"]);

    const { token: admin } = await adminToken();
    expect((await api("POST", v1(`/shipments/${confirmed.shipment.id}/events`), { token: admin, body: { status: "IN_TRANSIT" } })).status).toBe(200);
    await settle();
    expect((await getOrder(c, order.id)).status).toBe("SHIPPED");
    expect((await api("POST", v1(`/shipments/${confirmed.shipment.id}/events`), { token: admin, body: { status: "DELIVERED" } })).status).toBe(200);
    await settle();
    const delivered = await getOrder(c, order.id);
    expect(delivered.status).toBe("DELIVERED");
    expect(delivered.history.map((h: { status: string }) => h.status)).toEqual(["CREATED", "PENDING", "CONFIRMED", "SHIPPED", "DELIVERED"]);

    const events = await eventsOf(order.id);
    const types = events.map((e) => e.eventType);
    for (const t of ["OrderCreated", "OrderSubmitted", "InventoryReserved", "PaymentAuthorized", "OrderConfirmed", "InventoryFulfilled", "ShipmentCreated", "ShipmentDispatched", "ShipmentDelivered"]) {
      expect(types.filter((x) => x === t), t).toHaveLength(1);
    }
    expect(new Set(events.filter((e) => e.eventType !== "OrderCreated").map((e) => e.correlationId)).size).toBeGreaterThan(0);
    for (const e of events) for (const [ctx, d] of Object.entries(e.deliveries)) expect(d.status, `${e.eventType} → ${ctx}`).toMatch(/HANDLED|DUPLICATE/);
    expect(await notificationTypes(c)).toEqual(["ORDER_CONFIRMED", "ORDER_DELIVERED", "ORDER_SUBMITTED", "SHIPMENT_CREATED", "WELCOME"]);
  });

  it("cancels on a declined card: PAYMENT_DECLINED, stock back, customer told", async () => {
    const p = await createProduct({ initialStock: 5 });
    const c = await aCustomer();
    const order = await anOrder(c.token, [{ productId: p.id, quantity: 3 }]);
    await submit(c, order.id, "tok_chargeDeclined");
    await settle();
    const o = await getOrder(c, order.id);
    expect(o).toMatchObject({ status: "CANCELLED", cancellationReason: "PAYMENT_DECLINED" });
    expect(await levels(p.id)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect((await payments(c, order.id)).map((x) => x.status)).toEqual(["FAILED"]);
    expect(await notificationTypes(c)).toEqual(expect.arrayContaining(["ORDER_CANCELLED", "PAYMENT_FAILED"]));
  });

  it("reserves all items or none: one short item cancels the order and holds nothing", async () => {
    const plenty = await createProduct({ initialStock: 50 });
    const scarce = await createProduct({ initialStock: 5 });
    const c = await aCustomer();
    const other = await aCustomer();
    const order = await anOrder(c.token, [{ productId: plenty.id, quantity: 4 }, { productId: scarce.id, quantity: 4 }]);
    // Someone else takes most of the scarce item between checkout and submit.
    const rival = await anOrder(other.token, [{ productId: scarce.id, quantity: 3 }]);
    await submit(other, rival.id, "tok_visa");
    await settle();
    await submit(c, order.id, "tok_visa");
    await settle();
    expect(await getOrder(c, order.id)).toMatchObject({ status: "CANCELLED", cancellationReason: "INSUFFICIENT_STOCK" });
    expect(await levels(plenty.id)).toMatchObject({ onHand: 50, reserved: 0 });
    expect(await levels(scarce.id)).toMatchObject({ onHand: 2, reserved: 0 });
    expect((await payments(c, order.id)).map((x) => x.status)).toEqual(expect.arrayContaining([expect.stringMatching(/VOIDED|REFUNDED/)]));
    const failed = (await eventsOf(order.id)).find((e) => e.eventType === "InventoryReservationFailed");
    expect(failed?.data).toMatchObject({ productId: scarce.id, requested: 4, available: 2 });
  });

  it("lets the customer cancel a pending order: hold released, authorization voided", async () => {
    const p = await createProduct({ initialStock: 5 });
    const c = await aCustomer();
    const order = await anOrder(c.token, [{ productId: p.id, quantity: 2 }]);
    await submit(c, order.id, "tok_pending");
    await settle();
    const cancelled = await api("POST", v1(`/orders/${order.id}/cancel`), { token: c.token, body: { reason: "changed my mind" } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.data).toMatchObject({ status: "CANCELLED", cancellationReason: "CUSTOMER_REQUEST" });
    await settle();
    expect(await levels(p.id)).toMatchObject({ onHand: 5, reserved: 0 });
    expect((await payments(c, order.id)).map((x) => x.status)).toEqual(["VOIDED"]);
    const again = await api("POST", v1(`/orders/${order.id}/cancel`), { token: c.token, body: {} });
    expect(again.status).toBe(409);
    expect(again.errors[0]?.code).toBe("ORDER_CANNOT_BE_CANCELLED");
  });

  it("refuses to cancel a confirmed order", async () => {
    const p = await createProduct({ initialStock: 5 });
    const c = await aCustomer();
    const order = await anOrder(c.token, [{ productId: p.id, quantity: 1 }]);
    await submit(c, order.id, "tok_visa");
    await settle();
    const res = await api("POST", v1(`/orders/${order.id}/cancel`), { token: c.token, body: {} });
    expect(res.status).toBe(409);
    expect(res.errors[0]?.code).toBe("ORDER_CANNOT_BE_CANCELLED");
    expect((await getOrder(c, order.id)).status).toBe("CONFIRMED");
  });

  it("30 customers racing for the last 10 units: exactly 10 confirmed, 20 cancelled, onHand 0", async () => {
    const p = await createProduct({ initialStock: 10, reorderPoint: 0 });
    const customers = await Promise.all(Array.from({ length: 30 }, () => aCustomer()));
    const orders = await Promise.all(customers.map((c) => anOrder(c.token, [{ productId: p.id, quantity: 1 }])));
    await Promise.all(orders.map((o, i) => submit(customers[i]!, o.id, "tok_visa")));
    await settle({ timeoutMs: 60_000 });
    const statuses = await Promise.all(orders.map((o, i) => getOrder(customers[i]!, o.id)));
    expect(statuses.filter((o) => o.status === "CONFIRMED")).toHaveLength(10);
    const cancelled = statuses.filter((o) => o.status === "CANCELLED");
    expect(cancelled).toHaveLength(20);
    cancelled.forEach((o) => expect(o.cancellationReason).toBe("INSUFFICIENT_STOCK"));
    expect(await levels(p.id)).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
    const captured = await Promise.all(orders.map(async (o, i) => (await payments(customers[i]!, o.id)).filter((x) => x.status === "CAPTURED").length));
    expect(captured.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it("reaches the same end state when every event of the flow is delivered again (twice)", async () => {
    const p = await createProduct({ initialStock: 10 });
    const c = await aCustomer();
    const order = await anOrder(c.token, [{ productId: p.id, quantity: 1 }]);
    await submit(c, order.id, "tok_visa");
    await settle();
    const { token: admin } = await adminToken();
    const shipmentId = (await getOrder(c, order.id)).shipment.id;
    await api("POST", v1(`/shipments/${shipmentId}/events`), { token: admin, body: { status: "IN_TRANSIT" } });
    await api("POST", v1(`/shipments/${shipmentId}/events`), { token: admin, body: { status: "DELIVERED" } });
    await settle();
    const before = { order: await getOrder(c, order.id), stock: await levels(p.id), payments: await payments(c, order.id), notes: await notificationTypes(c) };
    const events = await eventsOf(order.id);
    await publish(events.map(({ deliveries: _d, ...e }) => e as Envelope<EventType>), 2);
    await settle();
    const after = { order: await getOrder(c, order.id), stock: await levels(p.id), payments: await payments(c, order.id), notes: await notificationTypes(c) };
    expect(after).toEqual(before);
    expect(after.payments.filter((x) => x.status === "CAPTURED")).toHaveLength(1);
    const { token } = await adminToken();
    const shipments = (await api("GET", v1(`/admin/events?orderId=${order.id}&type=ShipmentCreated`), { token })).data;
    expect(shipments).toHaveLength(1);
  });
});
