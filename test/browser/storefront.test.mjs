// The demo storefront in a browser, against `wrangler dev`, with every request outside the origin blocked: a new
// shopper signs up (a weak password first: the API's message shows next to the field), sees the welcome coupon,
// adds two products, applies the coupon, checks out with tok_visa and watches the order reach CONFIRMED without a
// reload; a second purchase with tok_chargeDeclined shows the cancellation and its reason. Screenshots go to
// test-artifacts/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { ADMIN, startLocalWorker } from "./local-worker.mjs";
import { isolatedPage, launchChromium } from "./chromium.mjs";

let worker;
let browser;

async function api(method, path, token, body) {
  const res = await fetch(`${worker.url}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

const PRODUCTS = [
  { sku: "BT-TENT", name: "Ultralight Tent", description: "Two person, 1.2 kg.", price: { amount: 32900, currency: "USD" }, category: "gear", initialStock: 10, reorderPoint: 2 },
  { sku: "BT-STOVE", name: "Canister Stove", description: "Boils a litre in 3 minutes.", price: { amount: 5900, currency: "USD" }, category: "gear", initialStock: 30, reorderPoint: 5 },
  { sku: "BT-BOTTLE", name: "Insulated Bottle", description: "750 ml, keeps cold 24 h.", price: { amount: 3400, currency: "USD" }, category: "gear", initialStock: 3, reorderPoint: 5 },
];

before(async () => {
  worker = await startLocalWorker();
  browser = await launchChromium();
  const login = await api("POST", "/auth/login", null, ADMIN);
  for (const p of PRODUCTS) {
    const created = await api("POST", "/products", login.body.data.accessToken, p);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    p.id = created.body.data.id;
  }
  // Shipping and tax for the storefront's default country (contract §6): two options and an exclusive 8 % rate.
  for (const [name, amount] of [["Standard", 500], ["Express", 1500]]) {
    const option = await api("POST", "/admin/shipping-options", login.body.data.accessToken, { name, countries: ["US"], amount: { amount, currency: "USD" } });
    assert.equal(option.status, 201, JSON.stringify(option.body));
  }
  assert.equal((await api("PUT", "/admin/tax-rates/US", login.body.data.accessToken, { rateBasisPoints: 800, inclusive: false })).status, 200);
  // Products list their availability once the inventory context has created the items.
  const deadline = Date.now() + 30_000;
  for (const p of PRODUCTS) {
    while ((await fetch(`${worker.url}/api/v1/inventory/${p.id}/availability`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`no inventory item for ${p.sku}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
  worker?.stop();
});

test("a new shopper signs up, uses the welcome coupon, pays with tok_visa and sees the order confirmed live; a declined card cancels", { timeout: 180_000 }, async () => {
  mkdirSync("test-artifacts", { recursive: true });
  // The weak password, the unknown code and the empty address are refused on purpose; chromium logs those answers
  // as console errors.
  const { page, blocked, problems } = await isolatedPage(browser, worker.url, { allowConsole: [/status of (400|404|409)/] });
  try {
    await shop(page);
  } catch (err) {
    await page.screenshot({ path: "test-artifacts/storefront-failure.png", fullPage: true });
    throw err;
  }
  assert.deepEqual(blocked, [], "no request left the origin");
  assert.deepEqual(problems, [], "no script errors or CSP violations");
});

