import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anOrder, createProduct } from "../support/mothers";
import { anEvent, publish } from "../support/events";
import { eventually, settle } from "../support/settle";
import { RECEIVER, receiverMode, received, uniqueKey, type Received } from "../support/webhooks";
import { paymentGatewaySeam } from "../../workers/payment/gateway";
import { StripeGateway } from "../../workers/payment/stripe-gateway";
import { mailerFor, mailerSeam, type Mailer, type OutgoingEmail, type SendOutcome } from "../../workers/notification/mailer";
import { deliverDue } from "../../workers/notification/dispatch";
import { resetBreakers, type BreakerSnapshot } from "../../workers/kernel/breaker";
import { logListeners } from "../../workers/kernel/logging";
import { newId } from "../../workers/kernel/ids";

// Contract §5 (Outbound resilience), through the real queues and consumers in workerd. The failing dependency is
// scripted: a Stripe stand-in and webhook receivers in the test receiver worker (real outbound HTTP), and a mailer
// put in the mailer's test seam. Breakers probe again after BREAKER_COOLDOWN_SECONDS = 1 (vitest.config.ts) and
// open after 5 consecutive failures (wrangler.toml).

const COOLDOWN_MS = 1_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => resetBreakers());
afterEach(() => {
  paymentGatewaySeam.adapter = null;
  mailerSeam.adapter = null;
  resetBreakers();
});

async function breakers(): Promise<Record<string, BreakerSnapshot>> {
  const { token } = await adminToken();
  const res = await api("GET", v1("/admin/metrics"), { token });
  expect(res.status).toBe(200);
  return res.data.breakers;
}

/** Waits until the dependency's breaker is OPEN (as /admin/metrics shows it) and returns when it opened. */
async function opened(dependency: string): Promise<number> {
  const b = await eventually(() => breakers(), (all) => all[dependency]?.state === "OPEN", 20_000);
  return Date.parse(b[dependency]!.since);
}

/**
 * Calls made while the breaker was open: arrivals after it opened (plus a few ms for calls already in flight) and
 * before its cool-down ended. After the cool-down only the half-open probe may go (its failure reopens it).
 */
function callsWhileOpen(arrivals: number[], openedAt: number): { whileOpen: number; probes: number } {
  return {
    whileOpen: arrivals.filter((t) => t > openedAt + 50 && t < openedAt + COOLDOWN_MS).length,
    probes: arrivals.filter((t) => t >= openedAt + COOLDOWN_MS && t < openedAt + 2 * COOLDOWN_MS).length,
  };
}

async function deadLettersMentioning(text: string, context = "%"): Promise<number> {
  return (await env.DB_OPERATIONS.prepare(`SELECT COUNT(*) AS n FROM dead_letters WHERE body LIKE ? AND context LIKE ?`).bind(`%${text}%`, context).first<{ n: number }>())!.n;
}

async function orderStatus(token: string, orderId: string): Promise<string> {
  return (await api("GET", v1(`/orders/${orderId}`), { token })).data.status;
}

