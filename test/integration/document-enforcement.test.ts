import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, aProduct, anAddress, anOrder, createProduct } from "../support/mothers";
import { theCast, type Fixtures } from "../support/actors";
import { settle } from "../support/settle";
import { validatorFor, type Doc } from "../support/schema-arbitrary";
import type { JsonSchema } from "../support/openapi";
import { issueAccessToken } from "../../workers/kernel/auth";
import { newId } from "../../workers/kernel/ids";

// Issue 20's cases, one by one: what the document calls valid the server accepts, what it calls invalid the server
// refuses with 400 and a readable message, computed money stays on its schema, a stale token does not break public
// routes, a wrong method is 405 with Allow, and an unknown customer's orders are 404.

let doc: Doc;
let f: Fixtures;
const schemaOf = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const bodyOf = (path: string, method: string): JsonSchema => doc.paths[`/api/v1${path}`]![method]!.requestBody!.content!["application/json"]!.schema!;
const docSays = (schema: JsonSchema, value: unknown) => validatorFor(doc, schema)(value).valid;
const VALIDATOR_DEFAULT = /too small|too big|invalid input|expected .* received|unrecognized key/i;

beforeAll(async () => {
  doc = (await api("GET", "/openapi.json")).body as Doc;
  f = await theCast();
});

describe("computed money has its own schema and a documented ceiling", () => {
  it("a cart and an order of two products at the highest documented price stay on their schemas", async () => {
    const max = (doc.components!.schemas!.PositiveMoney!.properties!.amount as JsonSchema).maximum!;
    const { token } = await adminToken();
    const a = await createProduct({ price: { amount: max, currency: "USD" }, initialStock: 10 }, token);
    const b = await createProduct({ price: { amount: max, currency: "USD" }, initialStock: 10 }, token);
    const c = await aCustomer();
    // The inventory items are created from ProductCreated, asynchronously: wait until both products can be bought.
    await settle();
    expect((await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: a.id, quantity: 1 } })).status).toBe(200);
    const cart = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: b.id, quantity: 1 } });
    expect(cart.status).toBe(200);
    expect(cart.data.subtotal.amount).toBe(2 * max);
    const cartResponse = doc.paths["/api/v1/carts/me/items"]!.post!.responses!["200"]!.content!["application/json"]!.schema!;
    expect(validatorFor(doc, cartResponse)(cart.body).errors).toEqual([]);
    const order = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: anAddress() } });
    expect(order.status).toBe(201);
    const orderResponse = doc.paths["/api/v1/carts/me/checkout"]!.post!.responses!["201"]!.content!["application/json"]!.schema!;
    expect(validatorFor(doc, orderResponse)(order.body).errors).toEqual([]);
    // Input money keeps its bound: the same amount as a price is refused by the document and by the server.
    expect(docSays(schemaOf("PositiveMoney"), { amount: 2 * max, currency: "USD" })).toBe(false);
    expect((await api("POST", v1("/products"), { token, body: aProduct({ price: { amount: 2 * max, currency: "USD" } }) })).status).toBe(400);
  });
});

