import { describe, expect, it, vi } from "vitest";
import { env } from "cloudflare:test";
import { api, adminToken, v1 } from "../support/api";
import { anEvent, publish } from "../support/events";
import { eventually, settle } from "../support/settle";
import { aCustomer, anOrder, createProduct } from "../support/mothers";
import { aPrincipal } from "../support/principals";
import { published } from "../support/outbox-reader";
import { newId } from "../../workers/kernel/ids";
import { usd } from "../../workers/kernel/money";
import type { Runtime } from "../../workers/events/outbox-d1";
import { makePaymentHandlers } from "../../workers/payment/handlers";
import { SandboxGateway } from "../../workers/payment/sandbox-gateway";
import type { Authorization, PaymentGateway } from "../../workers/payment/gateway";
import { paymentRow, paymentSummary } from "../../workers/payment/payment-queries";
import { validatePaymentMethod } from "../../workers/payment/payment-method";

const submitted = (orderId: string, customerId: string, token = "tok_visa", amount = 4200) =>
  anEvent("OrderSubmitted", orderId, { orderId, customerId, items: [{ productId: newId("prd"), quantity: 1 }], total: usd(amount), paymentMethod: { type: "CARD", token } });
const confirmed = (orderId: string, customerId: string, amount = 4200) =>
  anEvent("OrderConfirmed", orderId, { orderId, customerId, total: usd(amount), items: [{ productId: newId("prd"), quantity: 1 }] }, { version: 3 });
const cancelled = (orderId: string, customerId: string) =>
  anEvent("OrderCancelled", orderId, { orderId, customerId, reason: "CUSTOMER_REQUEST", items: [{ productId: newId("prd"), quantity: 1 }] }, { version: 3 });

const rt = (): Runtime => ({ env, waitUntil: () => undefined });
const statusOf = (orderId: string) => eventually(() => paymentRow(env, orderId), (r) => r !== null && r.status !== "PENDING");

/** The sandbox, with every call recorded: how many authorizations, and under which idempotency keys. */
class RecordingGateway implements PaymentGateway {
  readonly calls: { op: string; key: string; ref?: string }[] = [];
  private readonly inner = new SandboxGateway();
  constructor(private readonly gate?: Promise<void>) {}
  async authorize(req: Parameters<PaymentGateway["authorize"]>[0]): Promise<Authorization> {
    this.calls.push({ op: "authorize", key: req.idempotencyKey });
    await this.gate;
    return this.inner.authorize(req);
  }
  capture(req: { idempotencyKey: string; ref: string }) { this.calls.push({ op: "capture", key: req.idempotencyKey, ref: req.ref }); return this.inner.capture(); }
  void(req: { idempotencyKey: string; ref: string }) { this.calls.push({ op: "void", key: req.idempotencyKey, ref: req.ref }); return this.inner.void(); }
  refund(req: { idempotencyKey: string; ref: string }) { this.calls.push({ op: "refund", key: req.idempotencyKey, ref: req.ref }); return this.inner.refund(req); }
}

