import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { sign } from "hono/jwt";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { adminToken, api, v1, type ApiResponse, type CallOptions } from "../support/api";
import { aProduct, createProduct } from "../support/mothers";
import { eventually } from "../support/settle";
import { db } from "../../workers/events/outbox-d1";
import { issueAccessToken, jwtSecret } from "../../workers/kernel/auth";
import { itemStub } from "../../workers/inventory/stub";

let token: string;
let productId: string;

beforeAll(async () => {
  token = (await adminToken()).token;
  productId = (await createProduct({ initialStock: 10, reorderPoint: 2 })).id;
  await eventually(() => itemStub(env, productId).snapshot(), (l) => l !== null);
});

/** What must stay put whatever a bad request says: the catalogue's size, one product and its stock. */
async function state() {
  const [row] = await db(env.DB_PRODUCT).all<{ n: number }>(sql`SELECT COUNT(*) AS n FROM products`);
  const product = (await api("GET", v1(`/products/${productId}`))).data;
  const levels = await itemStub(env, productId).snapshot();
  return { products: row?.n, product, levels };
}

function expectRejected(res: ApiResponse, status: number, code?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.errors.length).toBeGreaterThan(0);
  for (const e of res.errors) expect(e.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  if (code) expect(res.errors[0]?.code).toBe(code);
  expect(res.body.metadata.requestId).toBeTruthy();
}

const bodyEndpoints = (): [string, string, boolean][] => [
  ["POST", v1("/products"), true],
  ["PATCH", v1(`/products/${productId}`), true],
  ["POST", v1(`/inventory/${productId}/adjustments`), true],
  ["PUT", v1(`/inventory/${productId}/reorder-point`), true],
  ["POST", v1("/auth/login"), false],
  ["POST", v1("/auth/refresh"), false],
];

async function call(method: string, path: string, authed: boolean, opts: CallOptions) {
  return api(method, path, { ...opts, token: authed ? token : undefined });
}