describe("the document states the rules the server enforces", () => {
  const base = { name: "Ada Lovelace", email: "ada@example.com", password: "Str0ng-password" };
  const unique = () => `doc-${crypto.randomUUID().slice(0, 8)}@example.com`;

  // [what, method, path, body, token role, the document's verdict, the server's status when the document says invalid]
  const cases: [string, string, string, () => Promise<unknown> | unknown, "none" | "admin" | "customer" | "seller", boolean][] = [
    ["a password without a lower-case letter", "post", "/customers", () => ({ ...base, email: unique(), password: "ALLUPPER1" }), "none", false],
    ["a password without a digit", "post", "/customers", () => ({ ...base, email: unique(), password: "NoDigitsHere" }), "none", false],
    ["a strong password", "post", "/customers", () => ({ ...base, email: unique() }), "none", true],
    ["an email without a domain", "post", "/customers", () => ({ ...base, email: "ada@localhost" }), "none", false],
    ["a product price of 0", "post", "/products", () => aProduct({ price: { amount: 0, currency: "USD" } }), "admin", false],
    ["a product price of 1", "post", "/products", () => aProduct({ price: { amount: 1, currency: "USD" } }), "admin", true],
    ["a whitespace-only product name", "post", "/products", () => aProduct({ name: "   " }), "admin", false],
    ["a PERCENTAGE promotion with a Money value", "post", "/promotions", () => ({ code: `PCT${Date.now() % 1e6}`, type: "PERCENTAGE", value: { amount: 500, currency: "USD" }, startsAt: "2026-01-01T00:00:00Z", endsAt: "2027-01-01T00:00:00Z" }), "admin", false],
    ["a FIXED_AMOUNT promotion with a number value", "post", "/promotions", () => ({ code: `FIX${Date.now() % 1e6}`, type: "FIXED_AMOUNT", value: 5, startsAt: "2026-01-01T00:00:00Z", endsAt: "2027-01-01T00:00:00Z" }), "admin", false],
    ["an empty profile change", "patch", "/customers/me", () => ({}), "customer", false],
    ["a whitespace-only rejection reason", "post", "/reviews/{id}/reject", () => ({ reason: " \t " }), "admin", false],
  ];

  it.each(cases)("%s: the document and the server agree", async (_what, method, path, build, role, documentValid) => {
    const body = await build();
    expect(docSays(bodyOf(path, method), body)).toBe(documentValid);
    const token = role === "admin" ? f.admin.token : role === "customer" ? f.customerA.token : role === "seller" ? f.sellerA.token : undefined;
    // Bodies are validated before any lookup, so an unknown review id still shows the validation verdict.
    const res = await api(method.toUpperCase(), v1(path.replace("{id}", newId("rev"))), { token, body });
    if (documentValid) expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    else {
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      for (const e of res.errors) expect(e.message).not.toMatch(VALIDATOR_DEFAULT);
    }
  });

  it("an inventory delta of 0 is `not: {const: 0}` and refused", async () => {
    const schema = bodyOf("/inventory/{productId}/adjustments", "post");
    expect(docSays(schema, { delta: 0, reason: "count" })).toBe(false);
    expect(docSays(schema, { delta: -1, reason: "count" })).toBe(true);
    const res = await api("POST", v1(`/inventory/${f.productId}/adjustments`), { token: f.sellerA.token, body: { delta: 0, reason: "count" } });
    expect(res.status).toBe(400);
    expect(res.errors[0]).toMatchObject({ code: "VALIDATION_FAILED", field: "delta", message: "must not be 0: an adjustment adds or removes stock" });
  });

  it("a payment token that is not tok_…/pm_… (or is a card number) is off the document and refused before anything happens", async () => {
    const schema = bodyOf("/orders/{orderId}/submit", "post");
    const order = await f.freshOrder();
    for (const token of ["card_4242", "4242 4242 4242 4242", "tok_4242424242424242"]) {
      expect(docSays(schema, { paymentMethod: { type: "CARD", token } }), token).toBe(false);
      const res = await api("POST", v1(`/orders/${order.id}/submit`), { token: f.customerA.token, body: { paymentMethod: { type: "CARD", token } } });
      expect(res.status, token).toBe(400);
      expect(res.errors[0]?.field).toBe("paymentMethod.token");
    }
    expect(docSays(schema, { paymentMethod: { type: "CARD", token: "tok_visa" } })).toBe(true);
    expect((await api("GET", v1(`/orders/${order.id}`), { token: f.customerA.token })).data.status).toBe("CREATED");
  });

  it("a repeat add passing 99 units is a state conflict: 409 CART_QUANTITY_LIMIT, listed in the operation's description", async () => {
    expect(doc.paths["/api/v1/carts/me/items"]!.post!.description).toMatch(/^- 409 `CART_QUANTITY_LIMIT`: /m);
    const p = await createProduct({ initialStock: 500 });
    const c = await aCustomer();
    expect((await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 99 } })).status).toBe(200);
    const again = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 1 } });
    expect(again.status).toBe(409);
    expect(again.errors[0]).toMatchObject({ code: "CART_QUANTITY_LIMIT", field: "quantity" });
  });

  it("promotion dates out of order: a documented 400 with its own stable code", async () => {
    expect(doc.paths["/api/v1/promotions"]!.post!.description).toMatch(/^- 400 `PROMOTION_DATES_OUT_OF_ORDER`: /m);
    const body = { code: `DATES${Date.now() % 1e6}`, type: "PERCENTAGE", value: 10, startsAt: "2027-01-01T00:00:00Z", endsAt: "2026-01-01T00:00:00Z" };
    expect(docSays(bodyOf("/promotions", "post"), body)).toBe(true);
    const res = await api("POST", v1("/promotions"), { token: f.admin.token, body });
    expect(res.status).toBe(400);
    expect(res.errors[0]).toMatchObject({ code: "PROMOTION_DATES_OUT_OF_ORDER", field: "endsAt" });
  });

  it("every 400 names the field and says in a sentence what it must be", async () => {
    const res = await api("POST", v1("/customers"), { body: { name: " ", email: 7, password: "short", extra: true } });
    expect(res.status).toBe(400);
    expect(res.errors).toEqual(expect.arrayContaining([
      { code: "VALIDATION_FAILED", field: "name", message: "must be at least 2 characters long (surrounding spaces do not count)" },
      { code: "VALIDATION_FAILED", field: "email", message: "must be text" },
      { code: "VALIDATION_FAILED", field: "password", message: "must be at least 8 characters long" },
      { code: "VALIDATION_FAILED", field: "extra", message: "is not a field of this request" },
    ]));
    const missing = await api("POST", v1("/auth/refresh"), { body: {} });
    expect(missing.errors).toEqual([{ code: "VALIDATION_FAILED", field: "refreshToken", message: "is required" }]);
    const limit = await api("GET", v1("/products?limit=0"));
    expect(limit.errors).toEqual([{ code: "VALIDATION_FAILED", field: "query.limit", message: "must be at least 1" }]);
  });
});

