import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import { adminToken, api, v1 } from "../support/api";
import { createProduct } from "../support/mothers";
import { anEvent, publish } from "../support/events";
import { eventually } from "../support/settle";
import { handledBy } from "../support/reviews";
import { newId } from "../../workers/kernel/ids";
import { db } from "../../workers/events/outbox-d1";
import { products } from "../../schema/product/tables";
import { fill, lookup } from "../../workers/product/cache";
import { loadProduct } from "../../workers/product/service";
import { productCacheStats } from "../../workers/product/cache-stats";

const get = async (id: string, headers: Record<string, string> = {}) => {
  const res = await api("GET", v1(`/products/${id}`), { headers });
  return { status: res.status, cache: res.headers.get("x-cache"), etag: res.headers.get("etag"), data: res.data, res };
};
const patch = async (id: string, body: unknown) => api("PATCH", v1(`/products/${id}`), { token: (await adminToken()).token, body });

describe("product cache (cache-aside over KV)", () => {
  it("the first read misses and fills the entry, later reads hit; productCacheStats counts both", async () => {
    const before = await productCacheStats(env);
    const product = await createProduct();
    const first = await get(product.id);
    expect(first).toMatchObject({ status: 200, cache: "MISS" });
    expect(first.data).toMatchObject({ id: product.id, name: product.name, availability: "IN_STOCK", averageRating: null, reviewCount: 0 });
    const second = await eventually(() => get(product.id), (r) => r.cache === "HIT");
    expect(second.data).toEqual(first.data);
    expect((await get(product.id)).cache).toBe("HIT");
    const after = await eventually(() => productCacheStats(env), (s) => s.hits - before.hits >= 2 && s.misses - before.misses >= 1);
    expect(after.hitRatio).toBeCloseTo(after.hits / (after.hits + after.misses), 10);
    expect(after.hitRatio).toBeGreaterThan(0);
  });

  it("a price or name update evicts: the next read shows the change, then hits again", async () => {
    const product = await createProduct();
    await get(product.id);
    await eventually(() => get(product.id), (r) => r.cache === "HIT");
    expect((await patch(product.id, { price: { amount: 9_900, currency: "USD" } })).status).toBe(200);
    const afterPrice = await get(product.id);
    expect(afterPrice).toMatchObject({ cache: "MISS", data: { price: { amount: 9_900, currency: "USD" } } });
    await eventually(() => get(product.id), (r) => r.cache === "HIT");
    expect((await patch(product.id, { name: "Renamed Shoe" })).status).toBe(200);
    expect(await get(product.id)).toMatchObject({ cache: "MISS", data: { name: "Renamed Shoe", price: { amount: 9_900 } } });
    // The PATCH's guarded events are published too (ProductUpdated twice, ProductPriceChanged once).
    const { token } = await adminToken();
    const types = async () => ((await api("GET", v1(`/admin/events?aggregateId=${product.id}`), { token })).data as { eventType: string }[]).map((e) => e.eventType);
    await eventually(types, (t) => t.filter((x) => x === "ProductUpdated").length === 2 && t.includes("ProductPriceChanged"));
  });

  it("the ProductUpdated handler evicts on its own, for a writer that changed the row but never evicted", async () => {
    const product = await createProduct();
    await get(product.id);
    await eventually(() => get(product.id), (r) => r.cache === "HIT");
    await db(env.DB_PRODUCT).update(products).set({ name: "Changed Behind The Cache", version: sql`${products.version} + 1` }).where(eq(products.id, product.id));
    expect((await get(product.id)).data.name).toBe(product.name);
    const updated = anEvent("ProductUpdated", product.id, { productId: product.id, changedFields: ["name"], price: product.price as { amount: number; currency: "USD" }, name: "Changed Behind The Cache", status: "ACTIVE" }, { version: 2 });
    await publish(updated);
    await handledBy(updated.eventId, "product");
    expect(await get(product.id)).toMatchObject({ cache: "MISS", data: { name: "Changed Behind The Cache" } });
  });

  it("a rating change evicts: once ReviewApproved is handled the entry with the old rating is never served", async () => {
    const product = await createProduct();
    await get(product.id);
    await eventually(() => get(product.id), (r) => r.cache === "HIT");
    const reviewId = newId("rev");
    const approved = anEvent("ReviewApproved", reviewId, { reviewId, productId: product.id, customerId: newId("cus"), rating: 4 }, { version: 2 });
    await publish(approved);
    await handledBy(approved.eventId, "product");
    expect(await get(product.id)).toMatchObject({ cache: "MISS", data: { averageRating: 4, reviewCount: 1 } });
    expect((await eventually(() => get(product.id), (r) => r.cache === "HIT")).data).toMatchObject({ averageRating: 4, reviewCount: 1 });
  });

  it("an availability change evicts: once LowStockAlert is handled the IN_STOCK entry is never served", async () => {
    const product = await createProduct({ initialStock: 10, reorderPoint: 5 });
    await get(product.id);
    await eventually(() => get(product.id), (r) => r.cache === "HIT");
    const alert = anEvent("LowStockAlert", product.id, { productId: product.id, available: 2, reorderPoint: 5 }, { version: 5 });
    await publish(alert);
    await handledBy(alert.eventId, "product");
    expect(await get(product.id)).toMatchObject({ cache: "MISS", data: { availability: "LOW_STOCK" } });
  });

  it("a read that began before an eviction cannot put the stale row back into service", async () => {
    const product = await createProduct();
    // The slow reader: misses, reads the generation and then the row, and has not written the entry yet.
    const started = await lookup(env.PRODUCT_CACHE, product.id);
    if (started.hit) throw new Error("a new product cannot be cached yet");
    const old = await loadProduct(env, product.id);
    // Meanwhile the product changes and the change is evicted.
    expect((await patch(product.id, { name: "Fresh Name" })).status).toBe(200);
    // The slow reader finally writes what it read.
    await fill(env.PRODUCT_CACHE, product.id, started.generation, old!.product, old!.etag);
    expect((await env.PRODUCT_CACHE.get<{ product: { name: string } }>(`product:${product.id}`, "json"))?.product.name).toBe(product.name);
    expect(await get(product.id)).toMatchObject({ cache: "MISS", data: { name: "Fresh Name" } });
    expect((await eventually(() => get(product.id), (r) => r.cache === "HIT")).data.name).toBe("Fresh Name");
  });

  it("answers If-None-Match with 304 and no body while the ETag holds, and 200 with a new ETag after a change", async () => {
    const product = await createProduct();
    const first = await get(product.id);
    expect(first.etag).toMatch(/^".+"$/);
    expect(first.res.headers.get("cache-control")).toBe("public, max-age=30, must-revalidate");
    for (const inm of [first.etag!, `W/${first.etag}`, `"other", ${first.etag}`, "*"]) {
      const res = await get(product.id, { "if-none-match": inm });
      expect(res.status, inm).toBe(304);
      expect(res.res.body).toBeNull();
      expect(res.etag).toBe(first.etag);
    }
    expect((await get(product.id, { "if-none-match": '"stale"' })).status).toBe(200);
    expect((await patch(product.id, { description: "Now with laces" })).status).toBe(200);
    const changed = await get(product.id, { "if-none-match": first.etag! });
    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(first.etag);
    expect(changed.data.description).toBe("Now with laces");
  });

  it("does not cache unknown products and refuses bad input with 400", async () => {
    const unknown = newId("prd");
    const res = await get(unknown);
    expect(res.status).toBe(404);
    expect(res.res.errors[0]?.code).toBe("PRODUCT_NOT_FOUND");
    expect(await env.PRODUCT_CACHE.get(`product:${unknown}`)).toBeNull();
    expect((await get("x".repeat(65))).status).toBe(400);
    const product = await createProduct();
    expect((await get(product.id, { "if-none-match": `"${"x".repeat(1001)}"` })).status).toBe(400);
    const bad = await patch(product.id, { price: { amount: -1, currency: "USD" } });
    expect(bad.status).toBe(400);
    expect((await get(product.id)).data.price.amount).toBe(product.price.amount);
  });
});

describe("OpenAPI document", () => {
  it("lists the review routes and the product read with every status they return", async () => {
    const doc = (await api("GET", "/openapi.json")).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path]?.[method]?.responses ?? {}).sort();
    expect(statuses("/api/v1/products/{id}", "get")).toEqual(expect.arrayContaining(["200", "304", "400", "404"]));
    expect(statuses("/api/v1/reviews", "post")).toEqual(expect.arrayContaining(["201", "400", "401", "403", "409", "415"]));
    expect(statuses("/api/v1/reviews", "get")).toEqual(expect.arrayContaining(["200", "400", "401", "403"]));
    expect(statuses("/api/v1/reviews/{id}/approve", "post")).toEqual(expect.arrayContaining(["200", "401", "403", "404", "409"]));
    expect(statuses("/api/v1/reviews/{id}/reject", "post")).toEqual(expect.arrayContaining(["200", "400", "403", "404", "409"]));
    expect(statuses("/api/v1/products/{id}/reviews", "get")).toEqual(expect.arrayContaining(["200", "400", "404"]));
  });
});