describe("bad input is a 4xx with a code and changes nothing", () => {
  it("answers 400 INVALID_JSON for a malformed body on every endpoint that takes one", async () => {
    const before = await state();
    for (const [method, path, authed] of bodyEndpoints()) {
      for (const raw of ['{"sku": "A",', "not json", "[1, 2", '{"a":1}}', ""]) {
        const res = await call(method, path, authed, { rawBody: raw, headers: { "content-type": "application/json" } });
        expectRejected(res, 400, "INVALID_JSON");
      }
    }
    expect(await state()).toEqual(before);
  });

  it("answers 415 for a body that is not JSON on every endpoint that takes one", async () => {
    const before = await state();
    for (const [method, path, authed] of bodyEndpoints()) {
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
        const res = await call(method, path, authed, { rawBody: '{"delta": 1, "reason": "x"}', headers: { "content-type": type } });
        expectRejected(res, 415, "UNSUPPORTED_MEDIA_TYPE");
      }
      expectRejected(await call(method, path, authed, { rawBody: "{}" }), 415, "UNSUPPORTED_MEDIA_TYPE");
    }
    expect(await state()).toEqual(before);
  });

  it("answers 413 for a body above 1 MB on every endpoint that takes one", async () => {
    const before = await state();
    const huge = JSON.stringify({ sku: "BIG", name: "x".repeat(1024 * 1024 + 10), description: "", price: { amount: 1, currency: "USD" } });
    for (const [method, path, authed] of bodyEndpoints()) {
      expectRejected(await call(method, path, authed, { rawBody: huge, headers: { "content-type": "application/json" } }), 413, "PAYLOAD_TOO_LARGE");
    }
    expect(await state()).toEqual(before);
  });

  it("reports every field error of a product at once: wrong types, negative and huge numbers, long strings", async () => {
    const before = await state();
    const res = await api("POST", v1("/products"), {
      token,
      body: { sku: "bad sku with spaces", name: "x".repeat(201), description: 42, price: { amount: -1, currency: "EUR" }, category: "", initialStock: 1e12, reorderPoint: -3 },
    });
    expectRejected(res, 400, "VALIDATION_FAILED");
    const fields = res.errors.map((e) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(["category", "description", "initialStock", "name", "price.amount", "price.currency", "reorderPoint", "sku"]));
    expect(await state()).toEqual(before);
  });

  it("refuses numbers a price or a quantity cannot be: fractions, huge, strings, zero", async () => {
    const before = await state();
    const prices = [0, 12.5, 1e20, Number.MAX_SAFE_INTEGER, "100", null];
    for (const amount of prices) {
      expectRejected(await api("POST", v1("/products"), { token, body: aProduct({ price: { amount, currency: "USD" } }) }), 400, "VALIDATION_FAILED");
      expectRejected(await api("PATCH", v1(`/products/${productId}`), { token, body: { price: { amount, currency: "USD" } } }), 400, "VALIDATION_FAILED");
    }
    for (const delta of [0, 1.5, 1e9, -1e9, "5", null, true]) {
      expectRejected(await api("POST", v1(`/inventory/${productId}/adjustments`), { token, body: { delta, reason: "count" } }), 400, "VALIDATION_FAILED");
    }
    for (const reorderPoint of [-1, 2.5, 1e7, "3", null]) {
      expectRejected(await api("PUT", v1(`/inventory/${productId}/reorder-point`), { token, body: { reorderPoint } }), 400, "VALIDATION_FAILED");
    }
    expect(await state()).toEqual(before);
  });

  it("refuses unknown fields (no mass assignment) on every body", async () => {
    const before = await state();
    const cases: [string, string, boolean, Record<string, unknown>][] = [
      ["POST", v1("/products"), true, { ...aProduct(), sellerId: "sel_SOMEONE", isAdmin: true }],
      ["PATCH", v1(`/products/${productId}`), true, { name: "Renamed", reviewCount: 99 }],
      ["POST", v1(`/inventory/${productId}/adjustments`), true, { delta: 1, reason: "x", onHand: 1000 }],
      ["PUT", v1(`/inventory/${productId}/reorder-point`), true, { reorderPoint: 3, reserved: 0 }],
      ["POST", v1("/auth/login"), false, { email: "admin@example.com", password: "Admin-password-1", role: "ADMIN" }],
      ["POST", v1("/auth/refresh"), false, { refreshToken: "rt_aaaaaaaaaaaaaaaaaaaa", extra: 1 }],
    ];
    for (const [method, path, authed, body] of cases) {
      const res = await call(method, path, authed, { body });
      expectRejected(res, 400, "VALIDATION_FAILED");
    }
    expect(await state()).toEqual(before);
  });

  it("refuses long strings and wrong shapes on the auth endpoints", async () => {
    for (const body of [
      { email: `${"a".repeat(300)}@example.com`, password: "x" },
      { email: "admin@example.com", password: "p".repeat(257) },
      { email: "not-an-email", password: "x" },
      { email: ["admin@example.com"], password: 1 },
      [],
      "admin",
      null,
    ]) {
      expectRejected(await api("POST", v1("/auth/login"), { body }), 400, "VALIDATION_FAILED");
    }
    for (const body of [{ refreshToken: "short" }, { refreshToken: "r".repeat(201) }, { refreshToken: 12345678901 }, {}]) {
      expectRejected(await api("POST", v1("/auth/refresh"), { body }), 400, "VALIDATION_FAILED");
    }
    expectRejected(await api("POST", v1("/auth/refresh"), { body: { refreshToken: "rt_never-issued-by-this-api" } }), 401, "AUTH_REFRESH_INVALID");
  });

  it("refuses bad paths and queries with 400 and unknown routes with 404 ROUTE_NOT_FOUND", async () => {
    expectRejected(await api("GET", v1(`/products/${"p".repeat(65)}`)), 400, "VALIDATION_FAILED");
    expectRejected(await api("GET", v1("/inventory/not-a-product/availability")), 400, "VALIDATION_FAILED");
    expectRejected(await api("GET", v1("/inventory/prd_00000000000000000000000000/availability")), 404, "INVENTORY_NOT_FOUND");
    expectRejected(await api("GET", v1("/inventory/'%20OR%201=1"), { token }), 400, "VALIDATION_FAILED");
    for (const query of ["limit=0", "limit=101", "limit=abc", "limit=-1", `q=${"q".repeat(51)}`, `category=${"c".repeat(61)}`]) {
      expectRejected(await api("GET", v1(`/products?${query}`)), 400, "VALIDATION_FAILED");
    }
    expectRejected(await api("GET", v1("/products?cursor=not-a-cursor")), 400, "INVALID_CURSOR");
    expectRejected(await api("GET", v1(`/products?cursor=${btoa("'; DROP TABLE products; --")}`)), 400, "INVALID_CURSOR");
    for (const query of ["type=NotAnEvent", "limit=1000", `orderId=${"o".repeat(65)}`, "cursor=%%%"]) {
      const res = await api("GET", v1(`/admin/events?${query}`), { token });
      expect(res.status).toBe(400);
    }
    for (const [method, path] of [["GET", "/api/v1/nope"], ["GET", "/api/v2/products"]]) {
      expectRejected(await api(method!, path!), 404, "ROUTE_NOT_FOUND");
    }
    // A known path with another method: 405 with the methods it has (RFC 9110 §15.5.6).
    for (const [method, path] of [["DELETE", v1("/products")], ["POST", "/health"]]) {
      expectRejected(await api(method!, path!), 405, "METHOD_NOT_ALLOWED");
    }
  });

  it("answers 401 for missing, garbage, alg:none, wrongly signed and expired tokens, before doing anything", async () => {
    const before = await state();
    const enc = (o: object) => btoa(JSON.stringify(o)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: "adm_FORGED", role: "ADMIN", iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE, iat: now, nbf: now, exp: now + 3600 };
    const tokens = [
      "garbage",
      "Bearer-less-garbage-token-value",
      `${enc({ alg: "none", typ: "JWT" })}.${enc(claims)}.`,
      await sign(claims, jwtSecret(env)!, "HS256"),
      await sign(claims, "another-secret-that-is-at-least-32-bytes-long", "HS512"),
      await sign({ ...claims, aud: "someone-else" }, jwtSecret(env)!, "HS512"),
      await sign({ ...claims, role: "SUPERUSER" }, jwtSecret(env)!, "HS512"),
      await issueAccessToken(env, { id: "adm_EXPIRED", role: "ADMIN" }, Date.now() - 2 * 3600 * 1000),
      `${token.slice(0, -4)}AAAA`,
    ];
    for (const t of tokens) {
      for (const [method, path, body] of [
        ["POST", v1("/products"), aProduct()],
        ["PATCH", v1(`/products/${productId}`), { name: "Pwned" }],
        ["POST", v1(`/inventory/${productId}/adjustments`), { delta: -10, reason: "x" }],
        ["GET", v1("/admin/events"), undefined],
      ] as const) {
        const res = await api(method, path, { token: t, body });
        expectRejected(res, 401);
        expect(["AUTH_INVALID_TOKEN", "AUTH_REQUIRED"]).toContain(res.errors[0]?.code);
      }
    }
    expectRejected(await api("GET", v1("/admin/events")), 401, "AUTH_REQUIRED");
    expectRejected(await api("GET", v1("/admin/events"), { headers: { authorization: "Basic YWRtaW46YWRtaW4=" } }), 401, "AUTH_INVALID_TOKEN");
    expect(await state()).toEqual(before);
  });

  it("never answers 2xx or 5xx to arbitrary JSON thrown at the write endpoints", async () => {
    const before = await state();
    const targets = bodyEndpoints();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.jsonValue({ maxDepth: 3 }), async ([method, path, authed], body) => {
        const res = await call(method, path, authed, { rawBody: JSON.stringify(body), headers: { "content-type": "application/json" } });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.errors[0]?.code).toMatch(/^[A-Z_]+$/);
      }),
      { numRuns: 60 },
    );
    expect(await state()).toEqual(before);
  });
});
