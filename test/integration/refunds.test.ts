import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { adminToken, api, v1 } from "../support/api";
import { anEvent, publish } from "../support/events";
import { eventually } from "../support/settle";
import { aPrincipal } from "../support/principals";
import { aCustomer } from "../support/mothers";
import { sellerAccount } from "../support/accounts";
import { published } from "../support/outbox-reader";
import { payments, refunds } from "../../schema/payment/tables";
import { db, type Runtime } from "../../workers/events/outbox-d1";
import { newId } from "../../workers/kernel/ids";
import { usd } from "../../workers/kernel/money";
import { makePaymentHandlers } from "../../workers/payment/handlers";
import { SandboxGateway } from "../../workers/payment/sandbox-gateway";
import { LedgerGateway } from "../support/gateways";
import { paymentRow } from "../../workers/payment/payment-queries";
import { attemptRefund, requestRefund, retryRefunds, RETRY_AFTER_MS } from "../../workers/payment/refunds";

// Refunds by an admin (contract §6): partial or full, within 30 days of the capture, never past the captured amount
// (even racing), through the gateway port keyed by the refund id, PaymentRefunded and REFUND_ISSUED once.

const DAY = 86_400_000;
const rt = (): Runtime => ({ env, waitUntil: () => undefined });
const cause = () => ({ correlationId: newId("evt"), causationId: null });
const reason = "Item arrived damaged";

const submitted = (orderId: string, customerId: string, amount: number, token: string) =>
  anEvent("OrderSubmitted", orderId, { orderId, customerId, items: [{ productId: newId("prd"), quantity: 1 }], total: usd(amount), paymentMethod: { type: "CARD", token } });
const confirmed = (orderId: string, customerId: string, amount: number) =>
  anEvent("OrderConfirmed", orderId, { orderId, customerId, total: usd(amount), items: [{ productId: newId("prd"), quantity: 1 }] }, { version: 3 });

/** A payment authorized and captured by the real payment handlers over the sandbox gateway. */
async function capturedPayment(amount = 10_000, token = "tok_visa", capture = true) {
  const customer = await aPrincipal();
  const orderId = newId("ord");
  const handlers = makePaymentHandlers(() => new SandboxGateway());
  await handlers.OrderSubmitted!(submitted(orderId, customer.id, amount, token), rt());
  if (capture) await handlers.OrderConfirmed!(confirmed(orderId, customer.id, amount), rt());
  const row = await paymentRow(env, orderId);
  return { customer, orderId, paymentId: row!.id, status: row!.status };
}

const refund = async (paymentId: string, body: Record<string, unknown>, token?: string) =>
  api("POST", v1(`/payments/${paymentId}/refunds`), { token: token ?? (await adminToken()).token, body });
const paymentOf = async (orderId: string) => (await api("GET", v1(`/payments?orderId=${orderId}`), { token: (await adminToken()).token })).data[0];

