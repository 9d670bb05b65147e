import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { pruneIdempotencyKeys } from "../../workers/kernel/idempotency";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anAddress, aProduct, createProduct } from "../support/mothers";
import { sellerAccount } from "../support/accounts";

const key = () => `key-${crypto.randomUUID()}`;
const category = () => `idem-${crypto.randomUUID().slice(0, 8)}`;

async function productsIn(cat: string): Promise<string[]> {
  const res = await api("GET", v1(`/products?category=${cat}&limit=100`));
  return res.data.map((p: { id: string }) => p.id);
}

describe("Idempotency-Key", () => {
  it("replays the first response (status and data) without creating a second product", async () => {
    const { token } = await adminToken();
    const k = key();
    const body = aProduct({ category: category() });
    const first = await api("POST", v1("/products"), { token, idempotencyKey: k, body });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const second = await api("POST", v1("/products"), { token, idempotencyKey: k, body });
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.data).toEqual(first.data);
    expect(await productsIn(body.category)).toEqual([first.data.id]);
  });

  it("answers 422 IDEMPOTENCY_KEY_REUSED for the same key with a different body, and runs nothing", async () => {
    const { token } = await adminToken();
    const k = key();
    const cat = category();
    const first = await api("POST", v1("/products"), { token, idempotencyKey: k, body: aProduct({ category: cat }) });
    expect(first.status).toBe(201);
    const reused = await api("POST", v1("/products"), { token, idempotencyKey: k, body: aProduct({ category: cat }) });
    expect(reused.status).toBe(422);
    expect(reused.errors[0]).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", field: "idempotency-key" });
    expect(await productsIn(cat)).toEqual([first.data.id]);
  });

  it("lets concurrent duplicates run once: every answer is the first one's", async () => {
    const { token } = await adminToken();
    const k = key();
    const body = aProduct({ category: category() });
    const answers = await Promise.all(Array.from({ length: 5 }, () => api("POST", v1("/products"), { token, idempotencyKey: k, body })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(4);
    expect(await productsIn(body.category)).toEqual([answers[0]!.data.id]);
  });

  it("scopes keys to the caller: another principal's same key is a different request", async () => {
    const { token } = await adminToken();
    const seller = await sellerAccount();
    const k = key();
    const cat = category();
    const a = await api("POST", v1("/products"), { token, idempotencyKey: k, body: aProduct({ category: cat }) });
    const b = await api("POST", v1("/products"), { token: seller.token, idempotencyKey: k, body: aProduct({ category: cat }) });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.data.sellerId).toBe(seller.id);
    expect((await productsIn(cat)).sort()).toEqual([a.data.id, b.data.id].sort());
  });

  it("does not keep a rejected request, so a corrected retry with the same key runs", async () => {
    const { token } = await adminToken();
    const k = key();
    const body = aProduct({ category: category() });
    const bad = await api("POST", v1("/products"), { token, idempotencyKey: k, body: { ...body, price: { amount: -5, currency: "USD" } } });
    expect(bad.status).toBe(400);
    const good = await api("POST", v1("/products"), { token, idempotencyKey: k, body });
    expect(good.status).toBe(201);
  });

  it("keeps a conflict: replaying a 409 answers the same 409", async () => {
    const { token } = await adminToken();
    const existing = await api("POST", v1("/products"), { token, body: aProduct() });
    const k = key();
    const body = aProduct({ sku: existing.data.sku });
    const first = await api("POST", v1("/products"), { token, idempotencyKey: k, body });
    const again = await api("POST", v1("/products"), { token, idempotencyKey: k, body });
    expect([first.status, again.status]).toEqual([409, 409]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.errors).toEqual(first.body.errors);
  });

  it("refuses a key longer than 255 characters with 400 and creates nothing", async () => {
    const { token } = await adminToken();
    const body = aProduct({ category: category() });
    const res = await api("POST", v1("/products"), { token, idempotencyKey: "k".repeat(256), body });
    expect(res.status).toBe(400);
    expect(res.errors[0]).toMatchObject({ code: "INVALID_IDEMPOTENCY_KEY", field: "idempotency-key" });
    expect(await productsIn(body.category)).toEqual([]);
    const longest = await api("POST", v1("/products"), { token, idempotencyKey: "k".repeat(255), body });
    expect(longest.status).toBe(201);
  });
});

