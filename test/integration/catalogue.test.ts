import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { aProduct, createProduct } from "../support/mothers";
import { sellerAccount } from "../support/accounts";
import { eventually, settle } from "../support/settle";
import { itemStub } from "../../workers/inventory/stub";

const uniqueCategory = () => `cat-${crypto.randomUUID().slice(0, 8)}`;

async function eventsOf(aggregateId: string) {
  const { token } = await adminToken();
  const res = await api("GET", v1(`/admin/events?aggregateId=${aggregateId}`), { token });
  expect(res.status).toBe(200);
  return res.data as { eventType: string; correlationId: string; data: Record<string, unknown>; deliveries: Record<string, { status: string }> }[];
}

describe("catalogue", () => {
  it("creates a product over HTTP and its inventory item through the real queue", async () => {
    const { token } = await adminToken();
    const res = await api("POST", v1("/products"), { token, body: aProduct({ initialStock: 42, reorderPoint: 7 }) });
    expect(res.status).toBe(201);
    expect(res.data.id).toMatch(/^prd_/);
    expect(res.data.availability).toBe("IN_STOCK");
    const levels = await eventually(() => itemStub(env, res.data.id).snapshot(), (l) => l !== null);
    expect(levels).toMatchObject({ onHand: 42, reserved: 0, available: 42, reorderPoint: 7 });
    await settle();
    const inv = await api("GET", v1(`/inventory/${res.data.id}`), { token });
    expect(inv.status).toBe(200);
    expect(inv.data).toEqual({ productId: res.data.id, onHand: 42, reserved: 0, available: 42, reorderPoint: 7 });
  });

  it("refuses a duplicate SKU with 409 PRODUCT_SKU_EXISTS", async () => {
    const p = await createProduct();
    const { token } = await adminToken();
    const res = await api("POST", v1("/products"), { token, body: aProduct({ sku: p.sku }) });
    expect(res.status).toBe(409);
    expect(res.errors[0]?.code).toBe("PRODUCT_SKU_EXISTS");
  });

  it("gets one product with the contract's fields, and 404 PRODUCT_NOT_FOUND for an unknown id", async () => {
    const p = await createProduct({ category: "hats", initialStock: 3, reorderPoint: 5 });
    const res = await api("GET", v1(`/products/${p.id}`));
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      id: p.id, sku: p.sku, name: p.name, price: { amount: 12_900, currency: "USD" }, category: "hats", sellerId: null,
      status: "ACTIVE", availability: "LOW_STOCK", averageRating: null, reviewCount: 0,
    });
    const missing = await api("GET", v1("/products/prd_00000000000000000000000000"));
    expect(missing.status).toBe(404);
    expect(missing.errors[0]?.code).toBe("PRODUCT_NOT_FOUND");
  });

  it("lists active products filtered by category and by a search on the name", async () => {
    const category = uniqueCategory();
    const boot = await createProduct({ category, name: "Alpine Boot" });
    const sock = await createProduct({ category, name: "Wool Sock" });
    await createProduct({ category: uniqueCategory(), name: "Alpine Boot elsewhere" });

    const byCategory = await api("GET", v1(`/products?category=${category}`));
    expect(byCategory.status).toBe(200);
    expect(byCategory.data.map((p: { id: string }) => p.id)).toEqual([boot.id, sock.id]);
    expect(byCategory.body.metadata.nextCursor).toBeNull();

    const search = await api("GET", v1(`/products?category=${category}&q=alpine`));
    expect(search.data.map((p: { id: string }) => p.id)).toEqual([boot.id]);

    const wildcard = await api("GET", v1(`/products?category=${category}&q=${encodeURIComponent("%")}`));
    expect(wildcard.data).toEqual([]);
  });

  it("pages with limit and an opaque cursor until nextCursor is null", async () => {
    const category = uniqueCategory();
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await createProduct({ category })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Awaited<ReturnType<typeof api>> = await api("GET", v1(`/products?category=${category}&limit=2${cursor ? `&cursor=${cursor}` : ""}`));
      expect(res.status).toBe(200);
      expect(res.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.data.map((p: { id: string }) => p.id));
      cursor = res.body.metadata.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(created);
  });

  it("updates a product, publishing ProductUpdated and ProductPriceChanged with the request's correlation id", async () => {
    const p = await createProduct();
    const { token } = await adminToken();
    const res = await api("PATCH", v1(`/products/${p.id}`), {
      token, headers: { "x-request-id": `req-patch-${p.id}` }, body: { name: "Trail Running Shoe v2", price: { amount: 9_900, currency: "USD" } },
    });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ id: p.id, name: "Trail Running Shoe v2", price: { amount: 9_900, currency: "USD" } });
    expect((await api("GET", v1(`/products/${p.id}`))).data.price.amount).toBe(9_900);

    await settle();
    const events = await eventsOf(p.id);
    // ProductUpdated and ProductPriceChanged occur in the same millisecond: their relative order is not defined.
    expect(events[0]?.eventType).toBe("ProductCreated");
    expect(events.map((e) => e.eventType).sort()).toEqual(["ProductCreated", "ProductPriceChanged", "ProductUpdated"]);
    const updated = events.find((e) => e.eventType === "ProductUpdated");
    const priceChanged = events.find((e) => e.eventType === "ProductPriceChanged");
    expect(updated?.data).toMatchObject({ productId: p.id, changedFields: ["name", "price"], name: "Trail Running Shoe v2", price: { amount: 9_900 } });
    expect(priceChanged?.data).toEqual({ productId: p.id, oldPrice: { amount: 12_900, currency: "USD" }, newPrice: { amount: 9_900, currency: "USD" } });
    expect(updated?.correlationId).toBe(`req-patch-${p.id}`);
    expect(priceChanged?.correlationId).toBe(`req-patch-${p.id}`);
  });

  it("publishes ProductUpdated without ProductPriceChanged when the price stays", async () => {
    const p = await createProduct();
    const { token } = await adminToken();
    expect((await api("PATCH", v1(`/products/${p.id}`), { token, body: { description: "Now in blue." } })).status).toBe(200);
    await settle();
    expect((await eventsOf(p.id)).map((e) => e.eventType)).toEqual(["ProductCreated", "ProductUpdated"]);
  });

  it("hides a discontinued product from the list but still serves it by id", async () => {
    const category = uniqueCategory();
    const keep = await createProduct({ category });
    const drop = await createProduct({ category });
    const { token } = await adminToken();
    expect((await api("PATCH", v1(`/products/${drop.id}`), { token, body: { status: "DISCONTINUED" } })).status).toBe(200);
    const list = await api("GET", v1(`/products?category=${category}`));
    expect(list.data.map((p: { id: string }) => p.id)).toEqual([keep.id]);
    const one = await api("GET", v1(`/products/${drop.id}`));
    expect(one.data.status).toBe("DISCONTINUED");
  });

  it("lets a seller own what it creates; another seller PATCHing it gets 404 and changes nothing", async () => {
    const owner = await sellerAccount();
    const other = await sellerAccount();
    const p = await createProduct({ initialStock: 0 }, owner.token);
    expect(p.sellerId).toBe(owner.id);

    const stranger = await api("PATCH", v1(`/products/${p.id}`), { token: other.token, body: { name: "Hijacked" } });
    expect(stranger.status).toBe(404);
    expect(stranger.errors[0]?.code).toBe("PRODUCT_NOT_FOUND");
    expect((await api("GET", v1(`/products/${p.id}`))).data.name).toBe(p.name);

    const mine = await api("PATCH", v1(`/products/${p.id}`), { token: owner.token, body: { name: "Renamed by owner" } });
    expect(mine.status).toBe(200);
    expect(mine.data.name).toBe("Renamed by owner");
  });

  it("keeps a seller's inventory private to that seller and admins", async () => {
    const owner = await sellerAccount();
    const other = await sellerAccount();
    const p = await createProduct({ initialStock: 8 }, owner.token);
    await eventually(() => itemStub(env, p.id).snapshot(), (l) => l !== null);
    expect((await api("GET", v1(`/inventory/${p.id}`), { token: owner.token })).data.onHand).toBe(8);
    const peek = await api("GET", v1(`/inventory/${p.id}`), { token: other.token });
    expect(peek.status).toBe(404);
    const adjust = await api("POST", v1(`/inventory/${p.id}/adjustments`), { token: other.token, body: { delta: -8, reason: "theft" } });
    expect(adjust.status).toBe(404);
    expect((await itemStub(env, p.id).snapshot())?.onHand).toBe(8);
  });

  it("follows the item's stock: availability turns LOW_STOCK on LowStockAlert and IN_STOCK on InventoryReplenished", async () => {
    const p = await createProduct({ initialStock: 20, reorderPoint: 5 });
    const { token } = await adminToken();
    await eventually(() => itemStub(env, p.id).snapshot(), (l) => l !== null);

    const down = await api("POST", v1(`/inventory/${p.id}/adjustments`), { token, body: { delta: -18, reason: "damaged" } });
    expect(down.status).toBe(200);
    expect(down.data).toMatchObject({ onHand: 2, available: 2 });
    await eventually(async () => (await api("GET", v1(`/products/${p.id}`))).data.availability, (a) => a === "LOW_STOCK");
    expect((await api("GET", v1(`/inventory/${p.id}/availability`))).data).toEqual({ productId: p.id, available: 2, status: "LOW_STOCK" });

    expect((await api("POST", v1(`/inventory/${p.id}/adjustments`), { token, body: { delta: 10, reason: "received" } })).status).toBe(200);
    await eventually(async () => (await api("GET", v1(`/products/${p.id}`))).data.availability, (a) => a === "IN_STOCK");

    const tooMuch = await api("POST", v1(`/inventory/${p.id}/adjustments`), { token, body: { delta: -13, reason: "recount" } });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.errors[0]).toMatchObject({ code: "INVENTORY_NEGATIVE_STOCK", field: "delta" });
    expect((await itemStub(env, p.id).snapshot())?.onHand).toBe(12);
    await settle();
  });

  it("sets the reorder point over HTTP", async () => {
    const p = await createProduct({ initialStock: 20, reorderPoint: 5 });
    const { token } = await adminToken();
    await eventually(() => itemStub(env, p.id).snapshot(), (l) => l !== null);
    const res = await api("PUT", v1(`/inventory/${p.id}/reorder-point`), { token, body: { reorderPoint: 25 } });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ productId: p.id, onHand: 20, reserved: 0, available: 20, reorderPoint: 25 });
    await eventually(async () => (await api("GET", v1(`/products/${p.id}`))).data.availability, (a) => a === "LOW_STOCK");
    await settle();
  });
});
