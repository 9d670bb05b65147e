import { describe, expect, it } from "vitest";
import { env, runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { api, v1 } from "../support/api";
import { aCustomer, anAddress, createProduct } from "../support/mothers";
import { eventually, settle } from "../support/settle";
import { cartStub } from "../../workers/cart/service";
import { db } from "../../workers/events/outbox-d1";
import { carts, cartItems, catalogPrices } from "../../schema/cart/tables";
import { newId } from "../../workers/kernel/ids";
import type { CartObject } from "../../durable-objects/cart/cart-object";

const checkout = (token: string) => api("POST", v1("/carts/me/checkout"), { token, body: { shippingAddress: anAddress() } });

describe("the cart object", () => {
  it("leaves exactly one order when checkout crashes between its claim and the order's creation, then is retried", async () => {
    const p = await createProduct({ initialStock: 20, price: { amount: 1_500, currency: "USD" } });
    await settle();
    const c = await aCustomer();
    expect((await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 2 } })).status).toBe(200);
    await runInDurableObject(cartStub(env, c.id), (o: CartObject) => {
      o.crashAfterClaim = true;
    });
    const crashed = await checkout(c.token);
    expect(crashed.status).toBe(500);
    // The claim survived the crash: the cart still shows its lines until the order exists.
    expect((await api("GET", v1("/carts/me"), { token: c.token })).data.items).toHaveLength(1);
    const retried = await checkout(c.token);
    expect(retried.status).toBe(201);
    expect(retried.data).toMatchObject({ status: "CREATED", total: { amount: 3_000, currency: "USD" }, items: [expect.objectContaining({ productId: p.id, quantity: 2, name: p.name })] });
    const again = await checkout(c.token);
    expect(again.errors[0]?.code).toBe("CART_EMPTY");
    await settle();
    const orders = await api("GET", v1(`/customers/${c.id}/orders`), { token: c.token });
    expect(orders.data.map((o: { id: string }) => o.id)).toEqual([retried.data.id]);
  });

  it("imports a cart kept in the cart database once, on the customer's first cart request, and drops the old rows", async () => {
    const p = await createProduct({ initialStock: 20, price: { amount: 700, currency: "USD" } });
    await settle();
    const c = await aCustomer();
    const d = db(env.DB_CART);
    const cartId = newId("crt");
    await d.batch([
      d.insert(carts).values({ id: cartId, customerId: c.id, updatedAt: Date.now() }),
      d.insert(cartItems).values({ cartId, productId: p.id, quantity: 3, addedAt: Date.now() }),
      d.insert(catalogPrices).values({ productId: p.id, name: p.name, priceAmount: 700, status: "ACTIVE", version: 1 }).onConflictDoNothing(),
    ]);
    const first = await api("GET", v1("/carts/me"), { token: c.token });
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ id: cartId, items: [{ productId: p.id, quantity: 3, unitPrice: { amount: 700, currency: "USD" } }], total: { amount: 2_100, currency: "USD" } });
    await eventually(() => d.select().from(carts).where(eq(carts.customerId, c.id)), (rows) => rows.length === 0);
    expect(await d.select().from(cartItems).where(eq(cartItems.cartId, cartId))).toEqual([]);
    const added = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 1 } });
    expect(added.data.items[0].quantity).toBe(4);
  });
});

describe("the cart object's Idempotency-Key records", () => {
  it("are bounded: at most 100 are kept, the oldest go first, and a forgotten key runs again", async () => {
    const stub = cartStub(env, `cst_bound_${crypto.randomUUID()}`);
    await runInDurableObject(stub, async (o: CartObject) => {
      let runs = 0;
      const run = () => ({ ok: true as const, n: ++runs });
      for (let i = 0; i <= 100; i++) await o.kept.keyed({ scope: `s${i}`, bodyHash: "h" }, run);
      expect(o.kept.count()).toBe(100);
      expect(await o.kept.keyed({ scope: "s100", bodyHash: "h" }, run)).toEqual({ ok: true, n: 101, replayed: true });
      expect(await o.kept.keyed({ scope: "s0", bodyHash: "h" }, run)).toEqual({ ok: true, n: 102 });
    });
  });
});
