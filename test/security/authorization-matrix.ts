import { api, v1 } from "../support/api";
import { aCustomer, aProduct, anAddress } from "../support/mothers";
import { deliveredOrder } from "../support/reviews";
import { eventually } from "../support/settle";
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

const uniq = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
const DUMMY = { return: "ret_00000000000000000000000000", payment: "pay_00000000000000000000000000", shippingOption: "sop_00000000000000000000000000", review: "rev_00000000000000000000000000", shipment: "shp_00000000000000000000000000", webhook: "whk_00000000000000000000000000", delivery: "dlv_00000000000000000000000000" };

/** A fresh order of customer A, submitted with tok_visa and followed until its shipment exists. */
async function confirmedOrder(f: Fixtures): Promise<{ orderId: string; shipmentId: string }> {
  const { id } = await f.freshOrder();
  await api("POST", v1(`/orders/${id}/submit`), { token: f.customerA.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } });
  const order = await eventually(() => api("GET", v1(`/orders/${id}`), { token: f.customerA.token }), (r) => Boolean(r.data?.shipment?.id), 30_000);
  return { orderId: id, shipmentId: order.data.shipment.id as string };
}
let sharedConfirmed: Promise<{ orderId: string; shipmentId: string }> | null = null;
const aConfirmedOrder = (f: Fixtures) => (sharedConfirmed ??= confirmedOrder(f));

/** A fresh order of customer A, paid, shipped and DELIVERED (returns need one). */
async function deliveredOrderOfA(f: Fixtures): Promise<string> {
  const { orderId, shipmentId } = await confirmedOrder(f);
  for (const status of ["IN_TRANSIT", "DELIVERED"]) await api("POST", v1(`/shipments/${shipmentId}/events`), { token: f.admin.token, body: { status } });
  await eventually(() => api("GET", v1(`/orders/${orderId}`), { token: f.customerA.token }), (r) => r.data?.status === "DELIVERED", 30_000);
  return orderId;
}

/** A REQUESTED return of customer A's delivered order (only built for the admin's cell: receiving or rejecting needs its own). */
async function aRequestedReturn(f: Fixtures, caller: Actor | null): Promise<string> {
  if (caller !== f.admin) return DUMMY.return;
  const orderId = await deliveredOrderOfA(f);
  const res = await api("POST", v1(`/orders/${orderId}/returns`), { token: f.customerA.token, body: { items: [{ variantId: f.productId, quantity: 1 }], reason: "Changed my mind about it" } });
  return res.data.id as string;
}

/** The captured payment of the shared confirmed order (refund cells take a cent of it each). */
let sharedCaptured: Promise<string> | null = null;
const aCapturedPayment = (f: Fixtures) =>
  (sharedCaptured ??= aConfirmedOrder(f).then(async ({ orderId }) => {
    const res = await eventually(() => api("GET", v1(`/payments?orderId=${orderId}`), { token: f.admin.token }), (r) => r.data?.[0]?.status === "CAPTURED", 30_000);
    return res.data[0].id as string;
  }));

/** A PENDING review by a customer who bought seller A's product (only built for the admin's cell). */
async function pendingReview(f: Fixtures, caller: Actor | null): Promise<string> {
  if (caller !== f.admin) return DUMMY.review;
  const buyer = await aCustomer();
  await deliveredOrder(buyer.id, [f.productId]);
  const res = await api("POST", v1("/reviews"), { token: buyer.token, body: { productId: f.productId, rating: 4, comment: "Solid." } });
  return res.data.id as string;
}

let sharedWebhook: Promise<string> | null = null;
const aWebhook = (f: Fixtures) =>
  (sharedWebhook ??= api("POST", v1("/admin/webhooks"), { token: f.admin.token, body: { url: "https://example.com/hooks", eventTypes: ["OrderCreated"] } }).then((r) => r.data.id as string));

/** A new shipping option (deleting one needs its own each time). */
const aShippingOption = (f: Fixtures) =>
  api("POST", v1("/admin/shipping-options"), { token: f.admin.token, body: { name: "Matrix option", countries: ["IS"], amount: { amount: 500, currency: "USD" } } }).then((r) => r.data.id as string);