async function shop(page) {

  await page.goto(`${worker.url}/`);
  await page.waitForSelector(`[data-product="${PRODUCTS[0].id}"]`);
  assert.match(await page.textContent(`[data-product="${PRODUCTS[2].id}"]`), /Low stock/);
  assert.match(await page.textContent(`[data-product="${PRODUCTS[0].id}"]`), /No reviews yet/);
  await page.screenshot({ path: "test-artifacts/storefront-catalogue.png" });

  // Search narrows the catalogue.
  await page.fill("#search input", "stove");
  await page.press("#search input", "Enter");
  await page.waitForFunction(() => document.querySelectorAll("[data-product]").length === 1);
  assert.match(await page.textContent("[data-product]"), /Canister Stove/);

  // Sign up: the API's message appears next to the password field, then the account is created.
  await page.click("#account-link");
  const email = `shopper-${Date.now()}@example.com`;
  await page.fill("#sign-up [name=name]", "Grace Shopper");
  await page.fill("#sign-up [name=email]", email);
  await page.fill("#sign-up [name=password]", "weak");
  await page.click("#sign-up button[type=submit]");
  await page.waitForFunction(() => document.querySelector('#sign-up .field-error[data-field="password"]')?.textContent.length > 0);
  assert.equal(await page.getAttribute("#sign-up [name=password]", "aria-invalid"), "true");
  await page.fill("#sign-up [name=password]", "Grace-pass-1");
  await page.click("#sign-up button[type=submit]");
  await page.waitForSelector("#coupons [data-code]", { timeout: 30_000 });
  const coupon = await page.getAttribute("#coupons [data-code]", "data-code");
  assert.match(await page.textContent("#coupons"), /10% off/);
  await page.screenshot({ path: "test-artifacts/storefront-account.png" });

  // Two products into the cart.
  await page.click(".brand");
  for (const p of PRODUCTS.slice(0, 2)) {
    await page.click(`[data-product="${p.id}"] button`);
    await page.waitForFunction((id) => document.querySelector(`[data-product="${id}"] .note`)?.textContent === "Added to your cart", p.id);
  }
  await page.waitForFunction(() => document.querySelector("#cart-link").textContent === "Cart (2)");
  await page.click("#cart-link");
  await page.waitForSelector("table.cart tbody tr:nth-child(2)");
  // What the shopper already typed into the checkout form survives the cart's redraws (quantity, coupon).
  await page.fill('[name="shippingAddress.recipient"]', "Grace Shopper");
  // Quantity 2 of the stove.
  await page.fill(`tr[data-product="${PRODUCTS[1].id}"] input`, "2");
  await page.dispatchEvent(`tr[data-product="${PRODUCTS[1].id}"] input`, "change");
  await page.waitForFunction(() => document.querySelector("#subtotal")?.textContent === "$447.00");
  assert.equal(await page.inputValue('[name="shippingAddress.recipient"]'), "Grace Shopper");

  // A wrong code, then the welcome coupon.
  await page.fill("#promotion-form [name=code]", "NOT-A-CODE");
  await page.click("#promotion-form button");
  await page.waitForFunction(() => [...document.querySelectorAll("#promotion-form .form-error, #promotion-form .field-error")].some((e) => e.textContent.length > 0));
  await page.fill("#promotion-form [name=code]", coupon);
  await page.click("#promotion-form button");
  await page.waitForSelector("#discount");
  assert.equal(await page.textContent("#discount"), "−$44.70");
  assert.equal(await page.textContent("#total"), "$402.30");
  assert.equal(await page.inputValue('[name="shippingAddress.recipient"]'), "Grace Shopper");
  assert.equal(await page.inputValue("#promotion-form [name=code]"), coupon);
  await page.fill('[name="shippingAddress.recipient"]', "");

  // Checkout: an empty address is refused field by field, then tok_visa.
  await page.click("#checkout-form button[type=submit]");
  await page.waitForFunction(() => document.querySelector('#checkout-form .field-error[data-field="shippingAddress.recipient"]')?.textContent.length > 0);
  await page.fill('[name="shippingAddress.recipient"]', "Grace Shopper");
  await page.fill('[name="shippingAddress.line1"]', "1 Harbour Road");
  await page.fill('[name="shippingAddress.city"]', "Portsmouth");
  await page.fill('[name="shippingAddress.postalCode"]', "03801");
  // Shipping and tax are shown before the order: the cheapest option first, then the one picked.
  await page.click("#quote-shipping");
  await page.waitForFunction(() => document.querySelector("#shipping-fee")?.textContent === "$5.00");
  // (402.30 + 5.00) × 8 % = 32.584 → $32.58.
  assert.equal(await page.textContent("#tax"), "$32.58");
  assert.equal(await page.textContent("#total"), "$439.88");
  await page.selectOption("#shipping-option", { label: "Express · $15.00" });
  await page.waitForFunction(() => document.querySelector("#shipping-fee")?.textContent === "$15.00");
  assert.equal(await page.textContent("#tax"), "$33.38");
  assert.equal(await page.textContent("#total"), "$450.68");
  assert.match(await page.textContent("#checkout-form .cards"), /tok_visa[\s\S]*tok_chargeDeclined[\s\S]*tok_insufficient_funds[\s\S]*tok_pending/);
  await page.check('[name="paymentMethod.token"][value="tok_visa"]');
  await page.click("#checkout-form button[type=submit]");
  await page.waitForURL(/\/store\/orders\/ord_/);
  // A marker on the window: it survives only if the page is never reloaded while the status changes.
  await page.evaluate(() => (window.__noReload = true));
  await page.waitForFunction(() => document.querySelector("#order-status")?.textContent === "Confirmed", null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => window.__noReload), true, "the status changed without a reload");
  const timeline = await page.$$eval("#timeline li strong", (els) => els.map((e) => e.textContent));
  assert.deepEqual(timeline.slice(-1), ["Confirmed"]);
  assert.ok(timeline.includes("Pending"));
  assert.match(await page.textContent("section.order"), /Discount \(WELCOME/);
  assert.match(await page.textContent("section.order"), /Shipping \(Express\) \$15\.00[\s\S]*Tax \(8 %\) \$33\.38[\s\S]*Total \$450\.68/);
  await page.waitForFunction(() => document.querySelector("#cart-link").textContent === "Cart", null, { timeout: 5_000 });
  await page.screenshot({ path: "test-artifacts/storefront-order-confirmed.png", fullPage: true });

  // Second purchase: a declined card.
  await page.click(".brand");
  await page.click(`[data-product="${PRODUCTS[2].id}"] button`);
  await page.waitForFunction(() => document.querySelector("#cart-link").textContent === "Cart (1)");
  await page.click("#cart-link");
  await page.waitForSelector("#checkout-form");
  await page.fill('[name="shippingAddress.recipient"]', "Grace Shopper");
  await page.fill('[name="shippingAddress.line1"]', "1 Harbour Road");
  await page.fill('[name="shippingAddress.city"]', "Portsmouth");
  await page.fill('[name="shippingAddress.postalCode"]', "03801");
  await page.check('[name="paymentMethod.token"][value="tok_chargeDeclined"]');
  await page.click("#checkout-form button[type=submit]");
  await page.waitForURL(/\/store\/orders\/ord_/);
  await page.waitForFunction(() => document.querySelector("#order-status")?.textContent === "Cancelled", null, { timeout: 60_000 });
  assert.match(await page.textContent("#cancellation-reason"), /Payment declined/);
  await page.screenshot({ path: "test-artifacts/storefront-order-declined.png", fullPage: true });

  // Order history lists both, newest first.
  await page.click("text=← Your orders");
  await page.waitForSelector("table.orders tbody tr:nth-child(2)");
  assert.deepEqual(await page.$$eval("table.orders tbody tr .status", (els) => els.map((e) => e.textContent)).then((s) => s.length), 2);
  await page.screenshot({ path: "test-artifacts/storefront-orders.png" });
}

