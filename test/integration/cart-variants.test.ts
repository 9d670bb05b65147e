import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anAddress, anOrder, aProduct, createProduct } from "../support/mothers";
import { eventually, settle } from "../support/settle";
import { itemStub } from "../../workers/inventory/stub";

// Contract §6 "Cart and order lines by variant": a line is one variant of a product, its price is the variant's,
// and the inventory context holds, fulfils and releases each variant's own stock.

type Variant = { id: string; sku: string; options: Record<string, string>; price: { amount: number } };
type Customer = Awaited<ReturnType<typeof aCustomer>>;

/** A mug in two colours: Blue at the product's price, Red dearer; each colour's stock as given. */
async function aMug(stock: { Blue: number; Red: number }) {
  const { token } = await adminToken();
  const base = aProduct({ name: "Enamel mug", price: { amount: 1_200, currency: "USD" }, initialStock: undefined });
  const res = await api("POST", v1("/products"), {
    token,
    body: {
      ...base,
      options: [{ name: "Colour", values: ["Blue", "Red"] }],
      variants: [
        { sku: `${base.sku}-BLUE`, options: { Colour: "Blue" }, initialStock: stock.Blue },
        { sku: `${base.sku}-RED`, options: { Colour: "Red" }, initialStock: stock.Red, price: { amount: 1_500, currency: "USD" } },
      ],
    },
  });
  expect(res.status).toBe(201);
  const variants = res.data.variants as Variant[];
  await Promise.all(variants.map((v) => eventually(() => itemStub(env, v.id).snapshot(), (s) => s !== null)));
  const [blue, red] = [variants.find((v) => v.options.Colour === "Blue")!, variants.find((v) => v.options.Colour === "Red")!];
  return { id: res.data.id as string, name: res.data.name as string, blue, red };
}

const add = (c: Customer, body: Record<string, unknown>) => api("POST", v1("/carts/me/items"), { token: c.token, body });
const levels = async (id: string) => {
  const s = await itemStub(env, id).snapshot();
  return { onHand: s?.onHand, reserved: s?.reserved };
};
const submit = async (c: Customer, orderId: string, token = "tok_visa") =>
  expect((await api("POST", v1(`/orders/${orderId}/submit`), { token: c.token, body: { paymentMethod: { type: "CARD", token } } })).status).toBe(202);
const getOrder = async (c: Customer, id: string) => (await api("GET", v1(`/orders/${id}`), { token: c.token })).data;