describe("payment authorization on OrderSubmitted", () => {
  it("authorizes the order total with tok_visa and publishes PaymentAuthorized", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    await publish(submitted(orderId, customer.id, "tok_visa", 5150));
    expect((await statusOf(orderId))?.status).toBe("AUTHORIZED");
    const res = await api("GET", v1(`/payments?orderId=${orderId}`), { token: customer.token });
    expect(res.status).toBe(200);
    expect(res.data).toEqual([{ id: expect.stringMatching(/^pay_/), orderId, amount: { amount: 5150, currency: "USD" }, status: "AUTHORIZED", failureReason: null, refunds: [] }]);
    const events = await published("payment", "PaymentAuthorized", orderId);
    expect(events.map((e) => e.data)).toEqual([{ paymentId: res.data[0].id, orderId, amount: { amount: 5150, currency: "USD" } }]);
    expect(await paymentSummary(env, orderId)).toEqual({ status: "AUTHORIZED", method: { type: "CARD" } });
  });

  it.each([
    ["tok_chargeDeclined", "CARD_DECLINED"],
    ["tok_insufficient_funds", "INSUFFICIENT_FUNDS"],
  ])("records %s as FAILED with reason %s and publishes PaymentFailed", async (token, reason) => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    await publish(submitted(orderId, customer.id, token));
    const row = await statusOf(orderId);
    expect(row).toMatchObject({ status: "FAILED", failureReason: reason });
    expect((await published("payment", "PaymentFailed", orderId)).map((e) => e.data)).toEqual([{ paymentId: row!.id, orderId, reason }]);
    expect(await published("payment", "PaymentAuthorized", orderId)).toEqual([]);
  });

  it("leaves a tok_pending authorization PENDING for good, with no event", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    const handlers = makePaymentHandlers(() => new SandboxGateway());
    expect(await handlers.OrderSubmitted!(submitted(orderId, customer.id, "tok_pending"), rt())).toBe("handled");
    const res = await api("GET", v1(`/payments?orderId=${orderId}`), { token: customer.token });
    expect(res.data[0]).toMatchObject({ status: "PENDING", failureReason: null });
    expect(await published("payment", "PaymentAuthorized", orderId)).toEqual([]);
    expect(await published("payment", "PaymentFailed", orderId)).toEqual([]);
  });

  it("authorizes once when OrderSubmitted is delivered three times through the queue", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    await publish(submitted(orderId, customer.id), 3);
    await statusOf(orderId);
    await new Promise((r) => setTimeout(r, 300));
    expect(await published("payment", "PaymentAuthorized", orderId)).toHaveLength(1);
    const res = await api("GET", v1(`/payments?orderId=${orderId}`), { token: customer.token });
    expect(res.data).toHaveLength(1);
  });

  it("authorizes once when copies of the event (same and different event ids) race in the handler", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    const gateway = new RecordingGateway();
    const handlers = makePaymentHandlers(() => gateway);
    const same = submitted(orderId, customer.id);
    const copies = [same, same, same, submitted(orderId, customer.id), submitted(orderId, customer.id)];
    const results = await Promise.all(copies.map((e) => handlers.OrderSubmitted!(e, rt())));
    expect(results.filter((r) => r === "handled").length).toBeGreaterThanOrEqual(1);
    expect(await published("payment", "PaymentAuthorized", orderId)).toHaveLength(1);
    const row = await paymentRow(env, orderId);
    expect(row?.status).toBe("AUTHORIZED");
    // However many calls reached the gateway, they all carry the one payment id: one authorization at the processor.
    expect(new Set(gateway.calls.filter((c) => c.op === "authorize").map((c) => c.key))).toEqual(new Set([row!.id]));
  });
});

