import { describe, expect, it } from "vitest";
import { adminToken, api, v1 } from "../support/api";
import { anEvent, publish } from "../support/events";
import { eventually } from "../support/settle";
import { RECEIVER, receiverMode, received, uniqueKey, verifyStandardWebhook } from "../support/webhooks";
import { newId } from "../../workers/kernel/ids";

async function subscribe(key: string, eventTypes: string[] = ["LowStockAlert"]) {
  const { token } = await adminToken();
  const res = await api("POST", v1("/admin/webhooks"), { token, body: { url: `${RECEIVER}/hook/${key}`, eventTypes } });
  expect(res.status).toBe(201);
  return res.data as { id: string; secret: string; url: string; eventTypes: string[] };
}

const lowStock = () => {
  const productId = newId("prd");
  return anEvent("LowStockAlert", productId, { productId, available: 2, reorderPoint: 5 }, { version: 3 });
};

async function attempts(webhookId: string) {
  const { token } = await adminToken();
  const res = await api("GET", v1(`/admin/webhooks/${webhookId}/deliveries`), { token });
  expect(res.status).toBe(200);
  return res.data as { id: string; eventId: string; eventType: string; attempt: number; status: string; responseStatus: number | null; at: string }[];
}

describe("outbound webhooks", () => {
  it("registers a webhook with a whsec_ secret of at least 24 random bytes", async () => {
    const hook = await subscribe(uniqueKey());
    expect(hook.id).toMatch(/^whk_[0-9A-Z]{26}$/);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(atob(hook.secret.slice(6)).length).toBeGreaterThanOrEqual(24);
  });

  it("delivers a subscribed event as the envelope, signed so a Standard Webhooks verifier accepts it", async () => {
    const key = uniqueKey();
    const hook = await subscribe(key);
    const event = lowStock();
    const productId = event.aggregateId;
    const other = anEvent("InventoryReplenished", productId, { productId, available: 9 }, { version: 4 });
    await publish([event, other]);
    const [got] = await eventually(() => received(key), (r) => r.length >= 1);
    expect(got!.headers["webhook-id"]).toBe(event.eventId);
    expect(got!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(got!.body)).toEqual(event);
    expect(await verifyStandardWebhook(hook.secret, got!.headers, got!.body)).toBe(true);
    // Tampering with the body or using another secret fails verification: the check is real.
    expect(await verifyStandardWebhook(hook.secret, got!.headers, got!.body.replace('"available":2', '"available":3'))).toBe(false);
    expect(await verifyStandardWebhook((await subscribe(uniqueKey())).secret, got!.headers, got!.body)).toBe(false);
    // InventoryReplenished was not subscribed to: never posted.
    await new Promise((r) => setTimeout(r, 300));
    expect((await received(key)).map((r) => JSON.parse(r.body).eventType)).toEqual(["LowStockAlert"]);
    const list = await attempts(hook.id);
    expect(list).toEqual([expect.objectContaining({ eventId: event.eventId, eventType: "LowStockAlert", attempt: 1, status: "SUCCEEDED", responseStatus: 200 })]);
  });

  it("never sends the payment token of an OrderSubmitted to an outside receiver", async () => {
    const key = uniqueKey();
    await receiverMode(key, "ok");
    await subscribe(key, ["OrderSubmitted"]);
    const orderId = newId("ord");
    const event = anEvent("OrderSubmitted", orderId, {
      orderId, customerId: "cus_X", items: [{ productId: "prd_X", quantity: 1 }],
      total: { amount: 100, currency: "USD" }, paymentMethod: { type: "CARD", token: "tok_visa_secret_123" },
    });
    await publish(event);
    const [got] = await eventually(() => received(key), (r) => r.length >= 1);
    expect(got!.body).not.toContain("tok_visa_secret_123");
    expect(JSON.parse(got!.body).data.paymentMethod).toEqual({ type: "CARD" });
  });

  it("retries a receiver that fails twice, which then gets the event once, and lists all three attempts", async () => {
    const key = uniqueKey();
    await receiverMode(key, "fail-first", 2);
    const hook = await subscribe(key);
    const event = lowStock();
    await publish(event);
    const posts = await eventually(() => received(key), (r) => r.some((x) => x.status === 200));
    await new Promise((r) => setTimeout(r, 300));
    const all = await received(key);
    expect(all.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(all.filter((r) => r.status === 200)).toHaveLength(1);
    // The id stays the event id on every retry, so receivers can dedupe; each retry is signed afresh.
    expect(new Set(posts.map((r) => r.headers["webhook-id"]))).toEqual(new Set([event.eventId]));
    for (const p of all) expect(await verifyStandardWebhook(hook.secret, p.headers, p.body)).toBe(true);
    const list = await eventually(() => attempts(hook.id), (l) => l.length === 3);
    expect(list.map((a) => [a.attempt, a.status, a.responseStatus])).toEqual([[1, "FAILED", 503], [2, "FAILED", 503], [3, "SUCCEEDED", 200]]);
    expect(new Set(list.map((a) => a.id)).size).toBe(1);
  });

  it("ends DEAD after the whole schedule against a receiver that always fails, and a replay delivers it", async () => {
    const key = uniqueKey();
    await receiverMode(key, "fail");
    const hook = await subscribe(key);
    const event = lowStock();
    await publish(event);
    const list = await eventually(() => attempts(hook.id), (l) => l.at(-1)?.status === "DEAD");
    // 1 attempt + 7 scheduled retries (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h in production).
    expect(list.map((a) => a.status)).toEqual([...Array(7).fill("FAILED"), "DEAD"]);
    expect((await received(key)).length).toBe(8);
    const { token } = await adminToken();
    await receiverMode(key, "ok");
    const replay = await api("POST", v1(`/admin/webhooks/${hook.id}/deliveries/${list[0]!.id}/replay`), { token });
    expect(replay.status).toBe(202);
    expect(replay.data).toEqual({ id: list[0]!.id, eventId: event.eventId, status: "PENDING" });
    const after = await eventually(() => attempts(hook.id), (l) => l.at(-1)?.status === "SUCCEEDED");
    expect(after.at(-1)).toMatchObject({ attempt: 9, status: "SUCCEEDED", responseStatus: 200 });
    const ok = (await received(key)).filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(JSON.parse(ok[0]!.body)).toEqual(event);
    // A delivery that is not DEAD cannot be replayed (it would be delivered twice).
    const again = await api("POST", v1(`/admin/webhooks/${hook.id}/deliveries/${list[0]!.id}/replay`), { token });
    expect(again.status).toBe(409);
    expect(again.errors[0]?.code).toBe("WEBHOOK_DELIVERY_NOT_DEAD");
  });

  it("gives up on a receiver that does not answer within 5 seconds and retries it", async () => {
    const key = uniqueKey();
    await receiverMode(key, "hang-first", 1);
    const hook = await subscribe(key);
    await publish(lowStock());
    const list = await eventually(() => attempts(hook.id), (l) => l.at(-1)?.status === "SUCCEEDED", 20_000);
    expect(list.map((a) => [a.attempt, a.status, a.responseStatus])).toEqual([[1, "FAILED", null], [2, "SUCCEEDED", 200]]);
    expect(list[0]).toMatchObject({ error: "timeout after 5000 ms" });
    expect(Date.parse(list[1]!.at) - Date.parse(list[0]!.at)).toBeGreaterThanOrEqual(4_900);
  });

  it("delivers one event to each subscriber independently: a failing receiver does not re-post to a healthy one", async () => {
    const good = uniqueKey();
    const bad = uniqueKey();
    await receiverMode(bad, "fail-first", 1);
    await subscribe(good);
    await subscribe(bad);
    await publish(lowStock());
    await eventually(() => received(bad), (r) => r.some((x) => x.status === 200));
    expect((await received(good)).map((r) => r.status)).toEqual([200]);
  });
});
