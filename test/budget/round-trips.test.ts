import { describe, expect, it } from "vitest";
import { enableMeter, meterCalls, scopeEnd } from "../../workers/kernel/meter";
import { adminToken, api, login, v1, type CallOptions, type ApiResponse } from "../support/api";
import { aCustomer, anAddress, createProduct } from "../support/mothers";
import { createPromotion } from "../support/promotions";
import { eventually, settle } from "../support/settle";
import { formatChain, overBudget, requestPath, routeTable, storeTable, storeTotals, type RouteRow } from "./round-trips";

// The round-trip budget of every storefront route (issue 11; architecture.md "Where state lives, and what each
// request may cost"), counted at the real bindings inside workerd by the binding meter. Each route is driven over
// HTTP; the table (printed after the run by table-reporter.mjs) shows its sequential remote round trips by store
// and the modelled latency for a shopper 150 ms from the D1 primary.

declare module "vitest" {
  interface TaskMeta {
    budgetTable?: string;
  }
}

enableMeter();

const MS = 250;
/** A storefront read: at most one sequential remote round trip (architecture.md, "what each request may cost"). */
const READ = { remote: 1, ms: MS };
/** A storefront write: at most two. */
const WRITE = { remote: 2, ms: MS };
/**
 * Budgets: sequential remote round trips on the request path, and modelled latency. Every route the test drives is
 * a storefront route (a shopper's or a visitor's; no admin route is measured) and has one: a route without a
 * budget fails the test.
 */
const BUDGETS: Record<string, { remote: number; ms: number }> = {
  "GET /products/{id} (cache hit)": { remote: 0, ms: MS },
  "GET /products/{id} (cache miss)": READ,
  "GET /products": READ,
  "GET /products/{id}/reviews": READ,
  "GET /inventory/{id}/availability": READ,
  // Shipping options are read through a D1 session that a nearby replica may answer, never the primary.
  "GET /shipping-options": { remote: 1, ms: 50 },
  "POST /customers": WRITE,
  "POST /auth/login": WRITE,
  "POST /auth/refresh": WRITE,
  "GET /customers/me": READ,
  "GET /customers/me/addresses": READ,
  // Once per customer ever: the object looks for a cart left in the cart database before carts moved (README).
  "GET /carts/me (first visit)": READ,
  "GET /carts/me (with a code)": { remote: 0, ms: MS },
  "POST /carts/me/items (first add)": { remote: 1, ms: MS },
  "POST /carts/me/items (repeat add)": { remote: 1, ms: MS },
  "PATCH /carts/me/items/{id}": { remote: 1, ms: MS },
  "DELETE /carts/me/items/{id}": { remote: 0, ms: MS },
  "POST /carts/me/promotions": { remote: 1, ms: MS },
  // The country's options and rate come from a nearby replica; a saved address is read beside them (quote.ts).
  "PUT /carts/me/shipping": { remote: 1, ms: MS },
  "PUT /carts/me/shipping (saved address)": { remote: 1, ms: MS },
  "POST /carts/me/checkout": WRITE,
  "POST /orders/{id}/submit": WRITE,
  "POST /carts/me/checkout (no code)": WRITE,
  // The shipping quote is read beside the prices and the code's terms, so it adds no sequential round trip.
  "POST /carts/me/checkout (saved address)": WRITE,
  "POST /carts/me/checkout (after PUT /carts/me/shipping)": WRITE,
  "POST /orders/{id}/submit (no code)": WRITE,
  "POST /orders/{id}/cancel": WRITE,
  // The order object decides the return and writes its read-model row (for the admin's queue) before answering.
  "POST /orders/{id}/returns": WRITE,
  "GET /orders/{id}": READ,
  "GET /customers/{id}/orders": READ,
  "GET /promotions/me": READ,
  "GET /notifications/me": READ,
};

/** Each route measured with an Idempotency-Key, beside the same request without one. */
const KEYED: [string, string][] = [
  ["POST /auth/login + Idempotency-Key", "POST /auth/login"],
  ["POST /carts/me/items + Idempotency-Key", "POST /carts/me/items (repeat add)"],
  ["POST /carts/me/checkout + Idempotency-Key", "POST /carts/me/checkout (no code)"],
  ["POST /orders/{id}/submit + Idempotency-Key", "POST /orders/{id}/submit (no code)"],
];
// Every keyed route keeps its record where it writes anyway (login: in the customer database's write batch).
for (const [withKey, without] of KEYED) BUDGETS[withKey] = BUDGETS[without]!;