describe("capture, void and refund", () => {
  it("captures on OrderConfirmed, once even when confirmed twice", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    const gateway = new RecordingGateway();
    const handlers = makePaymentHandlers(() => gateway);
    await handlers.OrderSubmitted!(submitted(orderId, customer.id), rt());
    const confirm = confirmed(orderId, customer.id);
    await Promise.all([handlers.OrderConfirmed!(confirm, rt()), handlers.OrderConfirmed!(confirm, rt())]);
    expect((await paymentRow(env, orderId))?.status).toBe("CAPTURED");
    const captures = gateway.calls.filter((c) => c.op === "capture");
    expect(new Set(captures.map((c) => c.key))).toEqual(new Set([`${(await paymentRow(env, orderId))!.id}:capture`]));
  });

  it("captures through the queue and then refunds when the captured order is cancelled", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    await publish(submitted(orderId, customer.id));
    await statusOf(orderId);
    await publish(confirmed(orderId, customer.id));
    await eventually(() => paymentRow(env, orderId), (r) => r?.status === "CAPTURED");
    await publish(cancelled(orderId, customer.id));
    await eventually(() => paymentRow(env, orderId), (r) => r?.status === "REFUNDED");
  });

  it("voids an authorization when the order is cancelled", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    const gateway = new RecordingGateway();
    const handlers = makePaymentHandlers(() => gateway);
    await handlers.OrderSubmitted!(submitted(orderId, customer.id), rt());
    await handlers.OrderCancelled!(cancelled(orderId, customer.id), rt());
    const row = await paymentRow(env, orderId);
    expect(row?.status).toBe("VOIDED");
    expect(gateway.calls.filter((c) => c.op === "void")).toEqual([{ op: "void", key: `${row!.id}:void`, ref: row!.gatewayRef }]);
  });

  it("voids a pending (tok_pending) authorization when the order is cancelled", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    const handlers = makePaymentHandlers(() => new SandboxGateway());
    await handlers.OrderSubmitted!(submitted(orderId, customer.id, "tok_pending"), rt());
    await handlers.OrderCancelled!(cancelled(orderId, customer.id), rt());
    expect((await paymentRow(env, orderId))?.status).toBe("VOIDED");
  });

  it("never authorizes an order whose cancellation was processed before its submission", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    await publish(cancelled(orderId, customer.id));
    await eventually(async () => (await env.DB_PAYMENT.prepare("SELECT order_id FROM cancelled_orders WHERE order_id = ?").bind(orderId).first()) !== null, (v) => v);
    const gateway = new RecordingGateway();
    expect(await makePaymentHandlers(() => gateway).OrderSubmitted!(submitted(orderId, customer.id), rt())).toBe("handled");
    expect(gateway.calls).toEqual([]);
    expect(await paymentRow(env, orderId)).toBeNull();
    expect(await published("payment", "PaymentAuthorized", orderId)).toEqual([]);
  });

  it("releases an authorization that lands after the order was cancelled during the gateway call", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    let open!: () => void;
    const gateway = new RecordingGateway(new Promise<void>((r) => (open = r)));
    const handlers = makePaymentHandlers(() => gateway);
    const authorizing = handlers.OrderSubmitted!(submitted(orderId, customer.id), rt());
    await eventually(async () => gateway.calls.length, (n) => n === 1);
    await handlers.OrderCancelled!(cancelled(orderId, customer.id), rt());
    open();
    await authorizing;
    const row = await paymentRow(env, orderId);
    expect(row?.status).toBe("VOIDED");
    expect(gateway.calls.map((c) => c.op)).toEqual(["authorize", "void"]);
    expect(await published("payment", "PaymentAuthorized", orderId)).toEqual([]);
  });
});

describe("raw card numbers", () => {
  it.each(["4242424242424242", "4242 4242 4242 4242", "5555-5555-5555-4444", "tok_4242424242424242"])("refuses %s with PAYMENT_METHOD_INVALID", (token) => {
    const r = validatePaymentMethod({ type: "CARD", token });
    expect(r).toMatchObject({ ok: false, code: "PAYMENT_METHOD_INVALID", field: "paymentMethod.token" });
    expect(JSON.stringify(r)).not.toContain("4242424242");
  });

  it.each([{ type: "CARD", token: "visa" }, { type: "CASH", token: "tok_visa" }, { type: "CARD" }, null])("refuses the malformed method %j", (pm) => {
    expect(validatePaymentMethod(pm)).toMatchObject({ ok: false, code: "PAYMENT_METHOD_INVALID" });
  });

  it.each(["tok_visa", "pm_card_visa", "tok_chargeDeclined"])("accepts the token %s", (token) => {
    expect(validatePaymentMethod({ type: "CARD", token })).toEqual({ ok: true, value: { type: "CARD", token } });
  });

  it("fails the payment with INVALID_PAYMENT_METHOD and neither stores nor logs the number", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    const lines: string[] = [];
    const spies = (["log", "warn", "error"] as const).map((m) => vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void lines.push(a.map(String).join(" "))));
    const gateway = new RecordingGateway();
    try {
      await makePaymentHandlers(() => gateway).OrderSubmitted!(submitted(orderId, customer.id, "4242424242424242"), rt());
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(gateway.calls).toEqual([]);
    const row = await paymentRow(env, orderId);
    expect(row).toMatchObject({ status: "FAILED", failureReason: "INVALID_PAYMENT_METHOD" });
    expect((await published("payment", "PaymentFailed", orderId)).map((e) => (e.data as { reason: string }).reason)).toEqual(["INVALID_PAYMENT_METHOD"]);
    const dump = JSON.stringify(await env.DB_PAYMENT.prepare("SELECT * FROM payments").all()) + JSON.stringify(await env.DB_PAYMENT.prepare("SELECT body FROM outbox").all());
    expect(dump).not.toContain("4242424242424242");
    expect(lines.join("\n")).not.toContain("4242424242424242");
  });
});

