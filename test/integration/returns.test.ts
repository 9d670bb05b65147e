import { afterEach, describe, expect, it } from "vitest";
import { env, runInDurableObject } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anAddress, createProduct } from "../support/mothers";
import { createPromotion } from "../support/promotions";
import { anEvent } from "../support/events";
import { eventually, settle } from "../support/settle";
import { orderStub } from "../../workers/order/stub";
import type { OrderObject } from "../../durable-objects/order/order-object";
import type { Envelope } from "../../workers/events/envelope";
import type { EventType } from "../../workers/events/catalog";
import { itemStub } from "../../workers/inventory/stub";
import { inventoryHandlers } from "../../workers/inventory/handlers";
import { makePaymentHandlers } from "../../workers/payment/handlers";
import { SandboxGateway } from "../../workers/payment/sandbox-gateway";
import { db, type Runtime } from "../../workers/events/outbox-d1";
import { eq } from "drizzle-orm";
import { refunds } from "../../schema/payment/tables";
import { paymentGatewaySeam, paymentGateway } from "../../workers/payment/gateway";
import { guardedGateway } from "../../workers/payment/guarded-gateway";
import { MAX_REFUSED_ATTEMPTS, MAX_RETRY_DELAY_MS, retryDelay, retryRefunds } from "../../workers/payment/refunds";
import { resetBreakers } from "../../workers/kernel/breaker";
import { usd } from "../../workers/kernel/money";
import { LedgerGateway } from "../support/gateways";
import { published } from "../support/outbox-reader";

// Returns (contract §6): asked for by the order's owner within 7 days of delivery, for at most the units delivered
// less those already returned or requested; refunded at the customer's paid share; rejected or received by an admin.

const DAY = 86_400_000;
type Customer = Awaited<ReturnType<typeof aCustomer>>;
interface Delivered {
  customer: Customer;
  orderId: string;
  productIds: string[];
}

/** Products at these prices, bought in these quantities (with a promotion code if given), paid, shipped and delivered. */
async function deliveredOrder(lines: { price: number; quantity: number }[], code?: string, country = "GB"): Promise<Delivered> {
  const products = await Promise.all(lines.map((l) => createProduct({ initialStock: 20, price: { amount: l.price, currency: "USD" } })));
  const customer = await aCustomer();
  await settle();
  for (const [i, p] of products.entries()) await api("POST", v1("/carts/me/items"), { token: customer.token, body: { productId: p.id, quantity: lines[i]!.quantity } });
  if (code) expect((await api("POST", v1("/carts/me/promotions"), { token: customer.token, body: { code } })).status).toBe(200);
  const order = await api("POST", v1("/carts/me/checkout"), { token: customer.token, body: { shippingAddress: { ...anAddress(), country } } });
  expect(order.status).toBe(201);
  await api("POST", v1(`/orders/${order.data.id}/submit`), { token: customer.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } });
  await settle();
  const confirmed = await api("GET", v1(`/orders/${order.data.id}`), { token: customer.token });
  const { token: admin } = await adminToken();
  expect((await api("POST", v1(`/shipments/${confirmed.data.shipment.id}/events`), { token: admin, body: { status: "IN_TRANSIT" } })).status).toBe(200);
  expect((await api("POST", v1(`/shipments/${confirmed.data.shipment.id}/events`), { token: admin, body: { status: "DELIVERED" } })).status).toBe(200);
  await eventually(() => api("GET", v1(`/orders/${order.data.id}`), { token: customer.token }), (r) => r.data.status === "DELIVERED");
  return { customer, orderId: order.data.id as string, productIds: products.map((p) => p.id) };
}

const reason = "Does not fit, too small";
const requestReturn = (o: Delivered, items: { variantId: string; quantity: number }[], token = o.customer.token) =>
  api("POST", v1(`/orders/${o.orderId}/returns`), { token, body: { items, reason } });
const admin = async () => (await adminToken()).token;
const reject = async (id: string) => api("POST", v1(`/admin/returns/${id}/reject`), { token: await admin(), body: { reason: "Worn, not in resaleable condition" } });
async function eventsOf(orderId: string) {
  const res = await api("GET", v1(`/admin/events?orderId=${orderId}&limit=100`), { token: await admin() });
  return res.data as Envelope<EventType>[];
}

