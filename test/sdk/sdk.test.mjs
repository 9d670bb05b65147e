// The storefront SDK (sdk/) against the real Worker under `wrangler dev`: generated types up to date with
// /openapi.json, Idempotency-Key reuse across retries, token refresh, 429 retry after Retry-After, read-your-writes
// token carry, and liveOrder's status stream. Requests are observed by wrapping the transport (fetch); every answer
// comes from the running Worker.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sign } from "hono/jwt";
import { createStoreClient, ApiError } from "../../sdk/src/index.ts";
import { schemaSource } from "../../sdk/generate.mjs";
import { ADMIN, startLocalWorker, until } from "../browser/local-worker.mjs";

let worker;
let productId;

before(async () => {
  worker = await startLocalWorker();
  const admin = createStoreClient({ baseUrl: worker.url });
  await admin.signIn(ADMIN.email, ADMIN.password);
  const product = await admin.call(admin.api.POST("/api/v1/products", { body: { sku: `SDK-${Date.now()}`, name: "Enamel Mug", description: "350 ml", price: { amount: 1800, currency: "USD" }, initialStock: 50, reorderPoint: 2 } }));
  productId = product.id;
  await until(async () => (await fetch(`${worker.url}/api/v1/inventory/${productId}/availability`)).status === 200, "the inventory item");
}, { timeout: 180_000 });

after(() => worker?.stop());