describe("refunds", () => {
  it("refunds part of a captured payment, then the rest; the payment goes PARTIALLY_REFUNDED then REFUNDED and lists its refunds", async () => {
    const p = await capturedPayment(10_000);
    expect(p.status).toBe("CAPTURED");
    const first = await refund(p.paymentId, { amount: usd(2_500), reason });
    expect(first.status).toBe(201);
    expect(first.data).toEqual({
      id: expect.stringMatching(/^rfd_[0-9A-Z]{26}$/), paymentId: p.paymentId, orderId: p.orderId, amount: usd(2_500), reason, status: "SUCCEEDED", failureReason: null, createdAt: expect.any(String),
    });
    expect((await paymentOf(p.orderId)).status).toBe("PARTIALLY_REFUNDED");
    const rest = await refund(p.paymentId, { reason: "Customer returned the rest" });
    expect(rest.data).toMatchObject({ amount: usd(7_500), status: "SUCCEEDED" });
    // The owner sees the refunds on GET /payments too.
    const mine = await api("GET", v1(`/payments?orderId=${p.orderId}`), { token: p.customer.token });
    expect(mine.data).toEqual([expect.objectContaining({ status: "REFUNDED", amount: usd(10_000), refunds: [first.data, rest.data] })]);
    const events = await published("payment", "PaymentRefunded", p.paymentId);
    expect(events.map((e) => [e.aggregateId, e.aggregateVersion, e.data])).toEqual([
      [p.paymentId, 2, { paymentId: p.paymentId, refundId: first.data.id, orderId: p.orderId, amount: usd(2_500), reason }],
      [p.paymentId, 3, { paymentId: p.paymentId, refundId: rest.data.id, orderId: p.orderId, amount: usd(7_500), reason: "Customer returned the rest" }],
    ]);
    // Fully refunded: nothing more is allowed.
    const more = await refund(p.paymentId, { amount: usd(1), reason });
    expect(more.status).toBe(409);
    expect(more.errors[0]?.code).toBe("REFUND_NOT_ALLOWED");
  });

  it("refuses refunds that would together pass the captured amount (409 REFUND_AMOUNT_EXCEEDS_ORIGINAL) and changes nothing", async () => {
    const p = await capturedPayment(10_000);
    expect((await refund(p.paymentId, { amount: usd(6_000), reason })).status).toBe(201);
    const over = await refund(p.paymentId, { amount: usd(4_001), reason });
    expect(over.status).toBe(409);
    expect(over.errors).toEqual([expect.objectContaining({ code: "REFUND_AMOUNT_EXCEEDS_ORIGINAL", field: "amount", message: expect.stringContaining("4000 remains") })]);
    expect((await refund(p.paymentId, { amount: usd(10_001), reason })).errors[0]?.code).toBe("REFUND_AMOUNT_EXCEEDS_ORIGINAL");
    const payment = await paymentOf(p.orderId);
    expect(payment.status).toBe("PARTIALLY_REFUNDED");
    expect(payment.refunds).toHaveLength(1);
    expect((await refund(p.paymentId, { amount: usd(4_000), reason })).data.status).toBe("SUCCEEDED");
  });

  it("never refunds more than was captured when refunds race: 10 × 30 % at once, then 6 × 'the rest' at once", async () => {
    const p = await capturedPayment(10_000);
    const { token } = await adminToken();
    const answers = await Promise.all(Array.from({ length: 10 }, () => refund(p.paymentId, { amount: usd(3_000), reason }, token)));
    expect(answers.filter((a) => a.status === 201 && a.data.status === "SUCCEEDED")).toHaveLength(3);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r.errors[0]?.code).toBe("REFUND_AMOUNT_EXCEEDS_ORIGINAL");
    const rests = await Promise.all(Array.from({ length: 6 }, () => refund(p.paymentId, { reason }, token)));
    expect(rests.filter((a) => a.status === 201).map((a) => a.data.amount)).toEqual([usd(1_000)]);
    const payment = await paymentOf(p.orderId);
    expect(payment.status).toBe("REFUNDED");
    expect(payment.refunds.reduce((s: number, r: { amount: { amount: number } }) => s + r.amount.amount, 0)).toBe(10_000);
    expect(await published("payment", "PaymentRefunded", p.paymentId)).toHaveLength(4);
  });

  it("allows refunds for 30 days after the capture, and not after (409 REFUND_NOT_ALLOWED)", async () => {
    const d = db(env.DB_PAYMENT);
    const late = await capturedPayment(5_000);
    await d.update(payments).set({ capturedAt: Date.now() - 30 * DAY - 60_000 }).where(eq(payments.id, late.paymentId));
    const refused = await refund(late.paymentId, { amount: usd(100), reason });
    expect(refused.status).toBe(409);
    expect(refused.errors[0]).toMatchObject({ code: "REFUND_NOT_ALLOWED", message: expect.stringContaining("30 days") });
    expect((await paymentOf(late.orderId)).refunds).toEqual([]);
    const inTime = await capturedPayment(5_000);
    await d.update(payments).set({ capturedAt: Date.now() - 29 * DAY }).where(eq(payments.id, inTime.paymentId));
    expect((await refund(inTime.paymentId, { amount: usd(100), reason })).data.status).toBe("SUCCEEDED");
  });

  it("refuses to refund a payment that is not captured, and answers 404 for an unknown payment", async () => {
    const authorized = await capturedPayment(5_000, "tok_visa", false);
    expect(authorized.status).toBe("AUTHORIZED");
    const res = await refund(authorized.paymentId, { reason });
    expect(res.status).toBe(409);
    expect(res.errors[0]?.code).toBe("REFUND_NOT_ALLOWED");
    const declined = await capturedPayment(5_000, "tok_chargeDeclined", false);
    expect(declined.status).toBe("FAILED");
    expect((await refund(declined.paymentId, { reason })).errors[0]?.code).toBe("REFUND_NOT_ALLOWED");
    const unknown = await refund("pay_00000000000000000000000000", { reason });
    expect(unknown.status).toBe(404);
    expect(unknown.errors[0]?.code).toBe("PAYMENT_NOT_FOUND");
  });

  it("records a refund the gateway refuses as FAILED, refunds nothing, and lets the amount be refunded again", async () => {
    const p = await capturedPayment(4_000, "tok_refundFail");
    const res = await refund(p.paymentId, { reason });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({ amount: usd(4_000), status: "FAILED", failureReason: "REFUND_FAILED" });
    expect((await paymentOf(p.orderId)).status).toBe("CAPTURED");
    expect(await published("payment", "PaymentRefunded", p.paymentId)).toEqual([]);
    // Retried (the gateway works again): the FAILED refund reserved nothing, so the whole amount is refundable.
    const gateway = new LedgerGateway();
    const retry = await requestRefund(rt(), gateway, p.paymentId, { reason }, cause());
    expect(retry).toMatchObject({ ok: true, value: { amount: usd(4_000), status: "SUCCEEDED" } });
    expect(gateway.calls).toEqual([retry.ok && retry.value.id]);
    expect((await paymentOf(p.orderId)).status).toBe("REFUNDED");
  });

  it("keeps a refund the gateway did not answer PENDING with its amount reserved, and the retry settles it once", async () => {
    const p = await capturedPayment(3_000);
    const down = new LedgerGateway(() => "throw");
    const pending = await requestRefund(rt(), down, p.paymentId, { reason }, cause());
    expect(pending).toMatchObject({ ok: true, value: { status: "PENDING" } });
    const id = pending.ok ? pending.value.id : "";
    expect((await refund(p.paymentId, { amount: usd(1), reason })).errors[0]?.code).toBe("REFUND_AMOUNT_EXCEEDS_ORIGINAL");
    // Too fresh to retry yet.
    const up = new LedgerGateway();
    expect(await retryRefunds(rt(), up, Date.now())).toBe(0);
    expect(await retryRefunds(rt(), up, Date.now() + RETRY_AFTER_MS + 1_000)).toBeGreaterThanOrEqual(1);
    expect(up.calls.filter((k) => k === id)).toEqual([id]);
    const payment = await paymentOf(p.orderId);
    expect(payment).toMatchObject({ status: "REFUNDED", refunds: [expect.objectContaining({ id, status: "SUCCEEDED" })] });
    expect(await published("payment", "PaymentRefunded", id)).toHaveLength(1);
  });

  it("refunds once and publishes once when the same refund is attempted again and again at once (redelivery)", async () => {
    const p = await capturedPayment(2_000);
    const pending = await requestRefund(rt(), new LedgerGateway(() => "throw"), p.paymentId, { amount: usd(1_500), reason }, cause());
    const id = pending.ok ? pending.value.id : "";
    const [row] = await db(env.DB_PAYMENT).select().from(refunds).where(eq(refunds.id, id));
    const gateway = new LedgerGateway();
    const later = Date.now() + RETRY_AFTER_MS + 1_000;
    await Promise.all([attemptRefund(rt(), gateway, row!), attemptRefund(rt(), gateway, row!), retryRefunds(rt(), gateway, later), retryRefunds(rt(), gateway, later)]);
    expect(gateway.calls.length).toBeGreaterThanOrEqual(2);
    expect(new Set(gateway.calls)).toEqual(new Set([id]));
    expect(gateway.total()).toBe(1_500);
    expect(await published("payment", "PaymentRefunded", id)).toHaveLength(1);
    const payment = await paymentOf(p.orderId);
    expect(payment).toMatchObject({ status: "PARTIALLY_REFUNDED", refunds: [expect.objectContaining({ id, status: "SUCCEEDED", amount: usd(1_500) })] });
    const [after] = await db(env.DB_PAYMENT).select().from(refunds).where(eq(refunds.id, id));
    expect(after!.attempts).toBeGreaterThanOrEqual(2);
  });

  it("returns every validation error at once (non-positive or foreign-currency amount, short reason) and refunds nothing", async () => {
    const p = await capturedPayment(1_000);
    const res = await refund(p.paymentId, { amount: { amount: 0, currency: "EUR" }, reason: "too short", note: "x" });
    expect(res.status).toBe(400);
    expect(res.errors.map((e) => e.field)).toEqual(expect.arrayContaining(["amount.amount", "amount.currency", "reason"]));
    expect(res.errors.length).toBeGreaterThanOrEqual(4);
    for (const body of [{ amount: usd(-5), reason }, { amount: usd(1.5), reason }, { reason: "x".repeat(501) }, { reason: "          ok" }, {}]) {
      expect((await refund(p.paymentId, body)).status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    expect((await paymentOf(p.orderId))).toMatchObject({ status: "CAPTURED", refunds: [] });
  });

  it("is for admins only, checking the role before looking the payment up", async () => {
    const p = await capturedPayment(1_000);
    const seller = await sellerAccount();
    expect((await api("POST", v1(`/payments/${p.paymentId}/refunds`), { body: { reason } })).status).toBe(401);
    for (const token of [p.customer.token, seller.token]) {
      expect((await refund(p.paymentId, { reason }, token)).status).toBe(403);
      expect((await refund("pay_00000000000000000000000000", { reason }, token)).status).toBe(403);
      expect((await refund(p.paymentId, {}, token)).status).toBe(403);
    }
    expect((await paymentOf(p.orderId))).toMatchObject({ status: "CAPTURED", refunds: [] });
  });

  it("tells the customer: PaymentRefunded reaches the notification context as one REFUND_ISSUED notice, however often it is delivered", async () => {
    const customer = await aCustomer();
    const orderId = newId("ord");
    await publish([submitted(orderId, customer.id, 4_200, "tok_visa")]);
    await eventually(() => paymentRow(env, orderId), (r) => r?.status === "AUTHORIZED");
    await publish([confirmed(orderId, customer.id, 4_200)]);
    const captured = await eventually(() => paymentRow(env, orderId), (r) => r?.status === "CAPTURED");
    const res = await refund(captured!.id, { amount: usd(1_234), reason });
    expect(res.data.status).toBe("SUCCEEDED");
    const [event] = await published("payment", "PaymentRefunded", res.data.id);
    await publish([event as never], 2);
    const notices = await eventually(
      async () => ((await api("GET", v1("/notifications/me?limit=100"), { token: customer.token })).data as { type: string; body: string }[]).filter((n) => n.type === "REFUND_ISSUED"),
      (n) => n.length > 0,
      20_000,
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain("$12.34");
    expect(notices[0]!.body).toContain(orderId);
  });
});
