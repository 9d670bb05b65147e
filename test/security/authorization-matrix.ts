import { api, v1 } from "../support/api";
import { aProduct, anAddress } from "../support/mothers";
import type { Actor, Fixtures } from "../support/actors";

/*
 * THE AUTHORIZATION MATRIX: one row per route of GET /openapi.json, keyed "METHOD /api/v1/path" exactly as the
 * document spells it. authorization.test.ts fails, naming the route, when a route has no row (or a row has no
 * route), so every route that arrives with another branch must get a row here.
 *
 * To add a row:
 *  1. Copy the row of the most similar route below.
 *  2. `owner`: who owns the resource the path names. "customer" = customer A (orders, carts, /customers/{id}, /me
 *     routes), "seller" = seller A (products, inventory), "none" = nothing is owned (public or admin routes);
 *     the `owner` column then acts as customer A.
 *  3. `request(f, caller)`: the path params, query and body of a request that would SUCCEED for a caller allowed
 *     to make it, built from the fixtures (test/support/actors.ts). `caller` is null for the anonymous cell. If
 *     the request changes state, create what it needs per call (e.g. `await f.freshOrder()`), because every cell
 *     runs it once and the cells run in column order.
 *  4. `expect`: the status per column, from contract.md §3 (`-` public, `C` customer, `S` seller, `A` admin,
 *     `own` = owner or admin): anonymous on a protected route 401; a role the route does not admit 403 (the role
 *     check comes before any lookup); an admitted role that does not own the resource 404 (existence is not
 *     revealed); the owner and the admin the route's success status.
 */

export type Column = "anonymous" | "owner" | "otherCustomer" | "seller" | "otherSeller" | "admin";
export const COLUMNS: Column[] = ["anonymous", "owner", "otherCustomer", "seller", "otherSeller", "admin"];

export interface CellRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

export interface MatrixRow {
  owner: "customer" | "seller" | "none";
  request: (f: Fixtures, caller: Actor | null) => Promise<CellRequest> | CellRequest;
  expect: Record<Column, number>;
}

const status = (anonymous: number, owner: number, otherCustomer: number, seller: number, otherSeller: number, admin: number): Record<Column, number> =>
  ({ anonymous, owner, otherCustomer, seller, otherSeller, admin });

/** Puts seller A's product in the caller's cart (customers only), so cart routes have something to act on. */
async function cartLine(f: Fixtures, caller: Actor | null): Promise<void> {
  if (caller && (caller === f.customerA || caller === f.customerB)) {
    await api("POST", v1("/carts/me/items"), { token: caller.token, body: { productId: f.productId, quantity: 1 } });
  }
}

const PUBLIC_200 = status(200, 200, 200, 200, 200, 200);
const OWN_SELLER = (ok: number) => status(401, ok, 403, ok, 404, ok);
const CUSTOMER_ONLY = (ok: number) => status(401, ok, ok, 403, 403, 403);
const OWN_CUSTOMER = (ok: number) => status(401, ok, 404, 403, 403, ok);
const ADMIN_ONLY = (ok: number) => status(401, 403, 403, 403, 403, ok);

