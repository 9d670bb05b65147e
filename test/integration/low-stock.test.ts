import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { createProduct } from "../support/mothers";
import { anEvent, publish } from "../support/events";
import { eventually, settle } from "../support/settle";
import { handledBy } from "../support/reviews";
import { itemStub } from "../../workers/inventory/stub";
import { newId } from "../../workers/kernel/ids";

type Recorded = { eventId: string; aggregateVersion: number; data: { available: number } };

async function stockEvents(productId: string, type: "LowStockAlert" | "InventoryReplenished"): Promise<Recorded[]> {
  const { token } = await adminToken();
  return (await api("GET", v1(`/admin/events?aggregateId=${productId}&type=${type}&limit=100`), { token })).data as Recorded[];
}

const availability = async (id: string) => {
  const res = await api("GET", v1(`/products/${id}`));
  return { availability: res.data.availability as string, cache: res.headers.get("x-cache") };
};

/**
 * Waits for the n-th event of the type, then for the product context to finish with it; from then on the product
 * read (through the cache, warmed before the change) must show the new availability on the first try.
 */
async function afterEvent(productId: string, type: "LowStockAlert" | "InventoryReplenished", n: number, expected: string) {
  const events = await eventually(() => stockEvents(productId, type), (e) => e.length >= n);
  await handledBy(events[n - 1]!.eventId, "product");
  expect(await availability(productId)).toEqual({ availability: expected, cache: "MISS" });
  expect(await availability(productId)).toEqual({ availability: expected, cache: "HIT" });
}

describe("low stock", () => {
  it("alerts once per crossing, not once per order; OUT_OF_STOCK at zero; replenishment flips it back to IN_STOCK", async () => {
    const product = await createProduct({ initialStock: 10, reorderPoint: 5 });
    const item = itemStub(env, product.id);
    await eventually(() => item.snapshot(), (s) => s !== null);
    const cause = { correlationId: newId("evt"), causationId: null };
    const reserve = async (quantity: number) => expect((await item.reserve(newId("ord"), quantity, 900, cause)).status).toBe("HELD");

    await availability(product.id);
    await reserve(3); // 7 left: still IN
    await reserve(3); // 4 left: crosses below 5
    await afterEvent(product.id, "LowStockAlert", 1, "LOW_STOCK");
    await reserve(1); // 3 left: same level, no alert
    await reserve(2); // 1 left: same level, no alert
    await reserve(1); // 0 left: OUT
    await afterEvent(product.id, "LowStockAlert", 2, "OUT_OF_STOCK");

    const { token } = await adminToken();
    const adjusted = await api("POST", v1(`/inventory/${product.id}/adjustments`), { token, body: { delta: 20, reason: "RECEIVED" } });
    expect(adjusted.status).toBe(200);
    await afterEvent(product.id, "InventoryReplenished", 1, "IN_STOCK");

    await settle();
    const alerts = await stockEvents(product.id, "LowStockAlert");
    expect(alerts.map((e) => e.data.available)).toEqual([4, 0]);
    expect((await stockEvents(product.id, "InventoryReplenished")).map((e) => e.data.available)).toEqual([20]);
    expect((await availability(product.id)).availability).toBe("IN_STOCK");
  });

  it("a late, older LowStockAlert does not regress availability, and redeliveries change nothing", async () => {
    const product = await createProduct({ initialStock: 6, reorderPoint: 5 });
    const { token } = await adminToken();
    await eventually(() => itemStub(env, product.id).snapshot(), (s) => s !== null);
    expect((await api("POST", v1(`/inventory/${product.id}/adjustments`), { token, body: { delta: -3, reason: "DAMAGED" } })).status).toBe(200);
    await afterEvent(product.id, "LowStockAlert", 1, "LOW_STOCK");
    expect((await api("POST", v1(`/inventory/${product.id}/adjustments`), { token, body: { delta: 10, reason: "RECEIVED" } })).status).toBe(200);
    await afterEvent(product.id, "InventoryReplenished", 1, "IN_STOCK");
    const [alert] = await stockEvents(product.id, "LowStockAlert");
    const stale = anEvent("LowStockAlert", product.id, { productId: product.id, available: 0, reorderPoint: 5 }, { version: alert!.aggregateVersion });
    await publish(stale, 3);
    await handledBy(stale.eventId, "product");
    await settle();
    expect((await availability(product.id)).availability).toBe("IN_STOCK");
  });

  it("refuses bad adjustments with 4xx and leaves stock and availability unchanged", async () => {
    const product = await createProduct({ initialStock: 6, reorderPoint: 5 });
    const { token } = await adminToken();
    await eventually(() => itemStub(env, product.id).snapshot(), (s) => s !== null);
    for (const body of [{ delta: 0, reason: "x" }, { delta: 1.5, reason: "x" }, { delta: -1 }, { delta: -100, reason: "too much" }]) {
      const res = await api("POST", v1(`/inventory/${product.id}/adjustments`), { token, body });
      expect([400, 409]).toContain(res.status);
    }
    await settle();
    expect((await itemStub(env, product.id).snapshot())?.available).toBe(6);
    expect(await stockEvents(product.id, "LowStockAlert")).toEqual([]);
    expect((await availability(product.id)).availability).toBe("IN_STOCK");
  });
});