describe("cart and order lines by variant", () => {
  it("keeps two variants of one product as two lines, each at its variant's price, SKU and options", async () => {
    const mug = await aMug({ Blue: 10, Red: 10 });
    const c = await aCustomer();
    expect((await add(c, { productId: mug.id, variantId: mug.blue.id, quantity: 2 })).status).toBe(200);
    await add(c, { productId: mug.id, variantId: mug.red.id, quantity: 1 });
    const merged = await add(c, { productId: mug.id, variantId: mug.blue.id, quantity: 1 });
    expect(merged.status).toBe(200);
    expect(merged.data.items).toEqual([
      { productId: mug.id, variantId: mug.blue.id, sku: mug.blue.sku, options: { Colour: "Blue" }, name: mug.name, unitPrice: { amount: 1_200, currency: "USD" }, quantity: 3, subtotal: { amount: 3_600, currency: "USD" } },
      { productId: mug.id, variantId: mug.red.id, sku: mug.red.sku, options: { Colour: "Red" }, name: mug.name, unitPrice: { amount: 1_500, currency: "USD" }, quantity: 1, subtotal: { amount: 1_500, currency: "USD" } },
    ]);
    expect(merged.data.subtotal.amount).toBe(5_100);

    const changed = await api("PATCH", v1(`/carts/me/items/${mug.red.id}`), { token: c.token, body: { quantity: 4 } });
    expect(changed.status).toBe(200);
    expect(changed.data.items.map((i: { variantId: string; quantity: number }) => [i.variantId, i.quantity])).toEqual([[mug.blue.id, 3], [mug.red.id, 4]]);
    // The product's id names no line of a product with variants.
    const byProduct = await api("PATCH", v1(`/carts/me/items/${mug.id}`), { token: c.token, body: { quantity: 1 } });
    expect(byProduct.status).toBe(404);
    expect(byProduct.errors[0]?.code).toBe("CART_ITEM_NOT_FOUND");
    const removed = await api("DELETE", v1(`/carts/me/items/${mug.blue.id}`), { token: c.token });
    expect(removed.data.items.map((i: { variantId: string }) => i.variantId)).toEqual([mug.red.id]);
  });

  it("answers 400 VARIANT_REQUIRED without a variant, 404 VARIANT_NOT_FOUND for another product's, and changes nothing", async () => {
    const mug = await aMug({ Blue: 5, Red: 5 });
    const other = await aMug({ Blue: 5, Red: 5 });
    const c = await aCustomer();
    const none = await add(c, { productId: mug.id, quantity: 1 });
    expect(none.status).toBe(400);
    expect(none.errors[0]).toMatchObject({ code: "VARIANT_REQUIRED", field: "variantId" });
    const foreign = await add(c, { productId: mug.id, variantId: other.red.id, quantity: 1 });
    expect(foreign.status).toBe(404);
    expect(foreign.errors[0]).toMatchObject({ code: "VARIANT_NOT_FOUND", field: "variantId" });
    expect((await add(c, { productId: mug.id, variantId: "not-a-variant", quantity: 1 })).status).toBe(400);
    expect((await api("GET", v1("/carts/me"), { token: c.token })).data.items).toEqual([]);

    // A simple product's one variant is the product: named or not, the same line.
    const simple = await createProduct({ initialStock: 5 });
    await add(c, { productId: simple.id, quantity: 1 });
    const named = await add(c, { productId: simple.id, variantId: simple.id, quantity: 1 });
    expect(named.data.items).toEqual([expect.objectContaining({ productId: simple.id, variantId: simple.id, sku: simple.sku, options: {}, quantity: 2 })]);
    const wrong = await add(c, { productId: simple.id, variantId: mug.blue.id, quantity: 1 });
    expect(wrong.errors[0]?.code).toBe("VARIANT_NOT_FOUND");
  });

  it("checks each variant's own stock when adding: the other colour's plenty does not help", async () => {
    const mug = await aMug({ Blue: 1, Red: 50 });
    const c = await aCustomer();
    const short = await add(c, { productId: mug.id, variantId: mug.blue.id, quantity: 2 });
    expect(short.status).toBe(409);
    expect(short.errors[0]?.code).toBe("CART_INSUFFICIENT_STOCK");
    expect((await add(c, { productId: mug.id, variantId: mug.red.id, quantity: 2 })).status).toBe(200);
  });

  it("checks out into order items by variant, holds and fulfils each variant's stock, and every order event names the variant", async () => {
    const mug = await aMug({ Blue: 10, Red: 10 });
    const c = await aCustomer();
    const order = await anOrder(c.token, [{ productId: mug.id, variantId: mug.blue.id, quantity: 2 }, { productId: mug.id, variantId: mug.red.id, quantity: 3 }]);
    const created = await getOrder(c, order.id);
    expect(created.items).toEqual([
      expect.objectContaining({ productId: mug.id, variantId: mug.blue.id, sku: mug.blue.sku, options: { Colour: "Blue" }, unitPrice: { amount: 1_200, currency: "USD" }, quantity: 2 }),
      expect.objectContaining({ productId: mug.id, variantId: mug.red.id, sku: mug.red.sku, options: { Colour: "Red" }, unitPrice: { amount: 1_500, currency: "USD" }, quantity: 3 }),
    ]);
    expect(created.subtotal.amount).toBe(2 * 1_200 + 3 * 1_500);

    await submit(c, order.id);
    await settle();
    expect((await getOrder(c, order.id)).status).toBe("CONFIRMED");
    expect(await levels(mug.blue.id)).toEqual({ onHand: 8, reserved: 0 });
    expect(await levels(mug.red.id)).toEqual({ onHand: 7, reserved: 0 });

    const { token } = await adminToken();
    const events = (await api("GET", v1(`/admin/events?orderId=${order.id}&limit=100`), { token })).data as { eventType: string; data: { items?: unknown[] } }[];
    const blue = { productId: mug.id, variantId: mug.blue.id, sku: mug.blue.sku, options: { Colour: "Blue" }, quantity: 2 };
    const red = { productId: mug.id, variantId: mug.red.id, sku: mug.red.sku, options: { Colour: "Red" }, quantity: 3 };
    for (const type of ["OrderCreated", "OrderSubmitted", "OrderConfirmed", "InventoryReserved", "InventoryFulfilled"]) {
      const e = events.find((x) => x.eventType === type);
      expect(e, type).toBeDefined();
      expect(e!.data.items, type).toEqual(expect.arrayContaining([expect.objectContaining(blue), expect.objectContaining(red)]));
      expect(e!.data.items, type).toHaveLength(2);
    }
  });

  it("cancelling releases each variant's hold", async () => {
    const mug = await aMug({ Blue: 4, Red: 6 });
    const c = await aCustomer();
    const order = await anOrder(c.token, [{ productId: mug.id, variantId: mug.blue.id, quantity: 1 }, { productId: mug.id, variantId: mug.red.id, quantity: 2 }]);
    await submit(c, order.id, "tok_pending");
    await settle();
    expect(await levels(mug.blue.id)).toEqual({ onHand: 4, reserved: 1 });
    expect(await levels(mug.red.id)).toEqual({ onHand: 6, reserved: 2 });
    expect((await api("POST", v1(`/orders/${order.id}/cancel`), { token: c.token, body: {} })).status).toBe(200);
    await settle();
    expect(await levels(mug.blue.id)).toEqual({ onHand: 4, reserved: 0 });
    expect(await levels(mug.red.id)).toEqual({ onHand: 6, reserved: 0 });
  });

  it("two shoppers racing for the last unit of one variant: one order gets it, the other is cancelled, the plentiful variant is not oversold or leaked", async () => {
    const mug = await aMug({ Blue: 1, Red: 50 });
    const shoppers = await Promise.all([aCustomer(), aCustomer()]);
    const orders = await Promise.all(shoppers.map((s) => anOrder(s.token, [{ productId: mug.id, variantId: mug.blue.id, quantity: 1 }, { productId: mug.id, variantId: mug.red.id, quantity: 1 }])));
    await Promise.all(shoppers.map((s, i) => submit(s, orders[i]!.id)));
    await settle();
    const outcomes = await Promise.all(shoppers.map((s, i) => getOrder(s, orders[i]!.id)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(["CANCELLED", "CONFIRMED"]);
    expect(outcomes.find((o) => o.status === "CANCELLED")!.cancellationReason).toBe("INSUFFICIENT_STOCK");
    expect(await levels(mug.blue.id)).toEqual({ onHand: 0, reserved: 0 });
    // Only the winner's Red left the shelf; the loser's Red hold (if it was taken) went back.
    expect(await levels(mug.red.id)).toEqual({ onHand: 49, reserved: 0 });
  });
});
