import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { api, v1 } from "../support/api";
import { aCustomer, anOrder, createProduct } from "../support/mothers";
import { anEvent, publish } from "../support/events";
import { eventually, settle } from "../support/settle";
import { itemStub } from "../../workers/inventory/stub";

const levels = (productId: string) => itemStub(env, productId).snapshot();

describe("order saga (process manager)", () => {
  it("confirms once both the reservation and the authorization are in, and fulfils the stock", async () => {
    const product = await createProduct({ initialStock: 10 });
    const customer = await aCustomer();
    await settle();
    const order = await anOrder(customer.token, [{ productId: product.id, quantity: 3 }]);
    expect(order.status).toBe("CREATED");
    // tok_pending: the sandbox never answers, so the authorization arrives when the test publishes it.
    const submit = await api("POST", v1(`/orders/${order.id}/submit`), { token: customer.token, body: { paymentMethod: { type: "CARD", token: "tok_pending" } } });
    expect(submit.status).toBe(202);
    expect(submit.data.status).toBe("PENDING");
    await eventually(() => levels(product.id), (l) => l?.reserved === 3);
    const pending = await api("GET", v1(`/orders/${order.id}`), { token: customer.token });
    expect(pending.data.status).toBe("PENDING");
    await publish(anEvent("PaymentAuthorized", "pay_X", { paymentId: "pay_X", orderId: order.id, amount: order.total }));
    await settle();
    const confirmed = await api("GET", v1(`/orders/${order.id}`), { token: customer.token });
    expect(confirmed.data.status).toBe("CONFIRMED");
    expect(await levels(product.id)).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
  });
});

describe("order process manager: arrival order and duplicates", () => {
  /** An order whose outgoing events are captured (test seam), with its hold placed directly on the item. */
  async function isolatedPendingOrder(productId: string) {
    const { runInDurableObject } = await import("cloudflare:test");
    const { orderStub } = await import("../../workers/order/stub");
    const { newId } = await import("../../workers/kernel/ids");
    const orderId = newId("ord");
    const stub = orderStub(env, orderId);
    const captured: string[] = [];
    await runInDurableObject(stub as unknown as DurableObjectStub<import("../../durable-objects/order/order-object").OrderObject>, (instance) => {
      instance.sender = { send: async (_d, bodies) => void captured.push(...bodies.map((b) => (JSON.parse(b) as { eventType: string }).eventType)) };
    });
    const cause = { correlationId: orderId, causationId: null };
    await stub.create({ id: orderId, customerId: "cus_TEST", items: [{ productId, name: "x", unitPrice: { amount: 100, currency: "USD" }, quantity: 2 }], discount: { amount: 0, currency: "USD" }, promotionCode: null, shippingAddress: { recipient: "A", line1: "B", city: "C", postalCode: "D", country: "GB" } }, cause);
    await stub.submit({ type: "CARD", token: "tok_visa" }, cause);
    await itemStub(env, productId).reserve(orderId, 2, 900, cause);
    const reserved = anEvent("InventoryReserved", orderId, { orderId, items: [{ productId, quantity: 2 }], reservedUntil: new Date(Date.now() + 900_000).toISOString() });
    const authorized = anEvent("PaymentAuthorized", `pay_${orderId}`, { paymentId: `pay_${orderId}`, orderId, amount: { amount: 200, currency: "USD" } });
    return { orderId, stub, captured, reserved, authorized };
  }

  it("confirms the same way whichever of reservation and authorization arrives first, each delivered twice", async () => {
    const product = await createProduct({ initialStock: 10 });
    await settle();
    const a = await isolatedPendingOrder(product.id);
    const b = await isolatedPendingOrder(product.id);
    for (const e of [a.reserved, a.reserved, a.authorized, a.authorized]) await a.stub.receive(e);
    for (const e of [b.authorized, b.reserved, b.authorized, b.reserved]) await b.stub.receive(e);
    const [sa, sb] = [(await a.stub.snapshot())!, (await b.stub.snapshot())!];
    for (const s of [sa, sb]) {
      expect(s.status).toBe("CONFIRMED");
      expect(s.history.map((h) => h.status)).toEqual(["CREATED", "PENDING", "CONFIRMED"]);
      expect(s.reservation).toBe("RESERVED");
      expect(s.payment.status).toBe("AUTHORIZED");
    }
    expect(a.captured.filter((t) => t === "OrderConfirmed").length).toBeGreaterThan(0);
    expect(new Set(a.captured.filter((t) => t === "OrderConfirmed"))).toEqual(new Set(b.captured.filter((t) => t === "OrderConfirmed")));
    expect((await itemStub(env, product.id).holdOf(a.orderId))?.status).toBe("COMMITTED");
    expect((await itemStub(env, product.id).holdOf(b.orderId))?.status).toBe("COMMITTED");
    expect(await itemStub(env, product.id).snapshot()).toMatchObject({ onHand: 10, reserved: 4 });
  });

  it("ignores events that no longer apply once the order is cancelled", async () => {
    const product = await createProduct({ initialStock: 10 });
    await settle();
    const o = await isolatedPendingOrder(product.id);
    await o.stub.cancel("CUSTOMER_REQUEST", { correlationId: o.orderId, causationId: null });
    expect(await o.stub.receive(o.authorized)).toBe("ignored");
    expect(await o.stub.receive(o.reserved)).toBe("ignored");
    const s = (await o.stub.snapshot())!;
    expect(s.status).toBe("CANCELLED");
    expect(s.history.map((h) => h.status)).toEqual(["CREATED", "PENDING", "CANCELLED"]);
    expect(o.captured.filter((t) => t === "OrderConfirmed")).toEqual([]);
  });
});
