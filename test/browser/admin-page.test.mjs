// Browser test of GET /admin: Debian's chromium driven by playwright-core against `wrangler dev`.
// Run by `npm test` after the workerd suites. It fails (never skips) when chromium is missing:
// scripts/ci-browser-deps.sh installs it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { ADMIN, startLocalWorker, until } from "./local-worker.mjs";
import { isolatedPage, launchChromium } from "./chromium.mjs";

let worker;
let browser;

before(async () => {
  worker = await startLocalWorker();
  browser = await launchChromium();
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
  worker?.stop();
});

async function api(method, path, token, body, headers = {}) {
  const res = await fetch(`${worker.url}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}


/** A product whose stock dips below its reorder point and recovers: ProductCreated, LowStockAlert, InventoryReplenished. */
async function seedStory(token, requestId) {
  const created = await api("POST", "/products", token, { sku: `BROWSER-${Date.now()}`, name: "Lantern", description: "Warm light", price: { amount: 2500, currency: "USD" }, initialStock: 20, reorderPoint: 5 }, { "x-request-id": requestId });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const productId = created.body.data.id;
  await until(async () => (await api("GET", `/inventory/${productId}`, token)).status === 200, "the inventory item");
  assert.equal((await api("POST", `/inventory/${productId}/adjustments`, token, { delta: -16, reason: "damaged in storage" })).status, 200);
  assert.equal((await api("POST", `/inventory/${productId}/adjustments`, token, { delta: 10, reason: "restock" })).status, 200);
  await until(async () => (await api("GET", `/admin/events?orderId=${productId}`, token)).body.data?.length === 3, "three recorded events");
  return productId;
}

test("an operator signs in, sees metrics per context and reads an aggregate's timeline", { timeout: 180_000 }, async () => {
  const login = await api("POST", "/auth/login", null, ADMIN);
  assert.equal(login.status, 200);
  const requestId = `browser-test-${Date.now()}`;
  const productId = await seedStory(login.body.data.accessToken, requestId);

  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = [];
  page.on("pageerror", (err) => problems.push(err.message));
  // The wrong-password attempt below is a 401 on purpose; chromium logs that as a console error.
  page.on("console", (msg) => msg.type() === "error" && !/status of 401/.test(msg.text()) && problems.push(msg.text()));
  await page.goto(`${worker.url}/admin`);
  assert.equal(await page.isVisible("#console"), false, "nothing is shown before signing in");

  await page.fill("#email", ADMIN.email);
  await page.fill("#password", "Wrong-password-1");
  await page.click("#login-form button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#login-error").textContent.length > 0);
  assert.equal(await page.isVisible("#console"), false);

  await page.fill("#password", ADMIN.password);
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector("#metrics-body tr[data-context=operations]");
  const contexts = await page.$$eval("#metrics-body tr", (rows) => rows.map((r) => r.dataset.context));
  for (const c of ["totals", "inventory", "operations", "integrations", "product"]) assert.ok(contexts.includes(c), `metrics row for ${c}`);
  const operationsHandled = Number(await page.textContent("#metrics-body tr[data-context=operations] td:nth-child(2)"));
  assert.ok(operationsHandled >= 3, `operations handled ${operationsHandled} events`);
  assert.match(await page.textContent("#http-summary"), /requests in the last 15 min/);

  await page.fill("#order-id", productId);
  await page.click("#timeline-form button[type=submit]");
  await page.waitForSelector("#timeline-body tr:nth-child(3)");
  const rows = await page.$$eval("#timeline-body tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
  assert.deepEqual(rows.map((r) => r[1]), ["ProductCreated", "LowStockAlert", "InventoryReplenished"]);
  assert.deepEqual(rows.map((r) => r[2]), ["ACTIVE", "LOW_STOCK (4 left)", "IN_STOCK (14 available)"]);
  assert.equal(rows[0][5], requestId, "the creating request's id is the event's correlationId");
  assert.match(rows[0][4], /inventory: HANDLED/);
  assert.equal(await page.textContent("#timeline-status"), "Current status: IN_STOCK (14 available)");

  mkdirSync("test-artifacts", { recursive: true });
  await page.screenshot({ path: "test-artifacts/admin-page.png", fullPage: true });

  await page.fill("#order-id", "ord_01NOSUCHORDER000000000000");
  await page.click("#timeline-form button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#timeline-error").textContent.includes("no events recorded"));
  assert.equal(await page.$$eval("#timeline-body tr", (trs) => trs.length), 0);

  // "Audit stock": one product, then every item page by page.
  await page.fill("#audit-product", productId);
  await page.click("#audit-form button[type=submit]");
  await page.waitForSelector(`#audit-body tr[data-product-id="${productId}"]`);
  assert.deepEqual(await page.$$eval("#audit-body tr td", (tds) => tds.map((td) => td.textContent)), [productId, "consistent", "onHand 14 · reserved 0 · available 14"]);
  await page.click("#audit-all");
  await page.waitForFunction(() => /items checked, \d+ inconsistent$/.test(document.querySelector("#audit-summary").textContent));
  assert.match(await page.textContent("#audit-summary"), /^[1-9]\d* items checked, 0 inconsistent$/);
  assert.deepEqual(problems, [], "no script errors or CSP violations on the page");

  // The README's live-debugging claim, checked against the running Worker: one request id threads through the
  // request's log line and the log line of every event it caused.
  const mentions = worker.logs().filter((l) => l.includes(requestId)).map((l) => JSON.parse(l.slice(l.indexOf("{"))));
  assert.ok(mentions.some((m) => m.message === "request" && m.requestId === requestId && m.status === 201));
  assert.ok(mentions.some((m) => m.message === "event handled" && m.correlationId === requestId && m.eventType === "ProductCreated" && m.context === "inventory"));
});

