// Drives the whole order flow against a running `npm start` and prints each order's timeline.
//   npm start                                   (in one terminal; RESERVATION_TTL_SECONDS=15 shows the expiry quickly)
//   npm run demo                                (in another)
// Scenarios: a happy path to DELIVERED, watched live over the order's WebSocket (with a review published), a
// declined card, a hold that expires while the payment never completes (tok_pending), and a return refunded.
const BASE = process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
const ADMIN = { email: process.env.ADMIN_EMAIL ?? "admin@example.com", password: process.env.ADMIN_PASSWORD ?? "Admin-password-1" };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let keySeq = 0;

async function call(method, path, { token, body } = {}) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (method === "POST") headers["idempotency-key"] = `demo-${Date.now()}-${keySeq++}`;
  const res = await fetch(`${BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => null);
  return { status: res.status, data: json?.data, errors: json?.errors ?? [] };
}

function expectStatus(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.errors)}`);
  return res.data;
}

async function until(what, fn, accept, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (accept(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function customer(label) {
  const email = `demo-${label}-${Date.now()}@example.com`;
  const password = "Demo-password-1";
  expectStatus(await call("POST", "/api/v1/customers", { body: { name: `Demo ${label}`, email, password } }), 201, "register");
  const session = expectStatus(await call("POST", "/api/v1/auth/login", { body: { email, password } }), 200, "login");
  return { token: session.accessToken, id: session.principal.id };
}

async function checkout(c, productId, quantity) {
  expectStatus(await call("POST", "/api/v1/carts/me/items", { token: c.token, body: { productId, quantity } }), 200, "add to cart");
  const created = expectStatus(
    await call("POST", "/api/v1/carts/me/checkout", { token: c.token, body: { shippingAddress: { recipient: "Demo Customer", line1: "1 Edge Street", city: "Lisbon", postalCode: "1100-001", country: "PT" } } }),
    201, "checkout",
  );
  return created.id;
}

async function submit(c, orderId, cardToken) {
  expectStatus(await call("POST", `/api/v1/orders/${orderId}/submit`, { token: c.token, body: { paymentMethod: { type: "CARD", token: cardToken } } }), 202, "submit");
}

async function order(c, productId, quantity, cardToken) {
  const id = await checkout(c, productId, quantity);
  await submit(c, id, cardToken);
  return id;
}

/** Opens the order's live status stream (a single-use ticket, then a WebSocket) and prints every message as it comes. */
async function liveStatus(c, orderId) {
  const { ticket } = expectStatus(await call("POST", `/api/v1/orders/${orderId}/live-tickets`, { token: c.token }), 201, "live ticket");
  const ws = new WebSocket(`${BASE.replace(/^http/, "ws")}/api/v1/orders/${orderId}/live?ticket=${encodeURIComponent(ticket)}`);
  const t0 = Date.now();
  const stamp = () => `+${String(Date.now() - t0).padStart(6)} ms`;
  console.log(`\n=== Live status stream of ${orderId} (WebSocket, no polling)`);
  ws.addEventListener("message", (e) => {
    const m = JSON.parse(e.data);
    console.log(`  ${stamp()}  live    ${m.status.padEnd(10)} version ${m.version}${m.reason ? ` (${m.reason})` : ""}`);
  });
  const closed = new Promise((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", () => reject(new Error("the live status WebSocket did not open")), { once: true });
  });
  // The server sends DELIVERED and a close frame (1000); the client's close event may lag behind the local proxy.
  const end = async () => {
    const code = await Promise.race([closed, sleep(3_000).then(() => null)]);
    console.log(`  ${stamp()}  live    ${code === null ? "stream ended (closing the client side)" : `socket closed by the server with ${code}`}`);
    if (code === null) ws.close(1000);
  };
  return { end };
}

const settled = (o) => ["CONFIRMED", "SHIPPED", "DELIVERED", "CANCELLED"].includes(o?.status);

async function timeline(admin, title, orderId, c) {
  const o = expectStatus(await call("GET", `/api/v1/orders/${orderId}`, { token: c.token }), 200, "order");
  const events = expectStatus(await call("GET", `/api/v1/admin/events?orderId=${orderId}&limit=100`, { token: admin }), 200, "events");
  const t0 = Date.parse(o.history[0].at);
  const rel = (iso) => `+${String(Date.parse(iso) - t0).padStart(6)} ms`;
  console.log(`\n=== ${title}: ${orderId} → ${o.status}${o.cancellationReason ? ` (${o.cancellationReason})` : ""}`);
  const rows = [
    ...o.history.map((h) => ({ at: h.at, line: `status  ${h.status}${h.reason ? ` (${h.reason})` : ""}` })),
    ...events.map((e) => ({ at: e.occurredOn, line: `event   ${e.eventType.padEnd(28)} ${Object.entries(e.deliveries).map(([ctx, d]) => `${ctx}:${d.status}`).join(" ")}` })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const r of rows) console.log(`  ${rel(r.at)}  ${r.line}`);
  const usd = (m) => `$${(m.amount / 100).toFixed(2)}`;
  const tax = o.tax.rateBasisPoints ? `, ${o.tax.inclusive ? "incl." : "+"} tax ${o.tax.rateBasisPoints / 100} % ${usd(o.tax)}` : "";
  console.log(`  totals: subtotal ${usd(o.subtotal)}${o.discount.amount ? ` − discount ${usd(o.discount)}` : ""} + shipping${o.shippingOption ? ` (${o.shippingOption.name})` : ""} ${usd(o.shippingFee)}${tax} = total ${usd(o.total)}`);
  console.log(`  payment: ${o.payment.status}; shipment: ${o.shipment ? `${o.shipment.carrier} ${o.shipment.trackingNumber} ${o.shipment.status}` : "none"}`);
}

async function main() {
  const admin = expectStatus(await call("POST", "/api/v1/auth/login", { body: ADMIN }), 200, "admin login").accessToken;
  const products = expectStatus(await call("GET", "/api/v1/products?limit=20"), 200, "catalogue");
  const inStock = [];
  for (const p of products) {
    const a = await call("GET", `/api/v1/inventory/${p.id}/availability`);
    if (a.status === 200 && a.data.available >= 2) inStock.push(p);
  }
  if (inStock.length === 0) throw new Error("no product with stock; is `npm start` running with its demo catalogue?");
  const product = inStock[0];
  console.log(`Demo against ${BASE} with "${product.name}" (${product.id})`);

  // 1. Happy path: confirmed, shipped, delivered, then reviewed.
  const alice = await customer("alice");
  const happy = await checkout(alice, product.id, 1);
  const live = await liveStatus(alice, happy);
  await submit(alice, happy, "tok_visa");
  const confirmed = await until("confirmation", async () => (await call("GET", `/api/v1/orders/${happy}`, { token: alice.token })).data, (o) => settled(o) && o.shipment, 30_000);
  if (confirmed.status !== "CONFIRMED") throw new Error(`happy path ended ${confirmed.status}`);
  expectStatus(await call("POST", `/api/v1/shipments/${confirmed.shipment.id}/events`, { token: admin, body: { status: "IN_TRANSIT" } }), 200, "dispatch");
  expectStatus(await call("POST", `/api/v1/shipments/${confirmed.shipment.id}/events`, { token: admin, body: { status: "DELIVERED" } }), 200, "deliver");
  await until("delivery", async () => (await call("GET", `/api/v1/orders/${happy}`, { token: alice.token })).data, (o) => o.status === "DELIVERED", 30_000);
  await live.end();

  // 2. Declined card: cancelled with PAYMENT_DECLINED, stock released.
  const bob = await customer("bob");
  const declined = await order(bob, product.id, 1, "tok_chargeDeclined");
  await until("decline", async () => (await call("GET", `/api/v1/orders/${declined}`, { token: bob.token })).data, settled, 30_000);

  // 3. Payment never completes (3-D Secure abandoned): the hold expires and the order is cancelled.
  const carol = await customer("carol");
  const pending = await order(carol, product.id, 1, "tok_pending");
  const reserved = await until("reservation", async () => (await call("GET", `/api/v1/admin/events?orderId=${pending}&type=InventoryReserved`, { token: admin })).data, (e) => e?.length > 0, 30_000);
  const waitMs = Date.parse(reserved[0].data.reservedUntil) - Date.now();
  console.log(`\nWaiting ${Math.ceil(waitMs / 1000)} s for the hold to expire (start the server with RESERVATION_TTL_SECONDS=15 to shorten this)…`);
  await until("expiry", async () => (await call("GET", `/api/v1/orders/${pending}`, { token: carol.token })).data, settled, waitMs + 90_000);

  await timeline(admin, "Happy path", happy, alice);
  await timeline(admin, "Declined card", declined, bob);
  await timeline(admin, "Expired hold", pending, carol);

  // 4. The review flow: submitted, moderated, published as the product's rating.
  const review = await call("POST", "/api/v1/reviews", { token: alice.token, body: { productId: product.id, rating: 5, title: "Great", comment: "Fast delivery, fits well." } });
  if (review.status === 201) {
    expectStatus(await call("POST", `/api/v1/reviews/${review.data.id}/approve`, { token: admin }), 200, "approve review");
    const rated = await until("rating", async () => (await call("GET", `/api/v1/products/${product.id}`)).data, (p) => p.reviewCount > 0, 30_000);
    console.log(`\n=== Review ${review.data.id}: PENDING → APPROVED; product rating ${rated.averageRating} from ${rated.reviewCount} review(s)`);
  } else {
    console.log(`\n(review not submitted: ${review.status} ${JSON.stringify(review.errors)})`);
  }

  // 5. A return: alice sends the delivered unit back; the operator receives it, it is restocked and refunded.
  const ret = expectStatus(await call("POST", `/api/v1/orders/${happy}/returns`, { token: alice.token, body: { items: [{ variantId: product.id, quantity: 1 }], reason: "Changed my mind, sending it back" } }), 201, "return");
  expectStatus(await call("POST", `/api/v1/admin/returns/${ret.id}/receive`, { token: admin }), 200, "receive return");
  const refunded = await until("return refund", async () => (await call("GET", `/api/v1/orders/${happy}`, { token: alice.token })).data, (o) => o.returns?.[0]?.status === "REFUNDED", 30_000);
  console.log(`\n=== Return ${ret.id}: REQUESTED → RECEIVED → REFUNDED; ${(ret.refundAmount.amount / 100).toFixed(2)} ${ret.refundAmount.currency} refunded of the ${(refunded.total.amount / 100).toFixed(2)} paid (shipping is not refunded; refund ${refunded.returns[0].refundId})`);
}

main().catch((err) => {
  console.error(`demo failed: ${err.message}`);
  process.exit(1);
});
