import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anAddress, anOrder, createProduct } from "../support/mothers";
import { eventually, settle } from "../support/settle";
import { orderStub } from "../../workers/order/stub";

describe("cart", () => {
  it("shows lines at current prices, merges repeated adds, changes and removes lines", async () => {
    const a = await createProduct({ price: { amount: 1_000, currency: "USD" }, initialStock: 50 });
    const b = await createProduct({ price: { amount: 250, currency: "USD" }, initialStock: 50 });
    const c = await aCustomer();
    const empty = await api("GET", v1("/carts/me"), { token: c.token });
    expect(empty.status).toBe(200);
    expect(empty.data.items).toEqual([]);
    await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: a.id, quantity: 2 } });
    await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: b.id, quantity: 1 } });
    const merged = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: a.id, quantity: 3 } });
    expect(merged.status).toBe(200);
    expect(merged.data.items).toEqual([
      { productId: a.id, variantId: a.id, sku: a.sku, options: {}, name: a.name, unitPrice: { amount: 1_000, currency: "USD" }, quantity: 5, subtotal: { amount: 5_000, currency: "USD" } },
      { productId: b.id, variantId: b.id, sku: b.sku, options: {}, name: b.name, unitPrice: { amount: 250, currency: "USD" }, quantity: 1, subtotal: { amount: 250, currency: "USD" } },
    ]);
    expect(merged.data.total).toEqual({ amount: 5_250, currency: "USD" });
    const changed = await api("PATCH", v1(`/carts/me/items/${b.id}`), { token: c.token, body: { quantity: 4 } });
    expect(changed.data.total.amount).toBe(6_000);
    const zero = await api("PATCH", v1(`/carts/me/items/${b.id}`), { token: c.token, body: { quantity: 0 } });
    expect(zero.data.items.map((i: { productId: string }) => i.productId)).toEqual([a.id]);
    const removed = await api("DELETE", v1(`/carts/me/items/${a.id}`), { token: c.token });
    expect(removed.status).toBe(200);
    expect(removed.data.items).toEqual([]);
  });

  it("follows price changes until checkout, then the order keeps its snapshot", async () => {
    const p = await createProduct({ price: { amount: 2_000, currency: "USD" }, initialStock: 10 });
    const c = await aCustomer();
    const { token: admin } = await adminToken();
    await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 1 } });
    await api("PATCH", v1(`/products/${p.id}`), { token: admin, body: { price: { amount: 2_500, currency: "USD" } } });
    await eventually(() => api("GET", v1("/carts/me"), { token: c.token }), (r) => r.data.items[0]?.unitPrice.amount === 2_500);
    const checkout = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: anAddress() } });
    expect(checkout.status).toBe(201);
    expect(checkout.data.items[0]).toMatchObject({ productId: p.id, name: p.name, unitPrice: { amount: 2_500, currency: "USD" }, quantity: 1 });
    await api("PATCH", v1(`/products/${p.id}`), { token: admin, body: { price: { amount: 9_900, currency: "USD" }, name: "Renamed Shoe" } });
    await settle();
    const order = await api("GET", v1(`/orders/${checkout.data.id}`), { token: c.token });
    expect(order.data.items[0]).toMatchObject({ name: p.name, unitPrice: { amount: 2_500, currency: "USD" } });
    expect(order.data.total).toEqual({ amount: 2_500, currency: "USD" });
    const cart = await api("GET", v1("/carts/me"), { token: c.token });
    expect(cart.status).toBe(200);
    expect(cart.data.items).toEqual([]);
  });

  it("refuses more than is available, unknown and discontinued products, and an empty checkout", async () => {
    const p = await createProduct({ initialStock: 3 });
    const gone = await createProduct({ initialStock: 3 });
    const { token: admin } = await adminToken();
    await api("PATCH", v1(`/products/${gone.id}`), { token: admin, body: { status: "DISCONTINUED" } });
    await settle();
    const c = await aCustomer();
    const tooMany = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 4 } });
    expect(tooMany.status).toBe(409);
    expect(tooMany.errors[0]?.code).toBe("CART_INSUFFICIENT_STOCK");
    await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 2 } });
    const mergedTooMany = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 2 } });
    expect(mergedTooMany.errors[0]?.code).toBe("CART_INSUFFICIENT_STOCK");
    const unknown = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: "prd_00000000000000000000000000", quantity: 1 } });
    expect(unknown.status).toBe(404);
    expect(unknown.errors[0]?.code).toBe("PRODUCT_NOT_FOUND");
    const discontinued = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: gone.id, quantity: 1 } });
    expect(discontinued.status).toBe(409);
    expect(discontinued.errors[0]?.code).toBe("PRODUCT_NOT_AVAILABLE");
    const cart = await api("GET", v1("/carts/me"), { token: c.token });
    expect(cart.data.items).toEqual([expect.objectContaining({ productId: p.id, quantity: 2 })]);
    const other = await aCustomer();
    const empty = await api("POST", v1("/carts/me/checkout"), { token: other.token, body: { shippingAddress: anAddress() } });
    expect(empty.status).toBe(409);
    expect(empty.errors[0]?.code).toBe("CART_EMPTY");
  });

  it("caps one product's merged quantity at 99 and leaves the line as it was", async () => {
    const p = await createProduct({ initialStock: 500 });
    const c = await aCustomer();
    const first = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 60 } });
    expect(first.status).toBe(200);
    expect(first.data.items).toEqual([expect.objectContaining({ productId: p.id, quantity: 60 })]);
    const over = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 40 } });
    // The request is valid on its own; the cart's state refuses it (contract §1: 409 conflict with current state).
    expect(over.status).toBe(409);
    expect(over.errors[0]?.code).toBe("CART_QUANTITY_LIMIT");
    const upTo = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 39 } });
    expect(upTo.data.items).toEqual([expect.objectContaining({ productId: p.id, quantity: 99 })]);
    expect(upTo.data.total.amount).toBe(99 * p.price.amount);
  });

  it("creates exactly one order when the same checkout is sent concurrently", async () => {
    const p = await createProduct({ initialStock: 10 });
    const c = await aCustomer();
    await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 1 } });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: anAddress() } })),
    );
    const created = results.filter((r) => r.status === 201).map((r) => r.data.id as string);
    expect(new Set(created).size).toBe(1);
    results.filter((r) => r.status !== 201).forEach((r) => expect(r.errors[0]?.code).toBe("CART_EMPTY"));
    await settle();
    const list = await api("GET", v1(`/customers/${c.id}/orders`), { token: c.token });
    expect(list.data.map((o: { id: string }) => o.id)).toEqual([created[0]]);
  });

  it("validates every field and keeps the cart unchanged on bad input", async () => {
    const p = await createProduct({ initialStock: 10 });
    const c = await aCustomer();
    const cases: [string, string, unknown][] = [
      ["POST", "/carts/me/items", { productId: p.id, quantity: 0 }],
      ["POST", "/carts/me/items", { productId: p.id, quantity: 100 }],
      ["POST", "/carts/me/items", { productId: p.id, quantity: 1.5 }],
      ["POST", "/carts/me/items", { productId: p.id, quantity: "2" }],
      ["POST", "/carts/me/items", { productId: "not-an-id", quantity: 1 }],
      ["POST", "/carts/me/items", { productId: p.id, quantity: 1, price: 1 }],
      ["PATCH", `/carts/me/items/${p.id}`, { quantity: -1 }],
      ["POST", "/carts/me/promotions", { code: "x" }],
      ["POST", "/carts/me/checkout", { shippingAddress: { recipient: "", line1: "x", city: "y", postalCode: "z", country: "gb" } }],
      // An empty body is valid since §6 (the address may come from PUT /carts/me/shipping); two addresses are not.
      ["POST", "/carts/me/checkout", { shippingAddress: anAddress(), shippingAddressId: "adr_00000000000000000000000000" }],
    ];
    for (const [method, path, body] of cases) {
      const res = await api(method, v1(path), { token: c.token, body });
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.errors.length).toBeGreaterThan(0);
      expect(res.errors.every((e) => e.code === "VALIDATION_FAILED")).toBe(true);
    }
    const address = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: { recipient: "", line1: "", city: "", postalCode: "", country: "gb" } } });
    expect(address.errors.map((e) => e.field).sort()).toEqual(["shippingAddress.city", "shippingAddress.country", "shippingAddress.line1", "shippingAddress.postalCode", "shippingAddress.recipient"]);
    const cart = await api("GET", v1("/carts/me"), { token: c.token });
    expect(cart.data.items).toEqual([]);
  });

  it("is for customers only", async () => {
    const { token: admin } = await adminToken();
    expect((await api("GET", v1("/carts/me"))).status).toBe(401);
    const res = await api("GET", v1("/carts/me"), { token: admin });
    expect(res.status).toBe(403);
    expect(res.errors[0]?.code).toBe("FORBIDDEN");
  });
});