describe("a stale or garbage bearer token", () => {
  const garbage = { authorization: "Bearer expired-or-garbage.token.value" };
  let expired: Record<string, string>;
  beforeAll(async () => {
    expired = { authorization: `Bearer ${await issueAccessToken(env, { id: f.customerA.id, role: "CUSTOMER" }, Date.now() - 2 * 3600_000)}` };
  });

  it("is ignored by public routes: the caller is anonymous", async () => {
    for (const headers of [garbage, expired]) {
      expect((await api("GET", v1("/products"), { headers })).status).toBe(200);
      expect((await api("GET", v1(`/products/${f.productId}`), { headers })).status).toBe(200);
      expect((await api("GET", "/health", { headers })).status).toBe(200);
      expect((await api("GET", "/openapi.json", { headers })).status).toBe(200);
      expect((await api("GET", v1(`/inventory/${f.productId}/availability`), { headers })).status).toBe(200);
    }
  });

  it("does not stop /auth/login and /auth/refresh, which ignore the header", async () => {
    const login = await api("POST", v1("/auth/login"), { headers: expired, body: { email: f.customerB.email, password: f.customerB.password } });
    expect(login.status).toBe(200);
    const refreshed = await api("POST", v1("/auth/refresh"), { headers: garbage, body: { refreshToken: login.data.refreshToken } });
    expect(refreshed.status).toBe(200);
  });

  it("still gets 401 AUTH_INVALID_TOKEN where a principal is needed, and no token gets AUTH_REQUIRED", async () => {
    for (const headers of [garbage, expired]) {
      const res = await api("GET", v1("/carts/me"), { headers });
      expect(res.status).toBe(401);
      expect(res.errors[0]?.code).toBe("AUTH_INVALID_TOKEN");
    }
    expect((await api("GET", v1("/carts/me"))).errors[0]?.code).toBe("AUTH_REQUIRED");
  });

  it("every operation that can answer 401 documents it, and the public ones cannot", async () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const secured = (op.security?.length ?? 0) > 0;
        // The live order stream authenticates with its single-use ticket (contract §5), not a bearer token.
        const ownsA401 = /\/auth\/(login|refresh)$|\/orders\/\{orderId\}\/live$/.test(path);
        expect(Boolean(op.responses?.["401"]), `${method} ${path}`).toBe(secured || ownsA401);
      }
    }
  });
});

describe("methods", () => {
  const call = (method: string, path: string) => exports.default.fetch(new Request(`https://api.test${path}`, { method, headers: { "cf-connecting-ip": "198.18.200.1" } }));

  it("a known path with an unsupported method answers 405 with Allow (RFC 9110 §15.5.6)", async () => {
    const cases: [string, string, string][] = [
      ["PUT", "/api/v1/carts/me/checkout", "POST"],
      ["DELETE", "/api/v1/products", "GET, HEAD, POST"],
      ["POST", "/health", "GET, HEAD"],
      ["PUT", `/api/v1/products/${newId("prd")}`, "GET, HEAD, PATCH"],
      ["PATCH", "/api/v1/carts/me", "GET, HEAD"],
    ];
    for (const [method, path, allow] of cases) {
      const res = await call(method, path);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow"), `${method} ${path}`).toBe(allow);
      expect(((await res.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe("METHOD_NOT_ALLOWED");
    }
  });

  it("an unknown path stays 404 ROUTE_NOT_FOUND", async () => {
    for (const [method, path] of [["GET", "/api/v1/nothing-here"], ["PUT", "/api/v1/carts/me/checkout/extra"]] as const) {
      const res = await call(method, path);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe("ROUTE_NOT_FOUND");
    }
  });
});

describe("an admin asking for a customer's orders", () => {
  it("gets 404 for a customer id that does not exist, and [] for a customer without orders", async () => {
    const unknown = await api("GET", v1(`/customers/${newId("cus")}/orders`), { token: f.admin.token });
    expect(unknown.status).toBe(404);
    expect(unknown.errors[0]?.code).toBe("CUSTOMER_NOT_FOUND");
    const fresh = await aCustomer();
    const none = await api("GET", v1(`/customers/${fresh.id}/orders`), { token: f.admin.token });
    expect(none.status).toBe(200);
    expect(none.data).toEqual([]);
    await anOrder(fresh.token, [{ productId: f.productId, quantity: 1 }]);
    expect((await api("GET", v1(`/customers/${fresh.id}/orders`), { token: f.admin.token })).data).toHaveLength(1);
  });
});