let seq = 0;
const rows: RouteRow[] = [];

/** One request in its own meter scope; its request path is costed and kept for the table. */
async function measured(route: string, method: string, path: string, opts: CallOptions = {}): Promise<ApiResponse> {
  const requestId = `budget-${++seq}`;
  const res = await api(method, path, { ...opts, headers: { ...opts.headers, "x-request-id": requestId } });
  const cost = requestPath(meterCalls(), requestId, scopeEnd(requestId));
  expect(cost.unmarkedBackground.map((c) => `${c.store} ${c.op}`), `${route}: work started after the response must be detached`).toEqual([]);
  const budget = BUDGETS[route];
  expect(budget, `${route} is a storefront route: it needs a budget`).toBeDefined();
  rows.push({ route, cost, budget });
  return res;
}

const ok = (res: ApiResponse, status: number) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res;
};

describe("round-trip budget of the storefront routes", () => {
  it("counts each route's sequential remote round trips and fails the ones over budget", async ({ task }) => {
    const { token: admin } = await adminToken();
    const product = await createProduct({ initialStock: 100 });
    const other = await createProduct({ initialStock: 100 });
    const promotion = await createPromotion();
    await settle();

    // Catalogue reads.
    ok(await measured("GET /products/{id} (cache miss)", "GET", v1(`/products/${product.id}`)), 200);
    await settle();
    ok(await measured("GET /products/{id} (cache hit)", "GET", v1(`/products/${product.id}`)), 200);
    ok(await measured("GET /products", "GET", v1("/products?limit=20")), 200);
    ok(await measured("GET /products/{id}/reviews", "GET", v1(`/products/${product.id}/reviews`)), 200);
    ok(await measured("GET /inventory/{id}/availability", "GET", v1(`/inventory/${product.id}/availability`)), 200);
    ok(await measured("GET /shipping-options", "GET", v1("/shipping-options?country=GB")), 200);

    // Identity.
    const email = `budget-${Date.now().toString(36)}@example.com`;
    ok(await measured("POST /customers", "POST", v1("/customers"), { body: { name: "Grace Hopper", email, password: "Budget-password-1" } }), 201);
    const signedIn = ok(await measured("POST /auth/login", "POST", v1("/auth/login"), { body: { email, password: "Budget-password-1" } }), 200);
    ok(await measured("POST /auth/login + Idempotency-Key", "POST", v1("/auth/login"), { idempotencyKey: `k-${seq}`, body: { email, password: "Budget-password-1" } }), 200);
    ok(await measured("POST /auth/refresh", "POST", v1("/auth/refresh"), { body: { refreshToken: signedIn.data.refreshToken } }), 200);
    const shopper = await login(email, "Budget-password-1");
    await settle();
    ok(await measured("GET /customers/me", "GET", v1("/customers/me"), { token: shopper.token }), 200);
    ok(await measured("GET /customers/me/addresses", "GET", v1("/customers/me/addresses"), { token: shopper.token }), 200);

    // The cart.
    const token = shopper.token;
    ok(await measured("GET /carts/me (first visit)", "GET", v1("/carts/me"), { token }), 200);
    ok(await measured("POST /carts/me/items (first add)", "POST", v1("/carts/me/items"), { token, body: { productId: product.id, quantity: 2 } }), 200);
    ok(await measured("POST /carts/me/items (repeat add)", "POST", v1("/carts/me/items"), { token, body: { productId: product.id, quantity: 1 } }), 200);
    ok(await measured("POST /carts/me/items + Idempotency-Key", "POST", v1("/carts/me/items"), { token, idempotencyKey: `k-${seq}`, body: { productId: product.id, quantity: 1 } }), 200);
    ok(await api("POST", v1("/carts/me/items"), { token, body: { productId: other.id, quantity: 1 } }), 200);
    ok(await measured("PATCH /carts/me/items/{id}", "PATCH", v1(`/carts/me/items/${other.id}`), { token, body: { quantity: 3 } }), 200);
    ok(await measured("DELETE /carts/me/items/{id}", "DELETE", v1(`/carts/me/items/${other.id}`), { token }), 200);
    ok(await measured("POST /carts/me/promotions", "POST", v1("/carts/me/promotions"), { token, body: { code: promotion.code } }), 200);
    ok(await measured("GET /carts/me (with a code)", "GET", v1("/carts/me"), { token }), 200);
    ok(await measured("PUT /carts/me/shipping", "PUT", v1("/carts/me/shipping"), { token, body: { shippingAddress: anAddress() } }), 200);
    const saved = ok(await api("POST", v1("/customers/me/addresses"), { token, body: anAddress() }), 201);
    ok(await measured("PUT /carts/me/shipping (saved address)", "PUT", v1("/carts/me/shipping"), { token, body: { shippingAddressId: saved.data.id } }), 200);

    // Checkout, submit, the order.
    const order = ok(await measured("POST /carts/me/checkout", "POST", v1("/carts/me/checkout"), { token, body: { shippingAddress: anAddress() } }), 201);
    const orderId = order.data.id as string;
    ok(await measured("POST /orders/{id}/submit", "POST", v1(`/orders/${orderId}/submit`), { token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } }), 202);
    ok(await measured("GET /orders/{id}", "GET", v1(`/orders/${orderId}`), { token }), 200);
    await settle();
    ok(await measured("GET /customers/{id}/orders", "GET", v1(`/customers/${shopper.id}/orders`), { token }), 200);
    ok(await measured("GET /promotions/me", "GET", v1("/promotions/me"), { token }), 200);
    ok(await measured("GET /notifications/me", "GET", v1("/notifications/me"), { token }), 200);

    // A return of the delivered order.
    const shipmentId = (await api("GET", v1(`/orders/${orderId}`), { token })).data.shipment.id as string;
    for (const status of ["IN_TRANSIT", "DELIVERED"]) ok(await api("POST", v1(`/shipments/${shipmentId}/events`), { token: admin, body: { status } }), 200);
    await eventually(() => api("GET", v1(`/orders/${orderId}`), { token }), (r) => r.data.status === "DELIVERED");
    ok(await measured("POST /orders/{id}/returns", "POST", v1(`/orders/${orderId}/returns`), { token, body: { items: [{ variantId: product.id, quantity: 1 }], reason: "Not what I expected" } }), 201);

    // The same routes without a code, with and without an Idempotency-Key (a key adds no round trip).
    const payment = { paymentMethod: { type: "CARD", token: "tok_visa" } };
    await api("POST", v1("/carts/me/items"), { token, body: { productId: other.id, quantity: 1 } });
    const plain = ok(await measured("POST /carts/me/checkout (no code)", "POST", v1("/carts/me/checkout"), { token, body: { shippingAddress: anAddress() } }), 201);
    ok(await measured("POST /orders/{id}/submit (no code)", "POST", v1(`/orders/${plain.data.id}/submit`), { token, body: payment }), 202);
    await api("POST", v1("/carts/me/items"), { token, body: { productId: other.id, quantity: 1 } });
    const keyed = ok(await measured("POST /carts/me/checkout + Idempotency-Key", "POST", v1("/carts/me/checkout"), { token, idempotencyKey: `k-${seq}`, body: { shippingAddress: anAddress() } }), 201);
    ok(await measured("POST /orders/{id}/submit + Idempotency-Key", "POST", v1(`/orders/${keyed.data.id}/submit`), { token, idempotencyKey: `k-${seq}`, body: payment }), 202);
    await api("POST", v1("/carts/me/items"), { token, body: { productId: other.id, quantity: 1 } });
    ok(await measured("POST /carts/me/checkout (saved address)", "POST", v1("/carts/me/checkout"), { token, body: { shippingAddressId: saved.data.id } }), 201);
    await api("POST", v1("/carts/me/items"), { token, body: { productId: other.id, quantity: 1 } });
    ok(await api("PUT", v1("/carts/me/shipping"), { token, body: { shippingAddress: anAddress() } }), 200);
    ok(await measured("POST /carts/me/checkout (after PUT /carts/me/shipping)", "POST", v1("/carts/me/checkout"), { token, body: {} }), 201);
    await api("POST", v1("/carts/me/items"), { token, body: { productId: other.id, quantity: 1 } });
    const cancelled = ok(await api("POST", v1("/carts/me/checkout"), { token, body: { shippingAddress: anAddress() } }), 201);
    ok(await measured("POST /orders/{id}/cancel", "POST", v1(`/orders/${cancelled.data.id}/cancel`), { token, body: {} }), 200);
    expect(admin).toBeTruthy();

    const table = `round-trip budget (sequential remote round trips on the request path; modelled for a shopper 150 ms from the D1 primary, replica read 20 ms, edge KV/cache 5 ms, remote object 80 ms, own cart/order object local 5 ms)\n${routeTable(rows)}`;
    task.meta.budgetTable = table;
    expect(rows.map(overBudget).filter((m) => m !== null)).toEqual([]);
    // An Idempotency-Key adds no sequential round trip: each keyed request costs what the same request without one does.
    const cost = (route: string) => rows.find((r) => r.route === route)!.cost;
    const keyAdds = KEYED.map(([withKey, without]) => `${withKey}: ${cost(withKey).remote - cost(without).remote} more than ${without}; chain: ${formatChain(cost(withKey).chain)}`);
    expect(keyAdds.filter((m) => !m.includes(": 0 more than"))).toEqual([]);
  });

  it("counts calls awaited together as one sequential round trip", async () => {
    const c = await aCustomer();
    const product = await createProduct({ initialStock: 5 });
    await settle();
    await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: product.id, quantity: 1 } });
    const order = ok(await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: anAddress() } }), 201);
    const requestId = "budget-parallel";
    ok(await api("GET", v1(`/orders/${order.data.id}`), { token: c.token, headers: { "x-request-id": requestId } }), 200);
    const cost = requestPath(meterCalls(), requestId, scopeEnd(requestId));
    // The order object (local), then the customer copy, the payment and the shipment read in parallel.
    const d1 = cost.calls.filter((k) => k.kind === "d1").map((k) => k.store).sort();
    expect(d1).toEqual(["DB_ORDER", "DB_PAYMENT", "DB_SHIPPING"]);
    expect(cost.remote, formatChain(cost.chain)).toBe(1);
    expect(cost.ms).toBe(5 + 150);
  });

  it("counts the whole asynchronous work of one order per store (checkout → CONFIRMED → shipped)", async ({ task }) => {
    const c = await aCustomer();
    const { token: admin } = await adminToken();
    const product = await createProduct({ initialStock: 10 });
    await settle();
    await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: product.id, quantity: 2 } });
    await settle();
    const from = meterCalls().length;
    const order = ok(await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: anAddress() } }), 201);
    ok(await api("POST", v1(`/orders/${order.data.id}/submit`), { token: c.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } }), 202);
    // The test's own polling is not the order's work: its requests are left out by their ids.
    const poll = () => api("GET", v1(`/orders/${order.data.id}`), { token: c.token, headers: { "x-request-id": `poll-${++seq}` } });
    const confirmed = await eventually(poll, (r) => r.data.status === "CONFIRMED" && r.data.shipment !== null);
    ok(await api("POST", v1(`/shipments/${confirmed.data.shipment.id}/events`), { token: admin, body: { status: "IN_TRANSIT" } }), 200);
    await eventually(poll, (r) => r.data.status === "SHIPPED");
    await settle();
    const work = meterCalls().slice(from).filter((k) => !k.scope?.startsWith("poll-"));
    const totals = storeTotals(work);
    task.meta.budgetTable = `the whole work of one order, checkout → CONFIRMED → shipped (every call, request paths and asynchronous work, per store)\n${storeTable(totals)}`;
    // Every store the saga needs was reached through the metered bindings, objects' own calls included.
    expect(Object.keys(totals)).toEqual(expect.arrayContaining(["OrderObject", "InventoryItemObject", "DB_PAYMENT", "DB_SHIPPING", "Q_ORDER", "Q_INVENTORY"]));
  });
});