/** A shopper buys one product with tok_visa; resolves once the order is CONFIRMED (events handled in most contexts). */
async function confirmedOrder(adminToken) {
  const product = await api("POST", "/products", adminToken, { sku: `CHART-${Date.now()}`, name: "Chart mug", description: "Holds coffee", price: { amount: 1200, currency: "USD" }, initialStock: 50, reorderPoint: 1 });
  assert.equal(product.status, 201, JSON.stringify(product.body));
  const productId = product.body.data.id;
  await until(async () => (await api("GET", `/inventory/${productId}`, adminToken)).status === 200, "the inventory item");
  const email = `chart-${Date.now()}@example.com`;
  assert.equal((await api("POST", "/customers", null, { name: "Chart Shopper", email, password: "Shopper-password-1" })).status, 201);
  const shopper = (await api("POST", "/auth/login", null, { email, password: "Shopper-password-1" })).body.data.accessToken;
  assert.equal((await api("POST", "/carts/me/items", shopper, { productId, quantity: 2 })).status, 200);
  const order = await api("POST", "/carts/me/checkout", shopper, { shippingAddress: { recipient: "Chart Shopper", line1: "1 Edge Street", city: "Lisbon", postalCode: "1100-001", country: "PT" } });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  const orderId = order.body.data.id;
  assert.equal((await api("POST", `/orders/${orderId}/submit`, shopper, { paymentMethod: { type: "CARD", token: "tok_visa" } })).status, 202);
  await until(async () => (await api("GET", `/orders/${orderId}`, shopper)).body.data?.status === "CONFIRMED", "the order's confirmation");
  return { orderId, productId, shopper };
}

const chart = (page, context, kind) => page.$eval(`#charts .chart-card[data-context="${context}"] svg[data-chart="${kind}"]`, (svg) => ({
  samples: Number(svg.dataset.samples), max: Number(svg.dataset.max), lines: svg.querySelectorAll("polyline").length,
  // How much of the chart's width the lines cover: the axis starts at the first sample, so a few seconds of history
  // already spans it.
  spread: Math.max(...[...svg.querySelectorAll("polyline")].map((l) => { const xs = l.getAttribute("points").split(" ").map((p) => Number(p.split(",")[0])); return Math.max(...xs) - Math.min(...xs); })) / svg.viewBox.baseVal.width,
}));