// The cart's routes keep their records in the shopper's cart object (called anyway), not in the operations database.
describe("Idempotency-Key on the cart, kept by the cart object", () => {
  const add = (token: string, k: string, productId: string, quantity: number) => api("POST", v1("/carts/me/items"), { token, idempotencyKey: k, body: { productId, quantity } });
  const cartOf = async (token: string) => (await api("GET", v1("/carts/me"), { token })).data.items.map((i: { productId: string; quantity: number }) => [i.productId, i.quantity]);

  it("replays an add without adding again, and answers 422 for the same key with another body", async () => {
    const c = await aCustomer();
    const p = await createProduct({ initialStock: 50 });
    const k = key();
    const first = await add(c.token, k, p.id, 2);
    const again = await add(c.token, k, p.id, 2);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.data).toEqual(first.data);
    const reused = await add(c.token, k, p.id, 3);
    expect(reused.status).toBe(422);
    expect(reused.errors[0]).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", field: "idempotency-key" });
    expect(await cartOf(c.token)).toEqual([[p.id, 2]]);
    // Another key is another request: it merges into the line.
    expect((await add(c.token, key(), p.id, 2)).status).toBe(200);
    expect(await cartOf(c.token)).toEqual([[p.id, 4]]);
  });

  it("keeps a 409: replaying it answers the same 409, and another customer's same key is their own", async () => {
    const c = await aCustomer();
    const other = await aCustomer();
    const p = await createProduct({ initialStock: 3 });
    const k = key();
    const first = await add(c.token, k, p.id, 5);
    const again = await add(c.token, k, p.id, 5);
    expect([first.status, again.status]).toEqual([409, 409]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.errors).toEqual(first.body.errors);
    expect((await add(other.token, k, p.id, 1)).status).toBe(200);
    expect(await cartOf(other.token)).toEqual([[p.id, 1]]);
  });

  it("lets racing checkouts with one key make one order: every answer is that order, all but one replayed", async () => {
    const c = await aCustomer();
    const p = await createProduct({ initialStock: 20 });
    expect((await add(c.token, key(), p.id, 1)).status).toBe(200);
    const k = key();
    const body = { shippingAddress: anAddress() };
    const answers = await Promise.all(Array.from({ length: 4 }, () => api("POST", v1("/carts/me/checkout"), { token: c.token, idempotencyKey: k, body })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.data.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(3);
    const orders = await api("GET", v1(`/customers/${c.id}/orders`), { token: c.token });
    expect(orders.data.map((o: { id: string }) => o.id)).toEqual([answers[0]!.data.id]);
    // A new key is a new checkout of the now empty cart.
    const fresh = await api("POST", v1("/carts/me/checkout"), { token: c.token, idempotencyKey: key(), body });
    expect(fresh.errors[0]?.code).toBe("CART_EMPTY");
  });
});

// Submit and cancel keep their records in the order object they call anyway.
describe("Idempotency-Key on an order's submit, kept by the order object", () => {
  it("replays a submit (202, not 409 for a second submit), refuses another body, and runs racing duplicates once", async () => {
    const c = await aCustomer();
    const p = await createProduct({ initialStock: 20 });
    const orderOf = async () => {
      expect((await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 1 } })).status).toBe(200);
      return (await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: anAddress() } })).data.id as string;
    };
    const submit = (orderId: string, k: string, token = "tok_visa") =>
      api("POST", v1(`/orders/${orderId}/submit`), { token: c.token, idempotencyKey: k, body: { paymentMethod: { type: "CARD", token } } });

    const first = await orderOf();
    const k = key();
    const a = await submit(first, k);
    const b = await submit(first, k);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.headers.get("idempotent-replayed")).toBe("true");
    expect(b.data).toEqual(a.data);
    const reused = await submit(first, k, "tok_mastercard");
    expect(reused.status).toBe(422);
    expect(reused.errors[0]).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", field: "idempotency-key" });
    // Without the key, a second submit is what it always was.
    expect((await submit(first, key())).errors[0]?.code).toBe("ORDER_INVALID_STATE");

    const second = await orderOf();
    const raced = key();
    const answers = await Promise.all(Array.from({ length: 4 }, () => submit(second, raced)));
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    expect(answers.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(3);
    const history = (await api("GET", v1(`/orders/${second}`), { token: c.token })).data.history as { status: string }[];
    expect(history.filter((h) => h.status === "PENDING")).toHaveLength(1);
  });
});