// Issue 17 item 2, under the Worker as `npm start` runs it (its JWT secret from scripts/dev-secret.mjs, read by
// wrangler dev from a .dev.vars file): the key every deployment without JWT_SECRET used to sign with forges nothing.
test("a token signed with the constant the repository used to ship is refused; a token the Worker issued is accepted", async () => {
  const OLD_CONSTANT = "local-development-only-jwt-secret-not-for-production-use";
  const login = await fetch(`${worker.url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ADMIN) });
  assert.equal(login.status, 200);
  const { data } = await login.json();
  const iat = Math.floor(Date.now() / 1000);
  const claims = { sub: data.principal.id, role: "ADMIN", iss: "edge-commerce", aud: "edge-commerce-api", iat, nbf: iat, exp: iat + 3600 };
  const metrics = (token) => fetch(`${worker.url}/api/v1/admin/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const forged = await metrics(await sign(claims, OLD_CONSTANT, "HS512"));
  assert.equal(forged.status, 401);
  assert.equal((await forged.json()).errors[0].code, "AUTH_INVALID_TOKEN");
  assert.equal((await metrics(data.accessToken)).status, 200);
});

/** A transport that records every request (method, path, headers) and its answer's status, then passes it on. */
function recorder() {
  const calls = [];
  const fetchFn = async (request) => {
    const entry = { method: request.method, path: new URL(request.url).pathname, headers: Object.fromEntries(request.headers) };
    const res = await fetch(request);
    entry.status = res.status;
    calls.push(entry);
    return res;
  };
  return { calls, fetch: fetchFn };
}

let shopperSeq = 0;
async function newShopper(options = {}) {
  const email = `sdk-${Date.now()}-${shopperSeq++}@example.com`;
  const store = createStoreClient({ baseUrl: worker.url, ...options });
  await store.call(store.api.POST("/api/v1/customers", { body: { name: "Sam Shopper", email, password: "Shopper-pass-1" } }));
  await store.signIn(email, "Shopper-pass-1");
  return store;
}

test("the committed types are those openapi-typescript generates from the Worker's /openapi.json", async () => {
  const doc = await (await fetch(`${worker.url}/openapi.json`)).json();
  const committed = readFileSync(new URL("../../sdk/src/schema.ts", import.meta.url), "utf8");
  assert.ok(committed === (await schemaSource(doc)), "sdk/src/schema.ts is out of date with /openapi.json: run `npm run sdk:generate`");
});

test("a 401 refreshes the token pair once and replays the POST with the same Idempotency-Key", async () => {
  const rec = recorder();
  const changes = [];
  const store = await newShopper({ fetch: rec.fetch, onTokens: (t) => changes.push(t) });
  const good = store.tokens;
  // An access token the Worker refuses (as an expired one is), with the session's valid refresh token.
  const stale = { accessToken: `${good.accessToken.slice(0, -4)}AAAA`, refreshToken: good.refreshToken };
  const second = createStoreClient({ baseUrl: worker.url, tokens: stale, fetch: rec.fetch, onTokens: (t) => changes.push(t) });
  rec.calls.length = 0;

  const [cart, me] = await Promise.all([
    second.call(second.api.POST("/api/v1/carts/me/items", { body: { productId, quantity: 2 } })),
    second.call(second.api.GET("/api/v1/customers/me")),
  ]);
  assert.equal(cart.items[0].quantity, 2);
  assert.equal(me.name, "Sam Shopper");
  const adds = rec.calls.filter((c) => c.path === "/api/v1/carts/me/items");
  assert.deepEqual(adds.map((c) => c.status), [401, 200]);
  assert.ok(adds[0].headers["idempotency-key"], "the POST carries an Idempotency-Key");
  assert.equal(adds[1].headers["idempotency-key"], adds[0].headers["idempotency-key"], "the replay reuses the key");
  assert.equal(rec.calls.filter((c) => c.path === "/api/v1/auth/refresh").length, 1, "two 401s, one refresh (refresh tokens rotate)");
  assert.notEqual(second.tokens.accessToken, stale.accessToken);
  assert.notEqual(second.tokens.refreshToken, good.refreshToken, "the rotated pair is kept");
  assert.deepEqual(changes.at(-1), second.tokens, "onTokens saw the new pair");
});

test("a refused refresh signs the client out and surfaces the API's 401", async () => {
  const changes = [];
  const lost = createStoreClient({ baseUrl: worker.url, tokens: { accessToken: "not.a.token", refreshToken: "rt_unknown" }, onTokens: (t) => changes.push(t) });
  await assert.rejects(lost.call(lost.api.GET("/api/v1/customers/me")), (err) => err instanceof ApiError && err.status === 401);
  assert.equal(lost.tokens, null);
  assert.deepEqual(changes, [null]);
});

test("each POST gets its own key; a replayed key returns the first answer without executing twice", async () => {
  const rec = recorder();
  const store = await newShopper({ fetch: rec.fetch });
  rec.calls.length = 0;
  await store.call(store.api.POST("/api/v1/carts/me/items", { body: { productId, quantity: 1 } }));
  await store.call(store.api.POST("/api/v1/carts/me/items", { body: { productId, quantity: 1 } }));
  const [a, b] = rec.calls.map((c) => c.headers["idempotency-key"]);
  assert.ok(a && b && a !== b, "two distinct operations, two keys");
  // A caller's own key is kept, so a retry after a lost answer (here: sent twice) is applied once.
  const key = `checkout-retry-${Date.now()}`;
  const first = await store.call(store.api.POST("/api/v1/carts/me/items", { body: { productId, quantity: 3 }, headers: { "idempotency-key": key } }));
  const again = await store.call(store.api.POST("/api/v1/carts/me/items", { body: { productId, quantity: 3 }, headers: { "idempotency-key": key } }));
  assert.equal(first.items[0].quantity, 5);
  assert.equal(again.items[0].quantity, 5, "the replay did not add three more");
  assert.equal(rec.calls.at(-1).headers["idempotency-key"], key);
  assert.equal(rec.calls.filter((c) => c.method === "GET").some((c) => "idempotency-key" in c.headers), false, "GETs carry no key");
});

test("x-consistency-token: the Worker answers one to a write, and the client sends the latest it received on every later request", async () => {
  // The transport records what the client sends and what the real Worker answers (contract §5).
  const calls = [];
  const store = await newShopper({
    fetch: async (request) => {
      const res = await fetch(request);
      calls.push({ path: new URL(request.url).pathname, sent: request.headers.get("x-consistency-token"), received: res.headers.get("x-consistency-token") });
      return res;
    },
  });
  await store.call(store.api.POST("/api/v1/carts/me/items", { body: { productId, quantity: 1 } }));
  const add = calls.at(-1);
  assert.ok(add.received, "the write answered a token");
  await store.call(store.api.GET("/api/v1/carts/me"));
  assert.equal(calls.at(-1).sent, add.received, "the next read carries the write's token");
  await store.call(store.api.GET("/api/v1/products/{id}", { params: { path: { id: productId } } }));
  const latest = calls.at(-2).received ?? add.received;
  assert.equal(calls.at(-1).sent, latest, "each request carries the latest token received");
  assert.equal(store.consistencyToken, calls.at(-1).received ?? latest);
});

test("liveOrder yields the order's statuses up to CONFIRMED, and a declined card's cancellation with its reason", { timeout: 90_000 }, async () => {
  const store = await newShopper();
  const address = { recipient: "Sam Shopper", line1: "1 Market St", city: "Springfield", postalCode: "12345", country: "US" };
  const buy = async (token) => {
    await store.call(store.api.POST("/api/v1/carts/me/items", { body: { productId, quantity: 1 } }));
    const order = await store.call(store.api.POST("/api/v1/carts/me/checkout", { body: { shippingAddress: address } }));
    await store.call(store.api.POST("/api/v1/orders/{orderId}/submit", { params: { path: { orderId: order.id } }, body: { paymentMethod: { type: "CARD", token } } }));
    return order.id;
  };
  const watch = async (orderId, stopAt) => {
    const seen = [];
    const ac = new AbortController();
    for await (const m of store.liveOrder(orderId, { signal: ac.signal })) {
      seen.push(m);
      if (m.status === stopAt) ac.abort();
    }
    return seen;
  };

  const confirmed = await buy("tok_visa");
  const seen = await watch(confirmed, "CONFIRMED");
  assert.equal(seen.at(-1).status, "CONFIRMED");
  assert.ok(seen.every((m) => m.type === "order" && m.orderId === confirmed));
  assert.ok(seen.every((m, i) => i === 0 || m.version > seen[i - 1].version), "versions increase");
  assert.ok(["PENDING", "CONFIRMED"].includes(seen[0].status), `starts from the current state (${seen[0].status})`);

  const declined = await buy("tok_chargeDeclined");
  const ended = await watch(declined, "never: the stream ends by itself");
  assert.equal(ended.at(-1).status, "CANCELLED");
  assert.equal(ended.at(-1).reason, "PAYMENT_DECLINED");
});

// Before the 429 test, which spends the registration rate limit this example signs up under.
test("the README's ten-line SDK example runs: sign up, sign in, search, cart, checkout, tok_visa, live status to CONFIRMED", { timeout: 90_000 }, async () => {
  const admin = createStoreClient({ baseUrl: worker.url });
  await admin.signIn(ADMIN.email, ADMIN.password);
  const socks = await admin.call(admin.api.POST("/api/v1/products", { body: { sku: `SOCK-${Date.now()}`, name: "Merino Wool Socks", description: "Three pairs", price: { amount: 2400, currency: "USD" }, initialStock: 20, reorderPoint: 2 } }));
  await until(async () => (await fetch(`${worker.url}/api/v1/inventory/${socks.id}/availability`)).status === 200, "the socks' inventory item");

  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const block = /\*\*The SDK\*\*[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, "the README has the SDK example");
  assert.ok(block.trim().split("\n").length <= 11, "about ten lines");
  const source = block
    .replace('"./sdk/src/index.ts"', JSON.stringify(new URL("../../sdk/src/index.ts", import.meta.url).pathname))
    .replace('"http://127.0.0.1:8787"', JSON.stringify(worker.url));
  const dir = mkdtempSync(path.join(tmpdir(), "readme-sdk-"));
  const file = path.join(dir, "example.ts");
  writeFileSync(file, source);
  const child = spawn(process.execPath, ["--experimental-strip-types", "--no-warnings", file], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  try {
    // The stream stays open after CONFIRMED (until DELIVERED), so the example is stopped once it has printed it.
    await until(() => /^CONFIRMED \d+$/m.test(out) || child.exitCode !== null, "the example's CONFIRMED line", 60_000)
      .catch((err) => { throw new Error(`${err.message}; it printed: ${out}`); });
    assert.match(out, /^CONFIRMED \d+$/m, out);
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

// Last: it spends the registration budget of this Worker's only client address.
test("a 429 is retried after its Retry-After with the same Idempotency-Key, then surfaced", { timeout: 90_000 }, async () => {
  // The local limiter counts in fixed windows aligned to the minute (Miniflare's ratelimit object): start the burst
  // early in a window, so the budget cannot reset between the burst and the retries.
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoWindow + 200));
  for (let i = 0; i < 130; i++) {
    const res = await fetch(`${worker.url}/api/v1/customers`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    if (res.status === 429) break;
  }
  const rec = recorder();
  const waits = [];
  const store = createStoreClient({ baseUrl: worker.url, fetch: rec.fetch, maxRetries: 2, sleep: async (ms) => void waits.push(ms) });
  const err = await store.call(store.api.POST("/api/v1/customers", { body: { name: "Late", email: `late-${Date.now()}@example.com`, password: "Shopper-pass-1" } })).catch((e) => e);
  assert.ok(err instanceof ApiError && err.status === 429 && err.has("RATE_LIMITED"), String(err));
  assert.deepEqual(rec.calls.map((c) => c.status), [429, 429, 429], "the first attempt and two retries");
  assert.deepEqual(waits, [60_000, 60_000], "each retry waited the Retry-After the Worker sent (60 s)");
  assert.equal(new Set(rec.calls.map((c) => c.headers["idempotency-key"])).size, 1, "one key for every attempt");
});

