import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { anEvent, publish } from "../support/events";
import { eventually, settle } from "../support/settle";
import { breakProductTable, repairProductTable } from "../support/failures";
import { tokenFor } from "../support/webhooks";
import { newId } from "../../workers/kernel/ids";

const lowStock = () => {
  const productId = newId("prd");
  return anEvent("LowStockAlert", productId, { productId, available: 1, reorderPoint: 5 }, { version: 2 });
};

async function metrics() {
  const { token } = await adminToken();
  const res = await api("GET", v1("/admin/metrics"), { token });
  expect(res.status).toBe(200);
  return res.data;
}

describe("GET /admin/metrics", () => {
  it("reflects a known run: events handled, lag and processing percentiles, error rate after injected failures", async () => {
    await publish([lowStock(), lowStock(), lowStock(), lowStock(), lowStock()]);
    await settle();
    await breakProductTable();
    // While the product table is gone: two events the product handler cannot apply, and one failing request.
    await publish([lowStock(), lowStock()]);
    const failing = await api("GET", v1("/products"));
    expect(failing.status).toBe(500);
    await settle();
    // settle() can return before a DLQ consumer's batch (max_batch_timeout 1 s) has recorded its dead letters.
    await eventually(async () => (await env.DB_OPERATIONS.prepare("SELECT COUNT(*) AS n FROM dead_letters WHERE context = 'product'").first<{ n: number }>())?.n, (n) => n === 2);
    await repairProductTable();
    const { token } = await adminToken();
    expect((await api("GET", v1("/admin/metrics"))).status).toBe(401);
    expect((await api("GET", v1("/admin/no-such-route"), { token })).status).toBe(404);

    const m = await metrics();
    const product = m.contexts.product;
    // 5 handled at the first attempt; 2 failed every attempt (1 + 5 retries each) and were dead-lettered.
    expect(product.handled).toBe(5);
    expect(product.failedAttempts).toBe(12);
    expect(product.errorRate).toBeCloseTo(12 / 17, 3);
    expect(product.deadLettered).toBe(2);
    expect(product.throughputPerMin).toBe(5);
    expect(product.outboxPending).toBe(0);
    for (const p of [product.eventLagMs, product.processingMs]) {
      expect(p.p50).toEqual(expect.any(Number));
      expect(p.p99).toBeGreaterThanOrEqual(p.p50);
    }
    // Every event is also recorded in the event log (operations): 7, no failures. No webhook subscribes to
    // LowStockAlert yet in this run, so none of them reaches the integrations inbox.
    expect(m.contexts.operations).toMatchObject({ handled: 7, errorRate: 0, deadLettered: 0 });
    expect(m.contexts.integrations).toMatchObject({ handled: 0, errorRate: 0 });
    expect(m.contexts.inventory).toMatchObject({ handled: 0, errorRate: 0, eventLagMs: { p50: null, p99: null } });
    // Notification also receives LowStockAlert and retries it (these products are unknown to it), so the totals
    // are checked as the sum of the contexts rather than as fixed numbers.
    const all = Object.values(m.contexts) as { handled: number; deadLettered: number }[];
    expect(m.totals.handled).toBe(all.reduce((a, c) => a + c.handled, 0));
    expect(m.totals.handled).toBeGreaterThanOrEqual(5 + 7);
    expect(m.totals.deadLettered).toBe(all.reduce((a, c) => a + c.deadLettered, 0));
    expect(m.totals.errorRate).toBeGreaterThan(0);
    expect(m.contexts.customer.outboxPending).toBe(0);
    expect(m.productCache).toEqual({ hits: 0, misses: 0, hitRatio: null });

    expect(m.http.byStatus["500"]).toBe(1);
    expect(m.http.byStatus["401"]).toBe(1);
    expect(m.http.byStatus["404"]).toBe(1);
    expect(m.http.requests).toBeGreaterThanOrEqual(4);
    expect(m.http.errorRate).toBeGreaterThan(0);
    expect(m.http.clientErrorRate).toBeGreaterThan(0);
    expect(m.http.durationMs.p50).toEqual(expect.any(Number));
    expect(m.window.minutes).toBe(15);
    // The last hour, per minute: the charts' history. Its minutes add up to the window's counts here (the run is
    // minutes old), each point is one minute of one context, and minutes are in order.
    expect(m.lastHour.minutes).toBe(60);
    const points = m.lastHour.contexts.product as { minute: string; handled: number; failed: number; eventLagMs: { p50: number | null } }[];
    expect(points.reduce((a, p) => a + p.handled, 0)).toBe(5);
    expect(points.reduce((a, p) => a + p.failed, 0)).toBe(12);
    const minutes = points.map((p) => Date.parse(p.minute));
    expect(minutes.every((t) => t % 60_000 === 0)).toBe(true);
    expect([...minutes].sort((a, b) => a - b)).toEqual(minutes);
    expect(new Set(minutes).size).toBe(minutes.length);
    expect(points.some((p) => p.handled > 0 && p.eventLagMs.p50 !== null)).toBe(true);
    expect(m.lastHour.contexts.inventory ?? []).toEqual([]);
  });

  it("counts webhook receiver failures in the integrations error rate", async () => {
    const key = crypto.randomUUID().slice(0, 8);
    await fetch(`http://hooks.test/_hooks/${key}`, { method: "PUT", body: JSON.stringify({ mode: "fail-first", failures: 1 }) });
    const { token } = await adminToken();
    const before = (await metrics()).contexts.integrations;
    expect((await api("POST", v1("/admin/webhooks"), { token, body: { url: `http://hooks.test/hook/${key}`, eventTypes: ["LowStockAlert"] } })).status).toBe(201);
    await publish(lowStock());
    const after = await eventually(() => metrics().then((m) => m.contexts.integrations), (i) => i.handled === before.handled + 1);
    expect(after.failedAttempts).toBe(before.failedAttempts + 1);
    expect(after.errorRate).toBeGreaterThan(before.errorRate);
  });

  it("is for admins only", async () => {
    expect((await api("GET", v1("/admin/metrics"), { token: await tokenFor("CUSTOMER") })).status).toBe(403);
    expect((await api("GET", v1("/admin/metrics"), { token: await tokenFor("SELLER") })).status).toBe(403);
    expect((await api("GET", v1("/admin/metrics"), { token: "not-a-token-at-all" })).status).toBe(401);
  });
});