export const MATRIX: Record<string, MatrixRow> = {
  // ---- auth (public) ----
  "POST /api/v1/auth/login": { owner: "none", request: (f) => ({ body: { email: f.customerA.email, password: f.customerA.password } }), expect: PUBLIC_200 },
  "POST /api/v1/auth/refresh": {
    owner: "none",
    request: async (f) => {
      const res = await api("POST", v1("/auth/login"), { body: { email: f.customerB.email, password: f.customerB.password } });
      return { body: { refreshToken: res.data.refreshToken } };
    },
    expect: PUBLIC_200,
  },

  // ---- catalogue and inventory ----
  "POST /api/v1/products": { owner: "none", request: () => ({ body: aProduct({ initialStock: 0 }) }), expect: status(401, 403, 403, 201, 201, 201) },
  "GET /api/v1/products": { owner: "none", request: () => ({ query: { limit: "5" } }), expect: PUBLIC_200 },
  "GET /api/v1/products/{id}": { owner: "seller", request: (f) => ({ params: { id: f.productId } }), expect: PUBLIC_200 },
  "PATCH /api/v1/products/{id}": { owner: "seller", request: (f) => ({ params: { id: f.productId }, body: { description: `Revised ${Math.random()}` } }), expect: OWN_SELLER(200) },
  "GET /api/v1/inventory/{productId}": { owner: "seller", request: (f) => ({ params: { productId: f.productId } }), expect: OWN_SELLER(200) },
  "GET /api/v1/inventory/{productId}/availability": { owner: "seller", request: (f) => ({ params: { productId: f.productId } }), expect: PUBLIC_200 },
  "POST /api/v1/inventory/{productId}/adjustments": {
    owner: "seller", request: (f) => ({ params: { productId: f.productId }, body: { delta: 1, reason: "cycle count" } }), expect: OWN_SELLER(200),
  },
  "PUT /api/v1/inventory/{productId}/reorder-point": {
    owner: "seller", request: (f) => ({ params: { productId: f.productId }, body: { reorderPoint: 0 } }), expect: OWN_SELLER(200),
  },

  // ---- cart ----
  "GET /api/v1/carts/me": { owner: "customer", request: () => ({}), expect: CUSTOMER_ONLY(200) },
  "POST /api/v1/carts/me/items": { owner: "customer", request: (f) => ({ body: { productId: f.productId, quantity: 1 } }), expect: CUSTOMER_ONLY(200) },
  "PATCH /api/v1/carts/me/items/{productId}": {
    owner: "customer", request: async (f, caller) => (await cartLine(f, caller), { params: { productId: f.productId }, body: { quantity: 2 } }), expect: CUSTOMER_ONLY(200),
  },
  "DELETE /api/v1/carts/me/items/{productId}": {
    owner: "customer", request: async (f, caller) => (await cartLine(f, caller), { params: { productId: f.productId } }), expect: CUSTOMER_ONLY(200),
  },
  // No promotion context in this tree yet: every code is "not applicable" (409) for a customer.
  "POST /api/v1/carts/me/promotions": { owner: "customer", request: () => ({ body: { code: "NOSUCHCODE" } }), expect: CUSTOMER_ONLY(409) },
  "POST /api/v1/carts/me/checkout": {
    owner: "customer", request: async (f, caller) => (await cartLine(f, caller), { body: { shippingAddress: anAddress() } }), expect: CUSTOMER_ONLY(201),
  },

  // ---- orders ----
  "POST /api/v1/orders/{orderId}/submit": {
    owner: "customer",
    request: async (f) => ({ params: { orderId: (await f.freshOrder()).id }, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } }),
    expect: OWN_CUSTOMER(202),
  },
  "GET /api/v1/orders/{orderId}": { owner: "customer", request: (f) => ({ params: { orderId: f.order.id } }), expect: OWN_CUSTOMER(200) },
  "POST /api/v1/orders/{orderId}/cancel": { owner: "customer", request: async (f) => ({ params: { orderId: (await f.freshOrder()).id }, body: {} }), expect: OWN_CUSTOMER(200) },
  "GET /api/v1/customers/{customerId}/orders": { owner: "customer", request: (f) => ({ params: { customerId: f.customerA.id } }), expect: OWN_CUSTOMER(200) },

  // ---- operations ----
  "GET /api/v1/admin/events": { owner: "none", request: () => ({ query: { limit: "5" } }), expect: ADMIN_ONLY(200) },
};

/** The actor of a column for a row (null = anonymous). */
export function callerOf(f: Fixtures, row: MatrixRow, column: Column): Actor | null {
  switch (column) {
    case "anonymous": return null;
    case "owner": return row.owner === "seller" ? f.sellerA : f.customerA;
    case "otherCustomer": return f.customerB;
    case "seller": return f.sellerA;
    case "otherSeller": return f.sellerB;
    case "admin": return f.admin;
  }
}