describe("returns", () => {
  it("takes a return of delivered units at the customer's paid share (discount spread in proportion), shows it on the order and publishes ReturnRequested", async () => {
    const promo = await createPromotion({ type: "PERCENTAGE", value: 10 });
    // Subtotal 2×1000 + 1×3000 = 5000, 10 % off: total 4500. One unit of the first line is 1000/5000 of 4500 = 900.
    const o = await deliveredOrder([{ price: 1_000, quantity: 2 }, { price: 3_000, quantity: 1 }], promo.code);
    const res = await requestReturn(o, [{ variantId: o.productIds[0]!, quantity: 1 }]);
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({
      id: expect.stringMatching(/^ret_[0-9A-Z]{26}$/), orderId: o.orderId, status: "REQUESTED", reason,
      items: [{ variantId: o.productIds[0], productId: o.productIds[0], quantity: 1 }], refundAmount: { amount: 900, currency: "USD" }, createdAt: expect.any(String),
    });
    // The rest of the order: 4500 − 900, exactly (returning every unit refunds the whole goods part).
    const rest = await requestReturn(o, [{ variantId: o.productIds[0]!, quantity: 1 }, { variantId: o.productIds[1]!, quantity: 1 }]);
    expect(rest.status).toBe(201);
    expect(rest.data.refundAmount.amount).toBe(3_600);

    const order = await api("GET", v1(`/orders/${o.orderId}`), { token: o.customer.token });
    expect(order.data.returns.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([[res.data.id, "REQUESTED"], [rest.data.id, "REQUESTED"]]);
    await settle();
    const requested = (await eventsOf(o.orderId)).filter((e) => e.eventType === "ReturnRequested");
    expect(requested.map((e) => e.data)).toEqual([
      { returnId: res.data.id, orderId: o.orderId, customerId: o.customer.id, items: res.data.items, refundAmount: { amount: 900, currency: "USD" }, reason },
      { returnId: rest.data.id, orderId: o.orderId, customerId: o.customer.id, items: rest.data.items, refundAmount: { amount: 3_600, currency: "USD" }, reason },
    ]);
  });

  it("refuses more units than were delivered less those already returned or requested, across returns; a rejected return frees its units", async () => {
    const o = await deliveredOrder([{ price: 2_500, quantity: 3 }]);
    const [p] = o.productIds as [string];
    const tooMany = await requestReturn(o, [{ variantId: p, quantity: 4 }]);
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.errors[0].code).toBe("RETURN_QUANTITY_EXCEEDED");
    // The same variant twice in one request counts twice.
    expect((await requestReturn(o, [{ variantId: p, quantity: 2 }, { variantId: p, quantity: 2 }])).body.errors[0].code).toBe("RETURN_QUANTITY_EXCEEDED");
    const first = await requestReturn(o, [{ variantId: p, quantity: 2 }]);
    expect(first.status).toBe(201);
    const second = await requestReturn(o, [{ variantId: p, quantity: 2 }]);
    expect(second.status).toBe(409);
    expect(second.body.errors[0].code).toBe("RETURN_QUANTITY_EXCEEDED");
    // A variant the order does not have cannot be returned either.
    expect((await requestReturn(o, [{ variantId: "prd_01ARZ3NDEKTSV4RRFFQ69G5FAV", quantity: 1 }])).body.errors[0].code).toBe("RETURN_QUANTITY_EXCEEDED");
    expect((await requestReturn(o, [{ variantId: p, quantity: 1 }])).status).toBe(201);
    expect((await requestReturn(o, [{ variantId: p, quantity: 1 }])).status).toBe(409);

    expect((await reject(first.data.id)).status).toBe(200);
    const again = await requestReturn(o, [{ variantId: p, quantity: 2 }]);
    expect(again.status).toBe(201);
    expect(again.data.refundAmount.amount).toBe(5_000);
    const order = await api("GET", v1(`/orders/${o.orderId}`), { token: o.customer.token });
    expect(order.data.returns.map((r: { status: string }) => r.status)).toEqual(["REJECTED", "REQUESTED", "REQUESTED"]);
  });

  it("takes returns only of a DELIVERED order, up to 7 days after delivery", async () => {
    const p = await createProduct({ initialStock: 5 });
    const c = await aCustomer();
    await settle();
    await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 1 } });
    const created = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: anAddress() } });
    const notDelivered = await api("POST", v1(`/orders/${created.data.id}/returns`), { token: c.token, body: { items: [{ variantId: p.id, quantity: 1 }], reason } });
    expect(notDelivered.status).toBe(409);
    expect(notDelivered.body.errors[0].code).toBe("RETURN_NOT_ALLOWED");

    const o = await deliveredOrder([{ price: 1_000, quantity: 2 }]);
    const stub = orderStub(env, o.orderId);
    const delivered = Date.parse((await stub.snapshot())!.history.findLast((h) => h.status === "DELIVERED")!.at);
    // The order object's clock seam: the 7th day after delivery is still inside the window, a minute later is not.
    await runInDurableObject(stub, (obj: OrderObject) => { obj.clock = () => delivered + 7 * DAY; });
    expect((await requestReturn(o, [{ variantId: o.productIds[0]!, quantity: 1 }])).status).toBe(201);
    await runInDurableObject(stub, (obj: OrderObject) => { obj.clock = () => delivered + 8 * DAY; });
    const late = await requestReturn(o, [{ variantId: o.productIds[0]!, quantity: 1 }]);
    expect(late.status).toBe(409);
    expect(late.body.errors[0].code).toBe("RETURN_NOT_ALLOWED");
    const order = await api("GET", v1(`/orders/${o.orderId}`), { token: o.customer.token });
    expect(order.data.returns).toHaveLength(1);
  });

  it("answers 404 for someone else's order and changes nothing; bad bodies are 400", async () => {
    const o = await deliveredOrder([{ price: 1_000, quantity: 1 }]);
    const other = await aCustomer();
    const res = await requestReturn(o, [{ variantId: o.productIds[0]!, quantity: 1 }], other.token);
    expect(res.status).toBe(404);
    expect(res.body.errors[0].code).toBe("ORDER_NOT_FOUND");
    const bad = await api("POST", v1(`/orders/${o.orderId}/returns`), { token: o.customer.token, body: { items: [{ variantId: o.productIds[0], quantity: 0 }], reason: "short" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["items.0.quantity", "reason"]);
    expect((await api("GET", v1(`/orders/${o.orderId}`), { token: o.customer.token })).data.returns).toEqual([]);
  });

  it("rejects a requested return once (ReturnRejected), lists returns by status page by page, and 404s an unknown return", async () => {
    const o = await deliveredOrder([{ price: 1_000, quantity: 3 }]);
    const [p] = o.productIds as [string];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await requestReturn(o, [{ variantId: p, quantity: 1 }])).data.id);
    const rejected = await reject(ids[1]!);
    expect(rejected.status).toBe(200);
    expect(rejected.data).toMatchObject({ id: ids[1], status: "REJECTED", rejectionReason: "Worn, not in resaleable condition" });
    const twice = await reject(ids[1]!);
    expect(twice.status).toBe(409);
    expect(twice.body.errors[0].code).toBe("RETURN_INVALID_STATE");
    const unknown = await reject("ret_01ARZ3NDEKTSV4RRFFQ69G5FAV");
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(404);
    expect((await api("POST", v1(`/admin/returns/${ids[0]}/reject`), { token: o.customer.token, body: { reason: "Worn, not in resaleable condition" } })).status).toBe(403);

    const token = await admin();
    const mine = (rows: { id: string }[]) => rows.filter((r) => ids.includes(r.id)).map((r) => r.id);
    const rejectedList = await api("GET", v1("/admin/returns?status=REJECTED&limit=100"), { token });
    expect(mine(rejectedList.data)).toEqual([ids[1]]);
    // Oldest first, one per page, following the cursor until this order's returns have all been seen.
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 500 && seen.length < 2; page++) {
      const res: { data: { id: string; status: string }[]; body: { metadata: { nextCursor: string | null } } } =
        await api("GET", v1(`/admin/returns?status=REQUESTED&limit=1${cursor ? `&cursor=${cursor}` : ""}`), { token });
      expect(res.data.length).toBeLessThanOrEqual(1);
      expect(res.data.every((r) => r.status === "REQUESTED")).toBe(true);
      seen.push(...mine(res.data));
      cursor = res.body.metadata.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([ids[0], ids[2]]);

    await settle();
    const events = (await eventsOf(o.orderId)).filter((e) => e.eventType === "ReturnRejected");
    expect(events.map((e) => e.data)).toEqual([{ returnId: ids[1], orderId: o.orderId, customerId: o.customer.id, reason: "Worn, not in resaleable condition" }]);
  });

  it("receives a return once however many admins race: each unit back on hand as a RETURN adjustment (audit consistent), one refund of refundAmount, REFUNDED, and the customer told twice", async () => {
    const o = await deliveredOrder([{ price: 1_500, quantity: 3 }, { price: 4_000, quantity: 1 }]);
    const [a, b] = o.productIds as [string, string];
    const ret = await requestReturn(o, [{ variantId: a, quantity: 2 }, { variantId: b, quantity: 1 }]);
    expect(ret.data.refundAmount.amount).toBe(7_000);
    const token = await admin();
    const receipts = await Promise.all([0, 1, 2].map(() => api("POST", v1(`/admin/returns/${ret.data.id}/receive`), { token })));
    expect(receipts.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of receipts) expect(["RECEIVED", "REFUNDED"]).toContain(r.data.status);
    await settle();

    expect(await itemStub(env, a).snapshot()).toMatchObject({ onHand: 20 - 3 + 2, reserved: 0 });
    expect(await itemStub(env, b).snapshot()).toMatchObject({ onHand: 20 - 1 + 1, reserved: 0 });
    for (const id of [a, b]) {
      const audit = await api("GET", v1(`/admin/inventory/${id}/audit`), { token });
      expect(audit.data.consistent, JSON.stringify(audit.data)).toBe(true);
    }
    const returned = (await itemStub(env, a).report()).movements.filter((m) => m.reason === "RETURN");
    expect(returned.map((m) => m.delta)).toEqual([2]);

    const [payment] = (await api("GET", v1(`/payments?orderId=${o.orderId}`), { token })).data as { status: string; refunds: { amount: { amount: number }; status: string; id: string }[] }[];
    expect(payment!.status).toBe("PARTIALLY_REFUNDED");
    expect(payment!.refunds.map((r) => [r.amount.amount, r.status])).toEqual([[7_000, "SUCCEEDED"]]);
    const order = await api("GET", v1(`/orders/${o.orderId}`), { token: o.customer.token });
    expect(order.data.returns).toMatchObject([{ id: ret.data.id, status: "REFUNDED", refundId: payment!.refunds[0]!.id }]);
    const listed = await api("GET", v1("/admin/returns?status=REFUNDED&limit=100"), { token });
    expect(listed.data.map((r: { id: string }) => r.id)).toContain(ret.data.id);

    // Receiving again answers the return as it is and issues nothing more.
    const again = await api("POST", v1(`/admin/returns/${ret.data.id}/receive`), { token });
    expect(again.data.status).toBe("REFUNDED");
    await settle();
    expect((await api("GET", v1(`/payments?orderId=${o.orderId}`), { token })).data[0].refunds).toHaveLength(1);
    expect((await eventsOf(o.orderId)).filter((e) => e.eventType === "ReturnReceived")).toHaveLength(1);
    const notices = ((await api("GET", v1("/notifications/me?limit=100"), { token: o.customer.token })).data as { type: string; body: string }[]);
    expect(notices.filter((n) => n.type === "RETURN_RECEIVED")).toHaveLength(1);
    expect(notices.filter((n) => n.type === "REFUND_ISSUED").map((n) => n.body)).toEqual([expect.stringContaining("$70.00")]);
    // A received return can no longer be rejected.
    expect((await reject(ret.data.id)).body.errors[0].code).toBe("RETURN_INVALID_STATE");
  });

  it("restocks and refunds once when ReturnReceived is delivered twice at the same time", async () => {
    const o = await deliveredOrder([{ price: 2_000, quantity: 2 }]);
    const [p] = o.productIds as [string];
    const ret = await requestReturn(o, [{ variantId: p, quantity: 1 }]);
    const paymentId = (await orderStub(env, o.orderId).snapshot())!.payment.paymentId;
    // The event as the order object would publish it, handed to both consumers twice at once (no queue in between).
    const event = anEvent("ReturnReceived", ret.data.id, {
      returnId: ret.data.id, orderId: o.orderId, customerId: o.customer.id, items: ret.data.items, refundAmount: ret.data.refundAmount, paymentId,
    }, { version: 2 });
    const rt: Runtime = { env, waitUntil: () => undefined };
    const pay = makePaymentHandlers(() => new SandboxGateway());
    await Promise.all([inventoryHandlers.ReturnReceived!(event, rt), inventoryHandlers.ReturnReceived!(event, rt), pay.ReturnReceived!(event, rt), pay.ReturnReceived!(event, rt)]);
    expect(await itemStub(env, p).snapshot()).toMatchObject({ onHand: 20 - 2 + 1 });
    const [payment] = (await api("GET", v1(`/payments?orderId=${o.orderId}`), { token: await admin() })).data as { refunds: { amount: { amount: number }; status: string }[] }[];
    expect(payment!.refunds.map((r) => [r.amount.amount, r.status])).toEqual([[2_000, "SUCCEEDED"]]);
  });

  it("does not receive a rejected return", async () => {
    const o = await deliveredOrder([{ price: 1_000, quantity: 1 }]);
    const ret = await requestReturn(o, [{ variantId: o.productIds[0]!, quantity: 1 }]);
    expect((await reject(ret.data.id)).status).toBe(200);
    const res = await api("POST", v1(`/admin/returns/${ret.data.id}/receive`), { token: await admin() });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].code).toBe("RETURN_INVALID_STATE");
    expect((await api("POST", v1("/admin/returns/ret_01ARZ3NDEKTSV4RRFFQ69G5FAV/receive"), { token: await admin() })).status).toBe(404);
  });

  it("accepts exactly the delivered units when returns race for them, and receiving them all refunds exactly the total and restores the stock", async () => {
    const promo = await createPromotion({ type: "PERCENTAGE", value: 15 });
    // 3 × 999 with 15 % off: total 2548 (discount 449); thirds of it do not divide evenly.
    const o = await deliveredOrder([{ price: 999, quantity: 3 }], promo.code);
    const [p] = o.productIds as [string];
    const total = (await api("GET", v1(`/orders/${o.orderId}`), { token: o.customer.token })).data.total.amount as number;
    const asks = await Promise.all([0, 1, 2, 3, 4].map(() => requestReturn(o, [{ variantId: p, quantity: 1 }])));
    expect(asks.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409]);
    const accepted = asks.filter((r) => r.status === 201).map((r) => r.data as { id: string; refundAmount: { amount: number } });
    expect(accepted.reduce((sum, r) => sum + r.refundAmount.amount, 0)).toBe(total);

    const token = await admin();
    await Promise.all(accepted.map((r) => api("POST", v1(`/admin/returns/${r.id}/receive`), { token })));
    await settle();
    expect(await itemStub(env, p).snapshot()).toMatchObject({ onHand: 20, reserved: 0 });
    const [payment] = (await api("GET", v1(`/payments?orderId=${o.orderId}`), { token })).data as { status: string; refunds: { amount: { amount: number } }[] }[];
    expect(payment!.status).toBe("REFUNDED");
    expect(payment!.refunds.reduce((sum, r) => sum + r.amount.amount, 0)).toBe(total);
    const order = await api("GET", v1(`/orders/${o.orderId}`), { token: o.customer.token });
    expect(order.data.returns.map((r: { status: string }) => r.status)).toEqual(["REFUNDED", "REFUNDED", "REFUNDED"]);
  });

  it("never refunds shipping or the tax on it: returning every unit of a taxed, shipped order refunds the total less both", async () => {
    const token = await admin();
    expect((await api("PUT", v1("/admin/tax-rates/PT"), { token, body: { rateBasisPoints: 2_300, inclusive: false } })).status).toBe(200);
    expect((await api("POST", v1("/admin/shipping-options"), { token, body: { name: "Correios", countries: ["PT"], amount: { amount: 500, currency: "USD" } } })).status).toBe(201);
    const o = await deliveredOrder([{ price: 1_000, quantity: 2 }], undefined, "PT");
    const order = (await api("GET", v1(`/orders/${o.orderId}`), { token: o.customer.token })).data;
    // subtotal 2000 + shipping 500 = 2500, 23 % tax 575: total 3075. The tax on shipping is 575 × 500 / 2500 = 115.
    expect([order.shippingFee.amount, order.tax.amount, order.total.amount]).toEqual([500, 575, 3_075]);
    const first = await requestReturn(o, [{ variantId: o.productIds[0]!, quantity: 1 }]);
    const second = await requestReturn(o, [{ variantId: o.productIds[0]!, quantity: 1 }]);
    expect([first.data.refundAmount.amount, second.data.refundAmount.amount]).toEqual([1_230, 1_230]);
    expect(first.data.refundAmount.amount + second.data.refundAmount.amount).toBe(3_075 - 500 - 115);
  });
});