test("after an order, the page draws lag and throughput per context, the payment breaker and dead letters over time", { timeout: 180_000 }, async () => {
  const adminToken = (await api("POST", "/auth/login", null, ADMIN)).body.data.accessToken;
  await confirmedOrder(adminToken);

  const { page, blocked, problems } = await isolatedPage(browser, worker.url, { viewport: { width: 1400, height: 1000 } });
  await page.goto(`${worker.url}/admin`);
  await page.fill("#email", ADMIN.email);
  await page.fill("#password", ADMIN.password);
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector('#charts .chart-card[data-context="order"] svg[data-chart="lag"]');
  // The first answer already carries the stored minutes of the order's flow: the page does not start empty.
  for (const c of ["inventory", "order", "payment"]) {
    const first = await page.$eval(`#charts .chart-card[data-context="${c}"] svg[data-chart="throughput"]`, (svg) => Number(svg.dataset.hourPoints));
    assert.ok(first >= 1, `${c}: the last hour's stored minutes are drawn on first open (${first})`);
  }
  // Two more samples: a line needs two points.
  for (const expected of [2, 3]) {
    await page.click("#refresh");
    await page.waitForFunction((n) => Number(document.querySelector('#charts .chart-card[data-context="inventory"] svg[data-chart="throughput"]').dataset.samples) >= n, expected);
  }

  const contexts = await page.$$eval("#charts .chart-card", (cards) => cards.map((c) => c.dataset.context));
  for (const c of ["inventory", "order", "payment", "operations"]) assert.ok(contexts.includes(c), `a chart card for ${c}`);
  for (const c of ["inventory", "order", "payment"]) {
    const lag = await chart(page, c, "lag");
    assert.ok(lag.samples >= 6 && lag.lines === 2, `${c}: p50 and p99 lag lines (${JSON.stringify(lag)})`);
    assert.ok(lag.max > 0, `${c}: the events took time to arrive`);
    const rate = await chart(page, c, "throughput");
    assert.ok(rate.samples >= 3 && rate.lines === 1 && rate.max >= 1, `${c}: throughput line (${JSON.stringify(rate)})`);
    assert.ok(lag.spread > 0.9 && rate.spread > 0.9, `${c}: the lines span the chart (${lag.spread}, ${rate.spread})`);
  }
  const breaker = await page.$eval('#breaker-chart .breaker-row[data-dependency="payment-gateway"]', (row) => ({
    states: row.querySelector("svg").dataset.states, segments: row.querySelectorAll("rect.closed").length, badge: row.querySelector(".badge").textContent,
  }));
  assert.deepEqual(breaker, { states: "CLOSED", segments: 3, badge: "CLOSED" });
  assert.equal(Number(await page.$eval('#dead-chart svg[data-chart="dead-letters"]', (svg) => svg.dataset.samples)), 3);
  assert.equal(await page.textContent("#dead-chart p"), "none in any context");
  mkdirSync("test-artifacts", { recursive: true });
  await page.screenshot({ path: "test-artifacts/admin-charts.png", fullPage: true });

  // The history belongs to the tab: a reload keeps it (one more sample), signing out forgets it.
  await page.reload();
  await page.waitForFunction(() => Number(document.querySelector('#charts .chart-card[data-context="order"] svg[data-chart="throughput"]')?.dataset.samples) === 4);
  await page.click("#logout");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("adminMetricsHistory")), null);
  assert.deepEqual(blocked, [], "no request left the origin");
  assert.deepEqual(problems, [], "no script errors or CSP violations");
});

test("the page's data endpoints refuse a missing token", async () => {
  assert.equal((await api("GET", "/admin/metrics")).status, 401);
  const page = await fetch(`${worker.url}/admin`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-security-policy"), /script-src 'nonce-/);
  assert.doesNotMatch(await page.text(), /"handled"/, "the HTML shell carries no data");
});

test("an operator lists the requested returns and receives one: it is restocked, refunded and shown REFUNDED", { timeout: 180_000 }, async () => {
  const adminToken = (await api("POST", "/auth/login", null, ADMIN)).body.data.accessToken;
  const { orderId, productId, shopper } = await confirmedOrder(adminToken);
  const shipmentId = await until(async () => (await api("GET", `/orders/${orderId}`, shopper)).body.data?.shipment?.id, "the shipment");
  for (const status of ["IN_TRANSIT", "DELIVERED"]) assert.equal((await api("POST", `/shipments/${shipmentId}/events`, adminToken, { status })).status, 200);
  await until(async () => (await api("GET", `/orders/${orderId}`, shopper)).body.data?.status === "DELIVERED", "the delivery");
  const requested = await api("POST", `/orders/${orderId}/returns`, shopper, { items: [{ variantId: productId, quantity: 1 }], reason: "The mug is too small" });
  assert.equal(requested.status, 201, JSON.stringify(requested.body));
  const returnId = requested.body.data.id;

  const { page, problems } = await isolatedPage(browser, worker.url, { viewport: { width: 1400, height: 1000 } });
  await page.goto(`${worker.url}/admin`);
  await page.fill("#email", ADMIN.email);
  await page.fill("#password", ADMIN.password);
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector("#console:not([hidden])");
  await page.click("#returns-form button[type=submit]");
  const row = `#returns-body tr[data-return-id="${returnId}"]`;
  await page.waitForSelector(row);
  assert.deepEqual(await page.$$eval(`${row} td`, (tds) => tds.slice(0, 6).map((td) => td.textContent)), [returnId, orderId, "REQUESTED", `1 × ${productId}`, "12.00 USD", "The mug is too small"]);
  await page.click(`${row} button:text("Receive")`);
  await page.waitForSelector(row, { state: "detached" });
  await until(async () => (await api("GET", `/orders/${orderId}`, shopper)).body.data?.returns?.[0]?.status === "REFUNDED", "the return's refund");
  await page.selectOption("#returns-status", "REFUNDED");
  await page.click("#returns-form button[type=submit]");
  await page.waitForSelector(row);
  assert.equal(await page.textContent(`${row} td:nth-child(3)`), "REFUNDED");
  assert.equal((await api("GET", `/inventory/${productId}`, adminToken)).body.data.onHand, 49);
  assert.deepEqual(problems, [], "no script errors or CSP violations on the page");
});
