import { describe, expect, it } from "vitest";
import { env, runInDurableObject } from "cloudflare:test";
import { api, v1 } from "../support/api";
import { aCustomer, anAddress, createProduct } from "../support/mothers";
import { cause } from "../support/promotions";
import { settle } from "../support/settle";
import { cartStub } from "../../workers/cart/service";
import type { CartObject, CheckoutReply } from "../../durable-objects/cart/cart-object";

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

  // The racing test above rarely lands a checkout in this window (it passed on the D1 cart, which had the hole):
  // the seam puts one there every time. A second order from the lines read before the other's clear must not exist.
  it("a checkout that finishes while another sits between reading the lines and claiming leaves that one CART_EMPTY, with one order", async () => {
    const p = await createProduct({ initialStock: 50 });
    await settle();
    const c = await aCustomer();
    expect((await add(c.token, p.id, 3)).status).toBe(200);
    const during: { reply?: CheckoutReply } = {};
    await runInDurableObject(cartStub(env, c.id), (o: CartObject) => {
      o.beforeClaim = async () => {
        o.beforeClaim = null;
        during.reply = await o.checkout(c.id, { shippingAddress: anAddress() }, cause());
      };
    });
    const outer = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: anAddress() } });
    const inner = during.reply;
    if (!inner?.ok) throw new Error(`the checkout in the window failed: ${JSON.stringify(inner)}`);
    expect(inner.order.items).toEqual([expect.objectContaining({ productId: p.id, quantity: 3 })]);
    expect(outer.status).toBe(409);
    expect(outer.errors[0]?.code).toBe("CART_EMPTY");
    await settle();
    const orders = await api("GET", v1(`/customers/${c.id}/orders?limit=100`), { token: c.token });
    expect(orders.data.map((o: { id: string }) => o.id)).toEqual([inner.order.id]);
    expect((await api("GET", v1("/carts/me"), { token: c.token })).data.items).toEqual([]);
  });
});