describe("a return's refund the gateway refused", () => {
  afterEach(() => {
    paymentGatewaySeam.adapter = null;
    resetBreakers();
  });
  type PaymentView = { status: string; refunds: { id: string; amount: { amount: number }; status: string; failureReason: string | null }[] };
  const paymentOf = async (orderId: string) => (await api("GET", v1(`/payments?orderId=${orderId}`), { token: await admin() })).data[0] as PaymentView;
  const receive = async (id: string) => api("POST", v1(`/admin/returns/${id}/receive`), { token: await admin() });
  const returnsOf = async (o: Delivered) => (await api("GET", v1(`/orders/${o.orderId}`), { token: o.customer.token })).data.returns as { id: string; status: string; refundId: string | null }[];
  /** The cron's refund retry, as index.ts runs it (through the breaker), at a given clock. */
  const sweep = (at: number) => retryRefunds({ env, waitUntil: () => undefined }, guardedGateway(env, paymentGateway(env)), at);
  const REFUSED = { ok: false as const, reason: "REFUND_FAILED" };

  it("is asked again after its backoff under the same refund id, and the return ends REFUNDED with the money refunded once", async () => {
    // The processor behind the real queue consumer refuses the first refund call and accepts the next.
    const gateway = new LedgerGateway((_, n) => (n === 1 ? REFUSED : { ok: true }));
    paymentGatewaySeam.adapter = () => gateway;
    const o = await deliveredOrder([{ price: 2_500, quantity: 2 }]);
    const ret = await requestReturn(o, [{ variantId: o.productIds[0]!, quantity: 1 }]);
    expect((await receive(ret.data.id)).data.status).toBe("RECEIVED");
    await settle();
    const refused = await paymentOf(o.orderId);
    expect(refused.status).toBe("CAPTURED");
    expect(refused.refunds).toEqual([expect.objectContaining({ amount: usd(2_500), status: "FAILED", failureReason: "REFUND_FAILED" })]);
    const id = refused.refunds[0]!.id;
    expect((await returnsOf(o)).map((r) => r.status)).toEqual(["RECEIVED"]);

    // Not before its backoff has passed; then once, with the same id as idempotency key.
    await sweep(Date.now());
    expect(gateway.callsFor(id)).toBe(1);
    await sweep(Date.now() + retryDelay(1) + 1_000);
    expect(gateway.calls).toEqual([id, id]);
    await settle();
    const paid = await paymentOf(o.orderId);
    expect(paid.status).toBe("PARTIALLY_REFUNDED");
    expect(paid.refunds.map((r) => [r.id, r.amount.amount, r.status])).toEqual([[id, 2_500, "SUCCEEDED"]]);
    expect(gateway.refunded).toEqual(new Map([[id, 2_500]]));
    expect(await published("payment", "PaymentRefunded", id)).toHaveLength(1);
    expect(await returnsOf(o)).toMatchObject([{ id: ret.data.id, status: "REFUNDED", refundId: id }]);
    const notices = (await api("GET", v1("/notifications/me?limit=100"), { token: o.customer.token })).data as { type: string }[];
    expect(notices.filter((n) => n.type === "REFUND_ISSUED")).toHaveLength(1);
  });

  it("is issued again at once when an operator receives the return again, and refunded once while operators and sweeps race", async () => {
    let refusing = true;
    const gateway = new LedgerGateway(() => (refusing ? REFUSED : { ok: true }));
    paymentGatewaySeam.adapter = () => gateway;
    const o = await deliveredOrder([{ price: 1_200, quantity: 3 }]);
    const ret = await requestReturn(o, [{ variantId: o.productIds[0]!, quantity: 3 }]);
    await receive(ret.data.id);
    await settle();
    const id = (await paymentOf(o.orderId)).refunds[0]!.id;
    // Received again while the gateway still refuses: asked again there and then, past the backoff; still refused.
    const again = await receive(ret.data.id);
    expect(again.status).toBe(200);
    expect(again.data.status).toBe("RECEIVED");
    expect(gateway.callsFor(id)).toBe(2);
    expect((await paymentOf(o.orderId)).refunds.map((r) => r.status)).toEqual(["FAILED"]);

    refusing = false;
    const due = Date.now() + MAX_RETRY_DELAY_MS + 1_000;
    const answers = await Promise.all([receive(ret.data.id), receive(ret.data.id), receive(ret.data.id), sweep(due), sweep(due)]);
    for (const a of answers.slice(0, 3)) expect((a as { status: number }).status).toBe(200);
    await settle();
    expect(gateway.callsFor(id)).toBeGreaterThanOrEqual(3);
    expect(gateway.refunded).toEqual(new Map([[id, 3_600]]));
    const paid = await paymentOf(o.orderId);
    expect(paid.status).toBe("REFUNDED");
    expect(paid.refunds.map((r) => [r.id, r.amount.amount, r.status])).toEqual([[id, 3_600, "SUCCEEDED"]]);
    expect(await published("payment", "PaymentRefunded", id)).toHaveLength(1);
    expect((await returnsOf(o)).map((r) => r.status)).toEqual(["REFUNDED"]);
    const calls = gateway.calls.length;
    expect((await receive(ret.data.id)).data.status).toBe("REFUNDED");
    expect(gateway.calls).toHaveLength(calls);
  });

  it("stops after its last retry, and is never asked again past what the payment can still refund", async () => {
    let refusing = true;
    const gateway = new LedgerGateway(() => (refusing ? REFUSED : { ok: true }));
    paymentGatewaySeam.adapter = () => gateway;
    const o = await deliveredOrder([{ price: 1_000, quantity: 3 }]);
    const [first, second] = [await requestReturn(o, [{ variantId: o.productIds[0]!, quantity: 1 }]), await requestReturn(o, [{ variantId: o.productIds[0]!, quantity: 1 }])];
    await receive(first.data.id);
    await receive(second.data.id);
    await settle();
    const refused = (await paymentOf(o.orderId)).refunds;
    expect(refused.map((r) => r.status)).toEqual(["FAILED", "FAILED"]);
    const idOf = (returnId: string) => `rfd_${returnId.slice(4)}`;
    const [exhausted, owed] = [idOf(first.data.id), idOf(second.data.id)];
    expect(refused.map((r) => r.id).sort()).toEqual([exhausted, owed].sort());
    await db(env.DB_PAYMENT).update(refunds).set({ attempts: MAX_REFUSED_ATTEMPTS }).where(eq(refunds.id, exhausted));
    refusing = false;
    // An admin refunds 1500 of the 3000 by hand meanwhile (the refused refunds reserved nothing).
    const byHand = await api("POST", v1(`/payments/${(await orderStub(env, o.orderId).snapshot())!.payment.paymentId}/refunds`), { token: await admin(), body: { amount: usd(1_500), reason: "Goodwill for the late parcel" } });
    expect(byHand.data.status).toBe("SUCCEEDED");

    await sweep(Date.now() + MAX_RETRY_DELAY_MS + 1_000);
    expect([gateway.callsFor(exhausted), gateway.callsFor(owed)]).toEqual([1, 2]);
    // 1500 by hand + 1000 for the second return: the first's 1000 no longer fits, so receiving it again asks nothing.
    expect((await receive(first.data.id)).data.status).toBe("RECEIVED");
    expect(gateway.callsFor(exhausted)).toBe(1);
    await settle();
    const payment = await paymentOf(o.orderId);
    expect(payment.refunds.filter((r) => r.status === "SUCCEEDED").reduce((sum, r) => sum + r.amount.amount, 0)).toBe(2_500);
    expect(payment.refunds.find((r) => r.id === exhausted)!.status).toBe("FAILED");
    expect(gateway.refunded).toEqual(new Map([[owed, 1_000], [byHand.data.id, 1_500]]));
    expect(Object.fromEntries((await returnsOf(o)).map((r) => [r.id, r.status]))).toEqual({ [first.data.id]: "RECEIVED", [second.data.id]: "REFUNDED" });
  });
});