test("availability is live: the product page and the catalogue follow stock changes without a reload", { timeout: 120_000 }, async () => {
  const admin = (await api("POST", "/auth/login", null, ADMIN)).body.data.accessToken;
  const adjust = async (productId, delta) => assert.equal((await api("POST", `/inventory/${productId}/adjustments`, admin, { delta, reason: "browser test count" })).status, 200);
  const available = async (productId) => (await api("GET", `/inventory/${productId}/availability`)).body.data.available;
  const { page, blocked, problems } = await isolatedPage(browser, worker.url);

  const stove = PRODUCTS[1];
  await page.goto(`${worker.url}/store/products/${stove.id}`);
  const before = await available(stove.id);
  await page.waitForFunction((n) => document.querySelector("#stock-left")?.textContent === `${n} left`, before);
  await page.evaluate(() => (window.__noReload = true));
  await adjust(stove.id, -before);
  await page.waitForFunction(() => document.querySelector("#stock-left").textContent === "Sold out", null, { timeout: 15_000 });
  assert.equal(await page.textContent("[data-availability]"), "Out of stock");
  assert.equal(await page.isDisabled("section.product button"), true, "a sold-out product cannot be added");
  await adjust(stove.id, 40);
  await page.waitForFunction(() => document.querySelector("#stock-left").textContent === "40 left", null, { timeout: 15_000 });
  assert.equal(await page.textContent("[data-availability]"), "In stock");
  assert.equal(await page.isDisabled("section.product button"), false);
  assert.equal(await page.evaluate(() => window.__noReload), true, "the page was never reloaded");

  // The catalogue's cards follow too.
  const tent = PRODUCTS[0];
  await page.click("text=← Catalogue");
  await page.waitForSelector(`[data-product="${tent.id}"] [data-availability="IN_STOCK"]`);
  await adjust(tent.id, -(await available(tent.id)));
  await page.waitForSelector(`[data-product="${tent.id}"] [data-availability="OUT_OF_STOCK"]`, { timeout: 15_000 });
  assert.equal(await page.isDisabled(`[data-product="${tent.id}"] button`), true);
  await page.screenshot({ path: "test-artifacts/storefront-live-availability.png" });
  assert.deepEqual(blocked, [], "no request left the origin");
  assert.deepEqual(problems, [], "no script errors or CSP violations");
});

