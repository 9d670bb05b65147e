import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { anEvent } from "../support/events";
import { eventually } from "../support/settle";
import { queueSender } from "../../workers/events/outbox";
import { newId } from "../../workers/kernel/ids";

/** Follows nextCursor from the first page to the last, bounded; returns every event id in the order served. */
async function pageThrough(token: string, query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  for (; pages < 50; pages++) {
    const res = await api("GET", v1(`/admin/events?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`), { token });
    expect(res.status).toBe(200);
    ids.push(...(res.data as { eventId: string }[]).map((e) => e.eventId));
    cursor = (res.body as { metadata: { nextCursor: string | null } }).metadata.nextCursor;
    if (!cursor) return { ids, pages: pages + 1 };
  }
  throw new Error("more than 50 pages");
}

// Issue 17 item 3: the store used to be read 500 rows at a time and paged in memory, so the newest were unreachable.
describe("GET /admin/events pages in the store with a cursor", () => {
  it("reaches every one of 620 events of one aggregate and type, oldest first, newest last, each once", async () => {
    const { token } = await adminToken();
    const productId = newId("prd");
    const start = Date.now() - 620_000;
    // One LowStockAlert a second apart, so occurredOn orders them; sent to the operations inbox like the relay does.
    const events = Array.from({ length: 620 }, (_, i) =>
      ({ ...anEvent("LowStockAlert", productId, { productId, available: i % 5, reorderPoint: 5 }, { version: i + 1 }), occurredOn: new Date(start + i * 1000).toISOString() }));
    await queueSender(env).send("operations", events.map((e) => JSON.stringify(e)));
    // A few events of another type on the same aggregate: type= must not count them.
    const others = Array.from({ length: 3 }, (_, i) => anEvent("InventoryReplenished", productId, { productId, available: 50 + i }, { version: 700 + i }));
    await queueSender(env).send("operations", others.map((e) => JSON.stringify(e)));

    // Waits (bounded) for the operations consumer to record them all; the count is what a failure reports.
    await eventually(async () => (await pageThrough(token, `aggregateId=${productId}`, 100)).ids.length, (n) => n >= 623, 20_000);
    const all = await pageThrough(token, `aggregateId=${productId}`, 100);
    expect(all.ids).toHaveLength(623);
    expect(new Set(all.ids).size).toBe(623);

    const typed = await pageThrough(token, `aggregateId=${productId}&type=LowStockAlert`, 100);
    expect(typed.pages).toBe(7);
    expect(typed.ids).toEqual(events.map((e) => e.eventId));
    // The newest is reachable, and is the last thing served.
    expect(typed.ids.at(-1)).toBe(events.at(-1)!.eventId);
  });

  it("pages the whole log by type across every aggregate, the newest included", async () => {
    const { token } = await adminToken();
    const batch = Array.from({ length: 520 }, (_, i) => {
      const productId = newId("prd");
      return anEvent("InventoryReplenished", productId, { productId, available: i }, { version: 1 });
    });
    for (let i = 0; i < batch.length; i += 100) await queueSender(env).send("operations", batch.slice(i, i + 100).map((e) => JSON.stringify(e)));
    const wanted = new Set(batch.map((e) => e.eventId));
    const served = async () => (await pageThrough(token, "type=InventoryReplenished", 100)).ids.filter((id) => wanted.has(id)).length;
    await eventually(served, (n) => n >= 520, 20_000);
    const seen = await pageThrough(token, "type=InventoryReplenished", 100);
    expect(seen.ids.filter((id) => wanted.has(id))).toHaveLength(520);
    expect(new Set(seen.ids).size).toBe(seen.ids.length);
    expect(seen.ids).toContain(batch.at(-1)!.eventId);
  });
});
