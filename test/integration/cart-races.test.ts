import { describe, expect, it } from "vitest";
import { api, v1 } from "../support/api";
import { aCustomer, anAddress, createProduct } from "../support/mothers";
import { settle } from "../support/settle";

// Issue 17 items 1 and 9: the cart's limits and its one-order-per-checkout rule hold when requests race.

const add = (token: string, productId: string, quantity: number) => api("POST", v1("/carts/me/items"), { token, body: { productId, quantity } });

describe("cart under concurrency", () => {
  it("two simultaneous adds of 60 never put more than 99 of a product in the cart", async () => {
    const p = await createProduct({ initialStock: 500 });
    await settle();
    const c = await aCustomer();
    const results = await Promise.all([add(c.token, p.id, 60), add(c.token, p.id, 60)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.errors[0]).toMatchObject({ code: "CART_QUANTITY_LIMIT", field: "quantity" });
    const cart = await api("GET", v1("/carts/me"), { token: c.token });
    expect(cart.data.items).toEqual([expect.objectContaining({ productId: p.id, quantity: 60 })]);
  });

  it("simultaneous adds never pass the availability check together", async () => {
    const p = await createProduct({ initialStock: 50 });
    await settle();
    const c = await aCustomer();
    const results = await Promise.all([add(c.token, p.id, 30), add(c.token, p.id, 30)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.errors[0]?.code).toBe("CART_INSUFFICIENT_STOCK");
    const cart = await api("GET", v1("/carts/me"), { token: c.token });
    expect(cart.data.items[0].quantity).toBe(30);
  });

  it("simultaneous adds of new products never pass the 50-line cap", async () => {
    const products = await Promise.all(Array.from({ length: 53 }, () => createProduct({ initialStock: 10 })));
    await settle();
    const c = await aCustomer();
    for (const p of products.slice(0, 48)) expect((await add(c.token, p.id, 1)).status).toBe(200);
    const racing = await Promise.all(products.slice(48).map((p) => add(c.token, p.id, 1)));
    expect(racing.filter((r) => r.status === 200)).toHaveLength(2);
    for (const r of racing.filter((x) => x.status !== 200)) expect(r.errors[0]?.code).toBe("CART_TOO_MANY_LINES");
    const cart = await api("GET", v1("/carts/me"), { token: c.token });
    expect(cart.data.items).toHaveLength(50);
  });

  it("simultaneous checkouts of one cart make exactly one order, round after round", async () => {
    const p = await createProduct({ initialStock: 500 });
    await settle();
    const c = await aCustomer();
    const ids = new Set<string>();
    for (let round = 0; round < 6; round++) {
      expect((await add(c.token, p.id, 2)).status).toBe(200);
      const results = await Promise.all(Array.from({ length: 8 }, () => api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: anAddress() } })));
      const created = results.filter((r) => r.status === 201);
      for (const r of results.filter((x) => x.status !== 201)) expect(r.errors[0]?.code).toBe("CART_EMPTY");
      expect(new Set(created.map((r) => r.data.id)).size, `round ${round}`).toBe(1);
      for (const r of created) ids.add(r.data.id);
      expect((await api("GET", v1("/carts/me"), { token: c.token })).data.items).toEqual([]);
    }
    await settle();
    const orders = await api("GET", v1(`/customers/${c.id}/orders?limit=100`), { token: c.token });
    expect(orders.data.map((o: { id: string }) => o.id).sort()).toEqual([...ids].sort());
    expect(ids.size).toBe(6);
  });
});