// Each test waits through an outage, a cool-down and the recovery of the queued work.
describe("circuit breakers on outbound dependencies", { timeout: 120_000 }, () => {
  it("payment gateway down then back: the breaker opens, no call while open, every waiting order authorized once", async () => {
    const key = uniqueKey();
    await receiverMode(key, "fail");
    paymentGatewaySeam.adapter = () => new StripeGateway({ secretKey: "sk_test_breaker", baseUrl: `${RECEIVER}/stripe/${key}`, fetcher: (input, init) => fetch(input, init) });
    const product = await createProduct({ initialStock: 50, reorderPoint: 0 });
    const customer = await aCustomer();
    await settle();
    const orders: string[] = [];
    for (let i = 0; i < 6; i++) {
      const order = await anOrder(customer.token, [{ productId: product.id, quantity: 1 }]);
      expect((await api("POST", v1(`/orders/${order.id}/submit`), { token: customer.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } })).status).toBe(202);
      orders.push(order.id);
    }

    const openedAt = await opened("payment-gateway");
    await sleep(2 * COOLDOWN_MS + 200); // the gateway stays down through a cool-down and a failed probe
    const during = await received(key);
    const authorizeCalls = (r: Received[]) => r.filter((c) => c.path === "/v1/payment_intents");
    const measured = callsWhileOpen(during.map((c) => c.arrivedAt), openedAt);
    expect(measured.whileOpen).toBe(0);
    expect(measured.probes).toBeLessThanOrEqual(1);
    expect(authorizeCalls(during).every((c) => c.status === 500)).toBe(true);
    for (const id of orders) expect(await orderStatus(customer.token, id)).toBe("PENDING");

    await receiverMode(key, "ok");
    for (const id of orders) await eventually(() => orderStatus(customer.token, id), (s) => s === "CONFIRMED", 30_000);
    await settle();

    const calls = await received(key);
    const authorized = authorizeCalls(calls).filter((c) => c.status === 200);
    const payments = await Promise.all(orders.map(async (orderId) => (await api("GET", v1(`/payments?orderId=${orderId}`), { token: customer.token })).data));
    // One payment per order, captured once confirmed; one successful authorization per payment (its idempotency key).
    expect(payments.map((p) => p.length)).toEqual(orders.map(() => 1));
    expect(payments.map((p) => p[0].status)).toEqual(orders.map(() => "CAPTURED"));
    expect(authorized.map((c) => c.headers["idempotency-key"]).sort()).toEqual(payments.map((p) => p[0].id).sort());
    for (const c of calls) expect(c.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    for (const id of orders) expect(await deadLettersMentioning(id)).toBe(0);
    expect((await breakers())["payment-gateway"]).toMatchObject({ state: "CLOSED", failures: 0 });
    console.log(`payment gateway: ${authorizeCalls(during).length} failed authorize calls before recovery, ${measured.whileOpen} while open, ${measured.probes} probe(s); ${authorized.length} authorizations for ${orders.length} orders`);
  });

  it("a hanging gateway call times out at the configured bound (1.5 s) and counts as a failure; the retry authorizes once", async () => {
    const key = uniqueKey();
    await receiverMode(key, "hang-first", 1, 6_000);
    paymentGatewaySeam.adapter = () => new StripeGateway({ secretKey: "sk_test_breaker", baseUrl: `${RECEIVER}/stripe/${key}`, fetcher: (input, init) => fetch(input, init) });
    const lines: Record<string, unknown>[] = [];
    const listener = (r: Record<string, unknown>) => void lines.push(r);
    logListeners.add(listener);
    try {
      const product = await createProduct({ initialStock: 5, reorderPoint: 0 });
      const customer = await aCustomer();
      await settle();
      const order = await anOrder(customer.token, [{ productId: product.id, quantity: 1 }]);
      await api("POST", v1(`/orders/${order.id}/submit`), { token: customer.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } });
      await eventually(() => orderStatus(customer.token, order.id), (s) => s === "CONFIRMED", 30_000);
      const [hung, retried] = (await eventually(() => received(key), (r) => r.filter((c) => c.path === "/v1/payment_intents").length >= 2, 10_000))
        .filter((c) => c.path === "/v1/payment_intents");
      // The retry went out when the bound expired, not when the hung call finally answered (6 s).
      const gap = retried!.arrivedAt - hung!.arrivedAt;
      expect(gap).toBeGreaterThanOrEqual(1_450);
      expect(gap).toBeLessThan(4_000);
      expect(lines.filter((l) => l.message === "outbound call failed" && l.dependency === "payment-gateway"))
        .toEqual([expect.objectContaining({ reason: "payment-gateway did not answer within 1500 ms", failures: 1 })]);
      // Both calls carried the payment's idempotency key, so the processor holds one authorization, not two.
      expect(hung!.headers["idempotency-key"]).toBe(retried!.headers["idempotency-key"]);
      const [payment] = (await api("GET", v1(`/payments?orderId=${order.id}`), { token: customer.token })).data;
      expect(payment.id).toBe(retried!.headers["idempotency-key"]);
    } finally {
      logListeners.delete(listener);
    }
  });

  it("mailer down then back: the breaker opens, no send while open, every notification sent once", async () => {
    const calls: { at: number; notificationId: string; to: string; ok: boolean }[] = [];
    let down = true;
    const scripted: Mailer = {
      async send(mail: OutgoingEmail): Promise<SendOutcome> {
        calls.push({ at: Date.now(), notificationId: mail.notificationId, to: mail.to.email, ok: !down });
        return down ? { ok: false, error: "421 service not available" } : { ok: true };
      },
    };
    mailerSeam.adapter = () => scripted;
    const customers: { id: string; token: string; email: string }[] = [];
    for (let i = 0; i < 8; i++) customers.push(await aCustomer()); // each registration sends a WELCOME email

    const openedAt = await opened("mailer");
    await sleep(2 * COOLDOWN_MS + 200);
    const measured = callsWhileOpen(calls.map((c) => c.at), openedAt);
    expect(measured.whileOpen).toBe(0);
    expect(measured.probes).toBeLessThanOrEqual(1);
    const failedBeforeRecovery = calls.length;

    down = false;
    // The sends that failed before the breaker opened wait out their own backoff (30 s): the cron sends them, here
    // run with its clock a minute ahead. The ones that never went out come back through the queue.
    await eventually(async () => {
      await deliverDue(env, mailerFor(env), { all: true }, Date.now() + 60_000);
      return Promise.all(customers.map(async (c) => (await api("GET", v1("/notifications/me"), { token: c.token })).data as { type: string; status: string }[]));
    }, (lists) => lists.every((l) => l.some((n) => n.type === "WELCOME" && n.status === "SENT")), 30_000);

    // (Only these customers' mail: notifications of earlier tests' orders may still be on their way.)
    const ours = new Set(customers.map((c) => c.email));
    const sentOk = calls.filter((c) => c.ok && ours.has(c.to));
    const perNotification = new Map<string, number>();
    for (const c of sentOk) perNotification.set(c.notificationId, (perNotification.get(c.notificationId) ?? 0) + 1);
    expect([...perNotification.values()].every((n) => n === 1)).toBe(true);
    expect(perNotification.size).toBe(customers.length);
    for (const c of customers) expect(await deadLettersMentioning(c.id)).toBe(0);
    console.log(`mailer: ${failedBeforeRecovery} failed sends before recovery, ${measured.whileOpen} while open, ${measured.probes} probe(s); ${sentOk.length} sends for ${customers.length} notifications`);
  });

  it("webhook endpoint down then back: its breaker opens, no POST while open, each event delivered once and logged", async () => {
    const key = uniqueKey();
    await receiverMode(key, "fail");
    const { token } = await adminToken();
    const hook = (await api("POST", v1("/admin/webhooks"), { token, body: { url: `${RECEIVER}/hook/${key}`, eventTypes: ["LowStockAlert"] } })).data as { id: string };
    const healthyKey = uniqueKey();
    const healthy = (await api("POST", v1("/admin/webhooks"), { token, body: { url: `${RECEIVER}/hook/${healthyKey}`, eventTypes: ["LowStockAlert"] } })).data as { id: string };
    const events = Array.from({ length: 8 }, () => {
      const productId = newId("prd");
      return anEvent("LowStockAlert", productId, { productId, available: 1, reorderPoint: 5 }, { version: 2 });
    });
    await publish(events);

    const openedAt = await opened(`webhook:${hook.id}`);
    await sleep(2 * COOLDOWN_MS + 200);
    const measured = callsWhileOpen((await received(key)).map((c) => c.arrivedAt), openedAt);
    expect(measured.whileOpen).toBe(0);
    expect(measured.probes).toBeLessThanOrEqual(1);
    // Each endpoint has its own breaker: the healthy receiver got every event meanwhile.
    expect((await breakers())[`webhook:${healthy.id}`]?.state).toBe("CLOSED");
    expect(new Set((await received(healthyKey)).map((r) => r.headers["webhook-id"]))).toEqual(new Set(events.map((e) => e.eventId)));

    await receiverMode(key, "ok");
    const delivered = await eventually(() => received(key), (r) => new Set(r.filter((c) => c.status === 200).map((c) => c.headers["webhook-id"])).size === events.length, 30_000);
    await settle();
    const ok = (await received(key)).filter((c) => c.status === 200).map((c) => c.headers["webhook-id"]);
    expect(ok.sort()).toEqual(events.map((e) => e.eventId).sort()); // each event once
    const log = (await api("GET", v1(`/admin/webhooks/${hook.id}/deliveries`), { token })).data as { eventId: string; status: string }[];
    for (const e of events) expect(log.filter((d) => d.eventId === e.eventId && d.status === "SUCCEEDED")).toHaveLength(1);
    expect(log.some((d) => d.status === "DEAD")).toBe(false);
    // (The notification context does dead-letter these alerts: their products do not exist. Not the integrations.)
    for (const e of events) expect(await deadLettersMentioning(e.eventId, "integrations")).toBe(0);
    console.log(`webhook: ${delivered.filter((c) => c.status !== 200).length} failed POSTs before recovery, ${measured.whileOpen} while open, ${measured.probes} probe(s); ${ok.length} deliveries for ${events.length} events`);
  });
});