let sharedPromotion: Promise<string> | null = null;
const aPromotionCode = (f: Fixtures) =>
  (sharedPromotion ??= api("POST", v1("/promotions"), {
    token: f.admin.token,
    body: { code: `MTX${uniq()}`.slice(0, 20), type: "PERCENTAGE", value: 5, startsAt: new Date(Date.now() - 86_400_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() },
  }).then((r) => r.data.code as string));

/** A new saved address of customer A (each cell that changes or deletes one gets its own), making room at the limit of 20. */
async function anAddressOfA(f: Fixtures): Promise<string> {
  const token = f.customerA.token;
  let saved = await api("POST", v1("/customers/me/addresses"), { token, body: { ...anAddress(), label: "Matrix" } });
  if (saved.status === 409) {
    const [oldest] = ((await api("GET", v1("/customers/me/addresses"), { token })).data as { id: string }[]).slice(-1);
    await api("DELETE", v1(`/customers/me/addresses/${oldest!.id}`), { token });
    saved = await api("POST", v1("/customers/me/addresses"), { token, body: { ...anAddress(), label: "Matrix" } });
  }
  return saved.data.id as string;
}

const PUBLIC_200 = status(200, 200, 200, 200, 200, 200);
const OWN_SELLER = (ok: number) => status(401, ok, 403, ok, 404, ok);
const CUSTOMER_ONLY = (ok: number) => status(401, ok, ok, 403, 403, 403);
const OWN_CUSTOMER = (ok: number) => status(401, ok, 404, 403, 403, ok);
const ADMIN_ONLY = (ok: number) => status(401, 403, 403, 403, 403, ok);
/** The customer's own resource under /me: another customer gets 404, every other role 403. */
const MY_OWN = (ok: number) => status(401, ok, 404, 403, 403, 403);

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
  // A simple product's one variant is the product itself.
  "PATCH /api/v1/products/{id}/variants/{variantId}": { owner: "seller", request: (f) => ({ params: { id: f.productId, variantId: f.productId }, body: { sku: `AUTHZ-${uniq()}` } }), expect: OWN_SELLER(200) },
  "GET /api/v1/inventory/{productId}": { owner: "seller", request: (f) => ({ params: { productId: f.productId } }), expect: OWN_SELLER(200) },
  "GET /api/v1/inventory/{productId}/availability": { owner: "seller", request: (f) => ({ params: { productId: f.productId } }), expect: PUBLIC_200 },
  "POST /api/v1/inventory/{productId}/adjustments": {
    owner: "seller", request: (f) => ({ params: { productId: f.productId }, body: { delta: 1, reason: "cycle count" } }), expect: OWN_SELLER(200),
  },
  "PUT /api/v1/inventory/{productId}/reorder-point": {
    owner: "seller", request: (f) => ({ params: { productId: f.productId }, body: { reorderPoint: 0 } }), expect: OWN_SELLER(200),
  },
  "PUT /api/v1/inventory/{productId}/shards": {
    owner: "seller", request: (f) => ({ params: { productId: f.productId }, body: { shards: 2 } }), expect: OWN_SELLER(200),
  },
  // A public WebSocket: a plain GET is 426 for everyone (test/integration/live-availability.test.ts opens it).
  "GET /api/v1/products/{productId}/availability/live": { owner: "seller", request: (f) => ({ params: { productId: f.productId } }), expect: status(426, 426, 426, 426, 426, 426) },
  "GET /api/v1/admin/inventory/{productId}/audit": { owner: "seller", request: (f) => ({ params: { productId: f.productId } }), expect: OWN_SELLER(200) },
  "POST /api/v1/admin/inventory/audits": { owner: "none", request: () => ({ body: {} }), expect: ADMIN_ONLY(200) },

  // ---- cart ----
  "GET /api/v1/carts/me": { owner: "customer", request: () => ({}), expect: CUSTOMER_ONLY(200) },
  "POST /api/v1/carts/me/items": { owner: "customer", request: (f) => ({ body: { productId: f.productId, quantity: 1 } }), expect: CUSTOMER_ONLY(200) },
  // Lines are keyed by variant; the fixture product is simple, so its one variant's id is the product's.
  "PATCH /api/v1/carts/me/items/{variantId}": {
    owner: "customer", request: async (f, caller) => (await cartLine(f, caller), { params: { variantId: f.productId }, body: { quantity: 2 } }), expect: CUSTOMER_ONLY(200),
  },
  "DELETE /api/v1/carts/me/items/{variantId}": {
    owner: "customer", request: async (f, caller) => (await cartLine(f, caller), { params: { variantId: f.productId } }), expect: CUSTOMER_ONLY(200),
  },
  "POST /api/v1/carts/me/promotions": {
    owner: "customer", request: async (f, caller) => (await cartLine(f, caller), { body: { code: await aPromotionCode(f) } }), expect: CUSTOMER_ONLY(200),
  },
  "PUT /api/v1/carts/me/shipping": { owner: "customer", request: () => ({ body: { shippingAddress: anAddress() } }), expect: CUSTOMER_ONLY(200) },
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
  "POST /api/v1/orders/{orderId}/live-tickets": { owner: "customer", request: (f) => ({ params: { orderId: f.order.id } }), expect: OWN_CUSTOMER(201) },
  // A WebSocket route: its authorization is the ticket (test/integration/live-order-status.test.ts); a bearer token
  // changes nothing, and a plain GET is refused with 426 whoever sends it.
  "GET /api/v1/orders/{orderId}/live": { owner: "customer", request: (f) => ({ params: { orderId: f.order.id } }), expect: status(426, 426, 426, 426, 426, 426) },
  "POST /api/v1/orders/{orderId}/returns": {
    owner: "customer",
    request: async (f, caller) => ({
      params: { orderId: caller === f.customerA || caller === f.admin ? await deliveredOrderOfA(f) : f.order.id },
      body: { items: [{ variantId: f.productId, quantity: 1 }], reason: "Changed my mind about it" },
    }),
    expect: OWN_CUSTOMER(201),
  },
  "GET /api/v1/admin/returns": { owner: "none", request: () => ({ query: { status: "REQUESTED" } }), expect: ADMIN_ONLY(200) },
  "POST /api/v1/admin/returns/{id}/receive": { owner: "none", request: async (f, caller) => ({ params: { id: await aRequestedReturn(f, caller) } }), expect: ADMIN_ONLY(200) },
  "POST /api/v1/admin/returns/{id}/reject": {
    owner: "none", request: async (f, caller) => ({ params: { id: await aRequestedReturn(f, caller) }, body: { reason: "Worn, not resaleable" } }), expect: ADMIN_ONLY(200),
  },
  "GET /api/v1/customers/{customerId}/orders": { owner: "customer", request: (f) => ({ params: { customerId: f.customerA.id } }), expect: OWN_CUSTOMER(200) },

  // ---- payments, shipments, notifications ----
  "GET /api/v1/payments": { owner: "customer", request: async (f) => ({ query: { orderId: (await aConfirmedOrder(f)).orderId } }), expect: status(401, 200, 404, 404, 404, 200) },
  "POST /api/v1/payments/{paymentId}/refunds": {
    owner: "none",
    request: async (f, caller) => ({
      params: { paymentId: caller === f.admin ? await aCapturedPayment(f) : DUMMY.payment }, body: { amount: { amount: 1, currency: "USD" }, reason: "Goodwill gesture for a late parcel" },
    }),
    expect: ADMIN_ONLY(201),
  },
  "GET /api/v1/shipments/{id}": { owner: "customer", request: async (f) => ({ params: { id: (await aConfirmedOrder(f)).shipmentId } }), expect: status(401, 200, 404, 404, 404, 200) },
  "POST /api/v1/shipments/{id}/events": {
    owner: "none",
    request: async (f, caller) => ({ params: { id: caller === f.admin ? (await confirmedOrder(f)).shipmentId : DUMMY.shipment }, body: { status: "IN_TRANSIT" } }),
    expect: ADMIN_ONLY(200),
  },
  "GET /api/v1/notifications/me": { owner: "customer", request: () => ({}), expect: status(401, 200, 200, 200, 200, 200) },

  // ---- shipping options and tax rates ----
  "POST /api/v1/admin/shipping-options": { owner: "none", request: () => ({ body: { name: "Matrix post", countries: ["IS"], amount: { amount: 700, currency: "USD" } } }), expect: ADMIN_ONLY(201) },
  "GET /api/v1/shipping-options": { owner: "none", request: () => ({ query: { country: "IS" } }), expect: PUBLIC_200 },
  "DELETE /api/v1/admin/shipping-options/{id}": {
    owner: "none",
    request: async (f, caller) => ({ params: { id: caller === f.admin ? await aShippingOption(f) : DUMMY.shippingOption } }),
    expect: ADMIN_ONLY(200),
  },
  "PUT /api/v1/admin/tax-rates/{country}": { owner: "none", request: () => ({ params: { country: "IS" }, body: { rateBasisPoints: 2400, inclusive: true } }), expect: ADMIN_ONLY(200) },
  "GET /api/v1/admin/tax-rates": { owner: "none", request: () => ({}), expect: ADMIN_ONLY(200) },

  // ---- customers, sellers, promotions ----
  "POST /api/v1/customers": { owner: "none", request: () => ({ body: { name: "Matrix Customer", email: `m-${uniq().toLowerCase()}@example.com`, password: "Matrix-password-1" } }), expect: status(201, 201, 201, 201, 201, 201) },
  "GET /api/v1/customers/me": { owner: "customer", request: () => ({}), expect: CUSTOMER_ONLY(200) },
  "PATCH /api/v1/customers/me": { owner: "customer", request: () => ({ body: { name: `Renamed ${uniq()}` } }), expect: CUSTOMER_ONLY(200) },
  "GET /api/v1/customers/me/addresses": { owner: "customer", request: () => ({}), expect: CUSTOMER_ONLY(200) },
  "POST /api/v1/customers/me/addresses": { owner: "customer", request: () => ({ body: { ...anAddress(), label: "Matrix" } }), expect: CUSTOMER_ONLY(201) },
  "PATCH /api/v1/customers/me/addresses/{id}": {
    owner: "customer", request: async (f) => ({ params: { id: await anAddressOfA(f) }, body: { city: "Matrixville", isDefault: true } }), expect: MY_OWN(200),
  },
  "DELETE /api/v1/customers/me/addresses/{id}": { owner: "customer", request: async (f) => ({ params: { id: await anAddressOfA(f) } }), expect: MY_OWN(200) },
  "POST /api/v1/sellers": { owner: "none", request: () => ({ body: { name: "Matrix Seller", email: `s-${uniq().toLowerCase()}@example.com`, password: "Matrix-password-1" } }), expect: status(201, 201, 201, 201, 201, 201) },
  "GET /api/v1/sellers/{id}": { owner: "seller", request: (f) => ({ params: { id: f.sellerA.id } }), expect: PUBLIC_200 },
  "POST /api/v1/promotions": {
    owner: "none",
    request: () => ({ body: { code: `P${uniq()}`.slice(0, 20), type: "PERCENTAGE", value: 10, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() } }),
    expect: ADMIN_ONLY(201),
  },
  "GET /api/v1/promotions/me": { owner: "customer", request: () => ({}), expect: CUSTOMER_ONLY(200) },

  // ---- reviews ----
  "POST /api/v1/reviews": {
    owner: "customer",
    // Customer A has a delivered order with the product; customer B has none (403 REVIEW_NOT_PURCHASED).
    request: async (f, caller) => {
      if (caller === f.customerA) await deliveredOrder(f.customerA.id, [f.productId]);
      return { body: { productId: f.productId, rating: 5, comment: "Great." } };
    },
    expect: status(401, 201, 403, 403, 403, 403),
  },
  "GET /api/v1/reviews": { owner: "none", request: () => ({ query: { status: "PENDING" } }), expect: ADMIN_ONLY(200) },
  "POST /api/v1/reviews/{id}/approve": { owner: "none", request: async (f, caller) => ({ params: { id: await pendingReview(f, caller) } }), expect: ADMIN_ONLY(200) },
  "POST /api/v1/reviews/{id}/reject": { owner: "none", request: async (f, caller) => ({ params: { id: await pendingReview(f, caller) }, body: { reason: "Off topic." } }), expect: ADMIN_ONLY(200) },
  "GET /api/v1/products/{id}/reviews": { owner: "seller", request: (f) => ({ params: { id: f.productId } }), expect: PUBLIC_200 },

  // ---- operations and integrations ----
  "GET /api/v1/admin/events": { owner: "none", request: () => ({ query: { limit: "5" } }), expect: ADMIN_ONLY(200) },
  "GET /api/v1/admin/metrics": { owner: "none", request: () => ({}), expect: ADMIN_ONLY(200) },
  "GET /api/v1/admin/dead-letters": { owner: "none", request: () => ({}), expect: ADMIN_ONLY(200) },
  "POST /api/v1/admin/dead-letters/{context}/replay": { owner: "none", request: () => ({ params: { context: "product" } }), expect: ADMIN_ONLY(200) },
  "POST /api/v1/admin/webhooks": { owner: "none", request: () => ({ body: { url: "https://example.com/hooks", eventTypes: ["OrderConfirmed"] } }), expect: ADMIN_ONLY(201) },
  "GET /api/v1/admin/webhooks/{id}/deliveries": {
    owner: "none", request: async (f, caller) => ({ params: { id: caller === f.admin ? await aWebhook(f) : DUMMY.webhook } }), expect: ADMIN_ONLY(200),
  },
  "GET /api/v1/admin/webhooks/{id}": {
    owner: "none", request: async (f, caller) => ({ params: { id: caller === f.admin ? await aWebhook(f) : DUMMY.webhook } }), expect: ADMIN_ONLY(200),
  },
  "POST /api/v1/admin/webhooks/{id}/enable": {
    owner: "none", request: async (f, caller) => ({ params: { id: caller === f.admin ? await aWebhook(f) : DUMMY.webhook } }), expect: ADMIN_ONLY(200),
  },
  // A replay needs a DEAD delivery (a day of retries); the admin's cell checks the route answers for an unknown one.
  "POST /api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/replay": {
    owner: "none", request: async (f) => ({ params: { id: await aWebhook(f), deliveryId: DUMMY.delivery } }), expect: status(401, 403, 403, 403, 403, 404),
  },
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