describe("orders: ownership and state rules", () => {
  it("hides another customer's order (404) and refuses invalid transitions (409)", async () => {
    const p = await createProduct({ initialStock: 10 });
    const owner = await aCustomer();
    const stranger = await aCustomer();
    const order = await anOrder(owner.token, [{ productId: p.id, quantity: 1 }]);
    for (const [method, path, body] of [
      ["GET", `/orders/${order.id}`, undefined],
      ["POST", `/orders/${order.id}/submit`, { paymentMethod: { type: "CARD", token: "tok_visa" } }],
      ["POST", `/orders/${order.id}/cancel`, {}],
    ] as const) {
      const res = await api(method, v1(path), { token: stranger.token, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.errors[0]?.code).toBe("ORDER_NOT_FOUND");
    }
    expect((await api("GET", v1(`/customers/${owner.id}/orders`), { token: stranger.token })).status).toBe(404);
    const cancelled = await api("POST", v1(`/orders/${order.id}/cancel`), { token: owner.token, body: {} });
    expect(cancelled.status).toBe(200);
    expect(cancelled.data).toMatchObject({ status: "CANCELLED", cancellationReason: "CUSTOMER_REQUEST" });
    const submitAfter = await api("POST", v1(`/orders/${order.id}/submit`), { token: owner.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } });
    expect(submitAfter.status).toBe(409);
    expect(submitAfter.errors[0]?.code).toBe("ORDER_INVALID_STATE");
    expect((await orderStub(env, order.id).snapshot())?.history.map((h) => h.status)).toEqual(["CREATED", "CANCELLED"]);
  });

  it("refuses raw card numbers and malformed payment methods without changing the order", async () => {
    const p = await createProduct({ initialStock: 10 });
    const c = await aCustomer();
    const order = await anOrder(c.token, [{ productId: p.id, quantity: 1 }]);
    for (const paymentMethod of [
      { type: "CARD", token: "4242424242424242" },
      { type: "CARD", token: "4242 4242 4242 4242" },
      { type: "CASH", token: "tok_visa" },
      { type: "CARD" },
      { type: "CARD", token: "tok_visa", number: "4242424242424242" },
    ]) {
      const res = await api("POST", v1(`/orders/${order.id}/submit`), { token: c.token, body: { paymentMethod } });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toContain("4242424242424242");
    }
    expect((await orderStub(env, order.id).snapshot())?.status).toBe("CREATED");
  });
});