// Login keeps its record in the customer database's own write batch (no round trip to the operations database).
describe("Idempotency-Key on login, kept in the customer database", () => {
  const signIn = (email: string, password: string, k: string) => api("POST", v1("/auth/login"), { idempotencyKey: k, body: { email, password } });
  const tokensOf = async (accountId: string) =>
    (await env.DB_CUSTOMER.prepare(`SELECT COUNT(*) AS n FROM refresh_tokens WHERE account_id = ?`).bind(accountId).first<{ n: number }>())!.n;
  const attemptsOf = async (email: string) =>
    (await env.DB_CUSTOMER.prepare(`SELECT failed_attempts AS n FROM accounts WHERE email = ?`).bind(email).first<{ n: number }>())!.n;

  it("replays the same token pair without storing a second token, and the replayed refresh token works", async () => {
    const c = await aCustomer();
    const before = await tokensOf(c.id);
    const k = key();
    const first = await signIn(c.email, "Customer-password-1", k);
    const again = await signIn(c.email, "Customer-password-1", k);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.data).toEqual(first.data);
    expect(await tokensOf(c.id)).toBe(before + 1);
    const refreshed = await api("POST", v1("/auth/refresh"), { body: { refreshToken: again.data.refreshToken } });
    expect(refreshed.status).toBe(200);
    // Another key is another login.
    const other = await signIn(c.email, "Customer-password-1", key());
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect(other.data.refreshToken).not.toBe(first.data.refreshToken);
  });

  it("answers 422 for the same key with another body and counts no attempt; a rejected login is not kept", async () => {
    const c = await aCustomer();
    const k = key();
    const wrong = await signIn(c.email, "Wrong-password-1", k);
    expect(wrong.status).toBe(401);
    expect(await attemptsOf(c.email)).toBe(1);
    // The 401 was not kept: the corrected retry with the same key runs.
    const right = await signIn(c.email, "Customer-password-1", k);
    expect(right.status).toBe(200);
    expect(right.headers.get("idempotent-replayed")).toBeNull();
    const reused = await signIn(c.email, "Wrong-password-1", k);
    expect(reused.status).toBe(422);
    expect(reused.errors[0]).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", field: "idempotency-key" });
    expect(await attemptsOf(c.email)).toBe(0);
  });

  it("lets racing duplicates log in once: every answer is the first one's, one token stored", async () => {
    const c = await aCustomer();
    const before = await tokensOf(c.id);
    const k = key();
    const answers = await Promise.all(Array.from({ length: 5 }, () => signIn(c.email, "Customer-password-1", k)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(4);
    expect(await tokensOf(c.id)).toBe(before + 1);
    expect(await attemptsOf(c.email)).toBe(0);
  });

  it("forgets a login's record after 24 hours (the cron prune): the key then logs in anew", async () => {
    const c = await aCustomer();
    const k = key();
    const first = await signIn(c.email, "Customer-password-1", k);
    expect(first.status).toBe(200);
    await pruneIdempotencyKeys(env, Date.now() + 24 * 3600 * 1000 + 1);
    const later = await signIn(c.email, "Customer-password-1", k);
    expect(later.status).toBe(200);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect(later.data.refreshToken).not.toBe(first.data.refreshToken);
  });
});
