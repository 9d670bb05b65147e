import { describe, expect, it } from "vitest";
import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { api, v1 } from "../support/api";
import { createProduct } from "../support/mothers";
import { eventually } from "../support/settle";
import { itemStub } from "../../workers/inventory/stub";
import { COALESCE_MS, type AvailabilityMessage } from "../../durable-objects/inventory-item/live-availability";
import type { InventoryItemObject } from "../../durable-objects/inventory-item/inventory-item-object";

const stubOf = (productId: string) => itemStub(env, productId) as unknown as DurableObjectStub<InventoryItemObject>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cause = { correlationId: "live-availability-test", causationId: null };

const liveRequest = (productId: string, upgrade = true) =>
  exports.default.fetch(new Request(`https://api.test/api/v1/products/${productId}/availability/live`, { headers: { "cf-connecting-ip": "198.19.8.8", ...(upgrade ? { upgrade: "websocket" } : {}) } }));

async function watch(productId: string) {
  const res = await liveRequest(productId);
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const messages: AvailabilityMessage[] = [];
  ws.addEventListener("message", (e) => messages.push(JSON.parse(e.data as string) as AvailabilityMessage));
  return { ws, messages };
}

async function aProduct(initialStock: number, reorderPoint = 0) {
  const p = await createProduct({ initialStock, reorderPoint });
  await eventually(() => api("GET", v1(`/inventory/${p.id}/availability`)), (r) => r.status === 200);
  return p.id;
}

/** n reservations of one unit each, back to back inside the object: a burst far shorter than the window. */
const burst = (productId: string, n: number, tag: string) =>
  runInDurableObject(stubOf(productId), async (o: InventoryItemObject) => {
    for (let i = 0; i < n; i++) await o.reserve(`ord_${tag}${String(i).padStart(4, "0")}`, 1, 900, cause);
  });

describe("live availability over a hibernatable WebSocket", () => {
  it("sends what the public availability route says, on connect", async () => {
    const productId = await aProduct(7, 3);
    const w = await watch(productId);
    await eventually(async () => w.messages.length, (n) => n === 1);
    const pub = (await api("GET", v1(`/inventory/${productId}/availability`))).data;
    expect(w.messages[0]).toEqual({ type: "availability", ...pub, version: expect.any(Number) });
    w.ws.close(1000);
  });

  it("gives 200 watchers one coalesced message after a burst of 50 reservations", async () => {
    const productId = await aProduct(100);
    const watchers = await Promise.all(Array.from({ length: 200 }, () => watch(productId)));
    await eventually(async () => watchers.every((w) => w.messages.length === 1), Boolean);
    await burst(productId, 50, "BURST");
    await eventually(async () => watchers.every((w) => w.messages.length >= 2), Boolean);
    await sleep(COALESCE_MS * 3);
    for (const w of watchers) {
      expect(w.messages).toHaveLength(2);
      expect(w.messages[1]).toMatchObject({ type: "availability", productId, available: 50, status: "IN_STOCK" });
      expect(w.messages[1]!.version).toBeGreaterThan(w.messages[0]!.version);
    }
    expect((await api("GET", v1(`/inventory/${productId}/availability`))).data).toMatchObject({ available: 50 });
    for (const w of watchers) w.ws.close(1000);
  });

  it("sends at most about 4 messages a second under a steady stream of reservations, and the status edges", async () => {
    const productId = await aProduct(200, 150);
    const w = await watch(productId);
    const started = Date.now();
    for (let i = 0; i < 60; i++) {
      await stubOf(productId).reserve(`ord_STREAM${String(i).padStart(4, "0")}`, 1, 900, cause);
      await sleep(20);
    }
    const elapsed = Date.now() - started;
    await sleep(COALESCE_MS * 3);
    const pushes = w.messages.length - 1;
    expect(pushes).toBeGreaterThan(0);
    expect(pushes).toBeLessThanOrEqual(Math.ceil(elapsed / COALESCE_MS) + 1);
    expect(w.messages.at(-1)).toMatchObject({ available: 140, status: "LOW_STOCK" });
    w.ws.close(1000);
  });

  it("keeps watching through an eviction of the item object", async () => {
    const productId = await aProduct(10);
    const w = await watch(productId);
    await eventually(async () => w.messages.length, (n) => n === 1);
    await evictDurableObject(stubOf(productId));
    await stubOf(productId).reserve("ord_EVICTED0001", 4, 900, cause);
    await eventually(async () => w.messages.length, (n) => n === 2);
    expect(w.messages[1]).toMatchObject({ available: 6, status: "IN_STOCK" });
    w.ws.close(1000);
  });

  it("answers 426 to a plain GET, 404 to an unknown product and 400 to a malformed id", async () => {
    const productId = await aProduct(1);
    expect((await liveRequest(productId, false)).status).toBe(426);
    expect((await liveRequest("prd_00000000000000000000000000")).status).toBe(404);
    expect((await liveRequest("nope")).status).toBe(400);
  });
});