/** Polls `probe` until it answers something truthy (bounded), e.g. an order reaching a status through the queues. */
async function until(probe, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test("a shopper returns units of a delivered order from its page and follows each return's status and refund", { timeout: 180_000 }, async () => {
  const admin = (await api("POST", "/auth/login", null, ADMIN)).body.data.accessToken;
  const product = await api("POST", "/products", admin, { sku: "BT-MUG", name: "Enamel Mug", description: "350 ml, campfire proof.", price: { amount: 2000, currency: "USD" }, category: "gear", initialStock: 10, reorderPoint: 1 });
  assert.equal(product.status, 201, JSON.stringify(product.body));
  const productId = product.body.data.id;
  const shopper = { email: `returner-${Date.now()}@example.com`, password: "Returner-pass-1" };
  assert.equal((await api("POST", "/customers", null, { name: "Ada Returner", ...shopper })).status, 201);
  const token = (await api("POST", "/auth/login", null, shopper)).body.data.accessToken;
  await until(async () => (await fetch(`${worker.url}/api/v1/inventory/${productId}/availability`)).status === 200, "the mug's inventory item");
  assert.equal((await api("POST", "/carts/me/items", token, { productId, quantity: 2 })).status, 200);
  const address = { recipient: "Ada Returner", line1: "2 Quay Street", city: "Portsmouth", postalCode: "03801", country: "US" };
  const order = await api("POST", "/carts/me/checkout", token, { shippingAddress: address });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  const orderId = order.body.data.id;
  assert.equal((await api("POST", `/orders/${orderId}/submit`, token, { paymentMethod: { type: "CARD", token: "tok_visa" } })).status, 202);
  const shipmentId = await until(async () => (await api("GET", `/orders/${orderId}`, token)).body.data?.shipment?.id, "the shipment");
  for (const status of ["IN_TRANSIT", "DELIVERED"]) assert.equal((await api("POST", `/shipments/${shipmentId}/events`, admin, { status })).status, 200);
  await until(async () => (await api("GET", `/orders/${orderId}`, token)).body.data?.status === "DELIVERED", "the delivery");

  // The short reason is refused on purpose; chromium logs that answer as a console error.
  const { page, blocked, problems } = await isolatedPage(browser, worker.url, { allowConsole: [/status of 400/] });
  try {
    await page.goto(`${worker.url}/store/account`);
    await page.fill("#sign-in [name=email]", shopper.email);
    await page.fill("#sign-in [name=password]", shopper.password);
    await page.click("#sign-in button[type=submit]");
    await page.waitForURL(`${worker.url}/`);
    await page.goto(`${worker.url}/store/orders/${orderId}`);
    const form = `#returns .return-form[data-variant="${productId}"]`;
    await page.waitForSelector(form);
    assert.match(await page.textContent(form), /Return Enamel Mug[\s\S]*Units \(up to 2\)/);

    // A reason under 10 characters is refused next to its field, and nothing is returned.
    await page.fill(`${form} [name=reason]`, "Too big");
    await page.click(`${form} button[type=submit]`);
    await page.waitForFunction((f) => document.querySelector(`${f} .field-error[data-field="reason"]`)?.textContent.length > 0, form);
    assert.equal(await page.$("#returns tr[data-return]"), null);

    // One unit back. 2 × $20.00 + $5.00 shipping, 8 % tax on both: $48.60; the goods part is $48.60 − $5.00 − $0.40
    // (the tax on shipping) = $43.20, so one of two units refunds $21.60.
    await page.fill(`${form} [name=quantity]`, "1");
    await page.fill(`${form} [name=reason]`, "Too big for the shelf");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector("#returns tr[data-return]");
    const first = await page.getAttribute("#returns tr[data-return]", "data-return");
    const row = (id) => `#returns tr[data-return="${id}"]`;
    assert.deepEqual(await page.$$eval(`${row(first)} td`, (tds) => tds.map((td) => td.textContent)), [first, "1 × Enamel Mug", "Requested", "$21.60"]);
    assert.match(await page.textContent(form), /Units \(up to 1\)/);

    // The operator receives it; once the refund succeeded the page shows the return refunded.
    assert.equal((await api("POST", `/admin/returns/${first}/receive`, admin)).status, 200);
    await until(async () => (await api("GET", `/orders/${orderId}`, token)).body.data?.returns?.[0]?.status === "REFUNDED", "the return's refund");
    await page.reload();
    await page.waitForSelector(row(first));
    assert.equal(await page.textContent(`${row(first)} .status`), "Refunded");

    // The last unit: then no form is left, and both returns are listed.
    await page.fill(`${form} [name=reason]`, "Bought one too many");
    await page.click(`${form} button[type=submit]`);
    await page.waitForFunction(() => document.querySelectorAll("#returns tr[data-return]").length === 2);
    assert.equal(await page.$(form), null);
    assert.match(await page.textContent("#returns"), /Every unit is returned or asked for/);
    assert.deepEqual(await page.$$eval("#returns tr[data-return] .status", (els) => els.map((e) => e.textContent)), ["Refunded", "Requested"]);
    assert.deepEqual(await page.$$eval("#returns tr[data-return] .refund", (els) => els.map((e) => e.textContent)), ["$21.60", "$21.60"]);
    mkdirSync("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/storefront-returns.png", fullPage: true });
  } catch (err) {
    await page.screenshot({ path: "test-artifacts/storefront-returns-failure.png", fullPage: true });
    throw err;
  }
  assert.deepEqual(blocked, [], "no request left the origin");
  assert.deepEqual(problems, [], "no script errors or CSP violations");
});
