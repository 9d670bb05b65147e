import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { StripeGateway } from "../../workers/payment/stripe-gateway";
import { SandboxGateway } from "../../workers/payment/sandbox-gateway";
import { paymentGateway } from "../../workers/payment/gateway";
import { makePaymentHandlers } from "../../workers/payment/handlers";
import { paymentRow } from "../../workers/payment/payment-queries";
import { anEvent } from "../support/events";
import { newId } from "../../workers/kernel/ids";
import { usd } from "../../workers/kernel/money";

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  form: Record<string, string>;
}

/** A local stand-in for api.stripe.com: records each request and answers from a script. */
function fakeStripe(answer: (req: Seen) => { status: number; body: unknown }) {
  const seen: Seen[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const entry: Seen = {
      url: req.url, method: req.method, headers: Object.fromEntries(req.headers), form: Object.fromEntries(new URLSearchParams(await req.text())),
    };
    seen.push(entry);
    const { status, body } = answer(entry);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { seen, gateway: new StripeGateway({ secretKey: "sk_test_123", baseUrl: "https://stripe.fake", fetcher }), fetcher };
}

const intent = (status: string, id = "pi_123") => ({ status: 200, body: { id, object: "payment_intent", status } });

describe("Stripe adapter", () => {
  it("authorizes with a manual-capture, confirmed PaymentIntent, form-encoded, with the idempotency key and secret", async () => {
    const stripe = fakeStripe(() => intent("requires_capture"));
    const answer = await stripe.gateway.authorize({ idempotencyKey: "pay_ABC", amount: usd(4200), token: "tok_visa", orderId: "ord_1" });
    expect(answer).toEqual({ status: "AUTHORIZED", ref: "pi_123" });
    expect(stripe.seen).toHaveLength(1);
    const [req] = stripe.seen;
    expect(req).toMatchObject({ url: "https://stripe.fake/v1/payment_intents", method: "POST" });
    expect(req!.headers).toMatchObject({ authorization: "Bearer sk_test_123", "idempotency-key": "pay_ABC", "content-type": "application/x-www-form-urlencoded" });
    expect(req!.form).toEqual({
      amount: "4200", currency: "usd", capture_method: "manual", confirm: "true", "payment_method_types[]": "card",
      "metadata[order_id]": "ord_1", "metadata[payment_id]": "pay_ABC", "payment_method_data[type]": "card", "payment_method_data[card][token]": "tok_visa",
    });
  });

  it("passes a pm_ token as payment_method", async () => {
    const stripe = fakeStripe(() => intent("requires_capture"));
    await stripe.gateway.authorize({ idempotencyKey: "pay_X", amount: usd(100), token: "pm_card_visa", orderId: "ord_1" });
    expect(stripe.seen[0]!.form.payment_method).toBe("pm_card_visa");
    expect(stripe.seen[0]!.form["payment_method_data[type]"]).toBeUndefined();
  });

  it("maps a 402 card error to DECLINED with the decline code as reason", async () => {
    const stripe = fakeStripe(() => ({ status: 402, body: { error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds", payment_intent: { id: "pi_9" } } } }));
    expect(await stripe.gateway.authorize({ idempotencyKey: "k", amount: usd(1), token: "tok_x", orderId: "o" })).toEqual({ status: "DECLINED", reason: "INSUFFICIENT_FUNDS", ref: "pi_9" });
  });

  it("reports a 3-D Secure challenge (requires_action) as PENDING", async () => {
    const stripe = fakeStripe(() => intent("requires_action", "pi_3ds"));
    expect(await stripe.gateway.authorize({ idempotencyKey: "k", amount: usd(1), token: "tok_x", orderId: "o" })).toEqual({ status: "PENDING", ref: "pi_3ds" });
  });

  it("throws on a 5xx so the queue retries the event (with the same idempotency key)", async () => {
    const stripe = fakeStripe(() => ({ status: 503, body: {} }));
    await expect(stripe.gateway.authorize({ idempotencyKey: "k", amount: usd(1), token: "tok_x", orderId: "o" })).rejects.toThrow(/503/);
  });

  it("captures, cancels and refunds on the PaymentIntent with their own idempotency keys", async () => {
    const stripe = fakeStripe(() => intent("ok"));
    expect(await stripe.gateway.capture({ idempotencyKey: "pay_1:capture", ref: "pi_1", amount: usd(4200) })).toEqual({ ok: true });
    expect(await stripe.gateway.void({ idempotencyKey: "pay_1:void", ref: "pi_1" })).toEqual({ ok: true });
    expect(await stripe.gateway.refund({ idempotencyKey: "pay_1:refund", ref: "pi_1", amount: usd(4200) })).toEqual({ ok: true });
    expect(stripe.seen.map((s) => [s.url, s.headers["idempotency-key"], s.form])).toEqual([
      ["https://stripe.fake/v1/payment_intents/pi_1/capture", "pay_1:capture", { amount_to_capture: "4200" }],
      ["https://stripe.fake/v1/payment_intents/pi_1/cancel", "pay_1:void", { cancellation_reason: "abandoned" }],
      ["https://stripe.fake/v1/refunds", "pay_1:refund", { payment_intent: "pi_1", amount: "4200" }],
    ]);
  });

  it("returns a refused follow-up as a value", async () => {
    const stripe = fakeStripe(() => ({ status: 400, body: { error: { type: "invalid_request_error", code: "payment_intent_unexpected_state" } } }));
    expect(await stripe.gateway.capture({ idempotencyKey: "k", ref: "pi_1", amount: usd(1) })).toEqual({ ok: false, reason: "PAYMENT_INTENT_UNEXPECTED_STATE" });
  });

  it("refunds with the refund id as idempotency key: a succeeded or pending Refund is accepted, a failed or canceled one refused", async () => {
    const answers = [{ status: "succeeded" }, { status: "pending" }, { status: "failed", failure_reason: "expired_or_canceled_card" }, { status: "canceled" }];
    let n = 0;
    const stripe = fakeStripe(() => ({ status: 200, body: { id: `re_${n}`, object: "refund", ...answers[n++] } }));
    const outcomes = [];
    for (let i = 0; i < answers.length; i++) outcomes.push(await stripe.gateway.refund({ idempotencyKey: `rfd_${i}`, ref: "pi_9", amount: usd(250) }));
    expect(outcomes).toEqual([{ ok: true }, { ok: true }, { ok: false, reason: "REFUND_EXPIRED_OR_CANCELED_CARD" }, { ok: false, reason: "REFUND_CANCELED" }]);
    expect(stripe.seen.map((s) => [s.url, s.headers["idempotency-key"], s.form])).toEqual(
      answers.map((_, i) => ["https://stripe.fake/v1/refunds", `rfd_${i}`, { payment_intent: "pi_9", amount: "250" }]),
    );
  });

  it("throws on a refund the processor could not answer (5xx, 429), so the refund stays PENDING and is retried", async () => {
    for (const status of [500, 503, 429, 409]) {
      const stripe = fakeStripe(() => ({ status, body: { error: { type: "api_error" } } }));
      await expect(stripe.gateway.refund({ idempotencyKey: "rfd_x", ref: "pi_1", amount: usd(1) })).rejects.toThrow(String(status));
    }
  });

  it("drives the payment handlers end to end: authorize then capture, against the fake", async () => {
    const orderId = newId("ord");
    const stripe = fakeStripe((req) => intent(req.url.endsWith("/capture") ? "succeeded" : "requires_capture", "pi_e2e"));
    const handlers = makePaymentHandlers(() => stripe.gateway);
    const rt = { env, waitUntil: () => undefined };
    const customerId = newId("cus");
    await handlers.OrderSubmitted!(anEvent("OrderSubmitted", orderId, { orderId, customerId, items: [{ productId: newId("prd"), quantity: 1 }], total: usd(990), paymentMethod: { type: "CARD", token: "tok_visa" } }), rt);
    await handlers.OrderConfirmed!(anEvent("OrderConfirmed", orderId, { orderId, customerId, total: usd(990), items: [{ productId: newId("prd"), quantity: 1 }] }), rt);
    const row = await paymentRow(env, orderId);
    expect(row).toMatchObject({ status: "CAPTURED", gatewayRef: "pi_e2e" });
    expect(stripe.seen.map((s) => s.headers["idempotency-key"])).toEqual([row!.id, `${row!.id}:capture`]);
  });
});

describe("gateway selection", () => {
  it("uses the sandbox by default and Stripe when PAYMENT_GATEWAY=stripe with a secret key", () => {
    expect(paymentGateway(env)).toBeInstanceOf(SandboxGateway);
    expect(paymentGateway({ ...env, PAYMENT_GATEWAY: "stripe", STRIPE_SECRET_KEY: "sk_test" } as Env)).toBeInstanceOf(StripeGateway);
  });

  it("refuses Stripe without a secret key, and an unknown gateway name", () => {
    expect(() => paymentGateway({ ...env, PAYMENT_GATEWAY: "stripe" } as Env)).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => paymentGateway({ ...env, PAYMENT_GATEWAY: "paypal" } as Env)).toThrow(/unknown PAYMENT_GATEWAY/);
  });
});