describe("GET /payments?orderId=", () => {
  it("answers the owner and an admin, and 404 to another customer", async () => {
    const [owner, stranger] = await Promise.all([aPrincipal(), aPrincipal()]);
    const orderId = newId("ord");
    await publish(submitted(orderId, owner.id));
    await statusOf(orderId);
    const admin = await adminToken();
    expect((await api("GET", v1(`/payments?orderId=${orderId}`), { token: admin.token })).data).toHaveLength(1);
    const other = await api("GET", v1(`/payments?orderId=${orderId}`), { token: stranger.token });
    expect(other.status).toBe(404);
    expect(other.errors[0]?.code).toBe("PAYMENT_NOT_FOUND");
  });

  it("answers the owner of an order not yet submitted 200 [] (as an admin), and anyone else 404", async () => {
    const product = await createProduct({ initialStock: 5 });
    const [owner, stranger] = await Promise.all([aCustomer(), aPrincipal()]);
    await settle();
    const created = await anOrder(owner.token, [{ productId: product.id, quantity: 1 }]);
    const cancelled = await anOrder(owner.token, [{ productId: product.id, quantity: 1 }]);
    expect((await api("POST", v1(`/orders/${cancelled.id}/cancel`), { token: owner.token, body: {} })).status).toBe(200);
    const admin = await adminToken();
    for (const orderId of [created.id, cancelled.id]) {
      const mine = await api("GET", v1(`/payments?orderId=${orderId}`), { token: owner.token });
      expect(mine.status, orderId).toBe(200);
      expect(mine.data).toEqual([]);
      expect((await api("GET", v1(`/payments?orderId=${orderId}`), { token: admin.token })).data).toEqual([]);
      const other = await api("GET", v1(`/payments?orderId=${orderId}`), { token: stranger.token });
      expect(other.status).toBe(404);
      expect(other.errors[0]?.code).toBe("PAYMENT_NOT_FOUND");
    }
  });

  it("answers an order that does not exist with 404 for a customer and [] for an admin", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    expect((await api("GET", v1(`/payments?orderId=${orderId}`), { token: customer.token })).status).toBe(404);
    const admin = await adminToken();
    const res = await api("GET", v1(`/payments?orderId=${orderId}`), { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.data).toEqual([]);
  });

  it("refuses a missing or malformed orderId with 400 and an anonymous caller with 401", async () => {
    const customer = await aPrincipal();
    const missing = await api("GET", v1("/payments"), { token: customer.token });
    expect(missing.status).toBe(400);
    expect(missing.errors[0]).toMatchObject({ code: "VALIDATION_FAILED", field: "query.orderId" });
    expect((await api("GET", v1("/payments?orderId=%27%20OR%201=1"), { token: customer.token })).status).toBe(400);
    const anonymous = await api("GET", v1(`/payments?orderId=${newId("ord")}`));
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors[0]?.code).toBe("AUTH_REQUIRED");
  });
});
