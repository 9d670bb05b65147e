// `npm run screenshots`: the README's pictures, taken from a running `npm start` (PORT, default 8787) with
// playwright-core and Debian's chromium (the browser tests' setup). A shopper buys the first product in stock with
// tok_visa over the API, then the browser shows the catalogue, that order's page and /admin after a few metric
// samples. Writes docs/images/{storefront-catalogue,storefront-order,admin}.png at 1200 px wide.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { launchChromium } from "../test/browser/chromium.mjs";
import { until } from "../test/browser/local-worker.mjs";
import { root } from "./wrangler.mjs";

const base = process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
const admin = { email: process.env.ADMIN_EMAIL ?? "admin@example.com", password: process.env.ADMIN_PASSWORD ?? "Admin-password-1" };
const out = path.join(root, "docs", "images");

async function api(method, p, token, body) {
  const res = await fetch(`${base}/api/v1${p}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json.errors)}`);
  return json.data;
}

const products = await api("GET", "/products?limit=20");
const product = products.find((p) => p.availability !== "OUT_OF_STOCK");
if (!product) throw new Error(`no product in stock at ${base}: run npm start first`);
const email = `pictures-${Date.now()}@example.com`;
await api("POST", "/customers", null, { name: "Ada Lovelace", email, password: "Pictures-pass-1" });
const login = await api("POST", "/auth/login", null, { email, password: "Pictures-pass-1" });
await api("POST", "/carts/me/items", login.accessToken, { productId: product.id, quantity: 2 });
const order = await api("POST", "/carts/me/checkout", login.accessToken, { shippingAddress: { recipient: "Ada Lovelace", line1: "12 St James's Square", city: "London", postalCode: "SW1Y 4JH", country: "GB" } });
await api("POST", `/orders/${order.id}/submit`, login.accessToken, { paymentMethod: { type: "CARD", token: "tok_visa" } });
await until(async () => (await api("GET", `/orders/${order.id}`, login.accessToken)).status === "CONFIRMED", "the order's confirmation");

mkdirSync(out, { recursive: true });
const browser = await launchChromium();
try {
  const shopper = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  // The storefront keeps its session in sessionStorage: the shopper signed in above.
  const session = { tokens: { accessToken: login.accessToken, refreshToken: login.refreshToken }, principal: login.principal, email };
  await shopper.addInitScript((s) => sessionStorage.setItem("edge-store-session", s), JSON.stringify(session));
  const page = await shopper.newPage();
  await page.goto(`${base}/`);
  await page.waitForSelector("[data-product] [data-availability]");
  await page.screenshot({ path: path.join(out, "storefront-catalogue.png") });
  await page.goto(`${base}/store/orders/${order.id}`);
  await page.waitForFunction(() => document.querySelector("#order-status")?.textContent === "Confirmed");
  await page.screenshot({ path: path.join(out, "storefront-order.png") });

  const operator = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await operator.goto(`${base}/admin`);
  await operator.fill("#email", admin.email);
  await operator.fill("#password", admin.password);
  await operator.click("#login-form button[type=submit]");
  await operator.waitForSelector("#charts .chart-card");
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 1_000));
    await operator.click("#refresh");
  }
  await operator.waitForFunction(() => Number(document.querySelector("#charts svg[data-chart]")?.dataset.samples) >= 4);
  await operator.screenshot({ path: path.join(out, "admin.png"), fullPage: true });
} finally {
  await browser.close();
}
console.log(`screenshots of ${base} in ${path.relative(process.cwd(), out)}/ (order ${order.id})`);
