#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only 1,4,5] [-- --connections 50] [-- --duration 10]`
// Starts the Worker in Miniflare (bench/harness.mjs), drives it with autocannon, prints one table and writes it
// to bench/results/. Ratios are to the baseline (GET /health) measured in the same run; absolute numbers on a
// shared 2-core machine mean little. Exit 1 only on request errors or broken invariants, never on speed.
import autocannon from "autocannon";
import { execSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, start, passwordHash, accessToken, logCounts } from "./harness.mjs";
import { connectProfiler } from "./profile.mjs";

// ---- options ------------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const opt = (name, dflt) => {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i === -1) return dflt;
  return argv[i].includes("=") ? argv[i].split("=")[1] : argv[i + 1];
};
const QUICK = flag("quick");
const P = {
  connections: Number(opt("connections", QUICK ? 10 : 50)),
  duration: Number(opt("duration", QUICK ? 2 : 10)), // seconds per duration-based scenario
  warmup: QUICK ? 0.5 : 2,
  hotStock: Number(opt("hot-stock", QUICK ? 100 : 1000)), // S; N = 5 × S
  spreadItems: QUICK ? 100 : 1000,
  products: QUICK ? 10 : 40, // catalogue for reads and carts
  missProducts: QUICK ? 50 : 1000, // distinct ids for the cache-miss path (only when a product cache exists)
  cartCustomers: QUICK ? 40 : 500,
  e2eOrders: Number(opt("orders", QUICK ? 5 : 100)),
  e2eConcurrency: Number(opt("concurrency", QUICK ? 5 : 10)),
  // Scenario 11: the same order flow with this many at a time, to see how latency grows with concurrency.
  e2eWideConcurrency: 50,
  expiryHolds: Number(opt("holds", QUICK ? 500 : 10_000)),
  logLevel: opt("log-level", "warn"),
  // Where D1 and Durable Object SQLite files live. Default /dev/shm (tmpfs) when present: on this shared VM's disk
  // every write transaction's fsync costs 5–40 ms and measures the neighbours' I/O, not our code (add to cart
  // measured 7× slower on disk). `--state-dir /tmp` measures on disk.
  stateDir: opt("state-dir", existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir()),
};
const PROFILE = flag("profile");
const ONLY = opt("only", null)?.split(",").map(Number) ?? null;
const runs = (n) => !ONLY || ONLY.includes(n);

// ---- helpers ------------------------------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
const round = (n, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? null : Math.round(n * 10 ** d) / 10 ** d);
const failures = [];
const invariant = (ok, what) => {
  if (!ok) failures.push(what);
  return ok;
};

async function call(base, method, p, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h["content-type"] = "application/json";
  const res = await fetch(base + p, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, body: json ?? text, data: json?.data };
}

async function must(res, status, what) {
  const r = await res;
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r;
}

async function pool(items, concurrency, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

/**
 * One autocannon run. `next(i)` may return {path, method, headers, body} per request (i counts from 0 across all
 * connections). Statuses not in `expect` count as errors, as do socket errors and timeouts.
 */
let profiler = null;

async function load({ url, path: p = "/", method = "GET", headers = {}, body, next, amount, duration, connections = P.connections, expect = [200], label = null }) {
  let i = 0;
  const opts = { url: url + p, method, headers, body, connections, timeout: 20 };
  if (amount) opts.amount = amount;
  else opts.duration = duration;
  if (next) {
    opts.requests = [
      {
        setupRequest: (req) => {
          const r = next(i++);
          return { ...req, ...r, headers: { ...req.headers, ...(r.headers ?? {}) } };
        },
      },
    ];
  }
  if (profiler && label) await profiler.start();
  const res = await autocannon(opts);
  if (profiler && label) {
    const file = path.join(ROOT, "bench", "results", `profile-${label}.cpuprofile`);
    const top = await profiler.stop(file);
    process.stderr.write(`  profile of the Worker isolate during "${label}" → ${path.relative(ROOT, file)}\n${top.map((l) => `    ${l}`).join("\n")}\n`);
  }
  const codes = Object.fromEntries(Object.entries(res.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]));
  const completed = Object.values(codes).reduce((a, b) => a + b, 0);
  const unexpected = Object.entries(codes).filter(([k]) => !expect.includes(Number(k))).reduce((a, [, n]) => a + n, 0);
  return {
    rps: completed / res.duration,
    p50: res.latency.p50,
    p99: res.latency.p99,
    errors: unexpected + res.errors + res.timeouts,
    completed,
    codes,
    durationS: round(res.duration, 2),
  };
}

const warm = (o) => load({ ...o, amount: undefined, duration: P.warmup, label: null });

// ---- environment --------------------------------------------------------------------------------------------

function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return "missing";
  }
}

function machine() {
  const cpus = os.cpus();
  let uptime = "";
  try {
    uptime = execSync("uptime", { encoding: "utf8" }).trim();
  } catch {}
  return { cpu: cpus[0]?.model ?? "unknown", cores: cpus.length, memoryGiB: round(os.totalmem() / 2 ** 30, 1), loadAverage: os.loadavg().map((n) => round(n, 2)), uptime, platform: `${os.type()} ${os.release()}` };
}

// ---- seed ---------------------------------------------------------------------------------------------------

const ADMIN = { email: "bench-admin@example.com", password: "Bench-admin-password-1" };
const CUSTOMER_PASSWORD = "Bench-customer-password-1";

async function seedAccounts(h, count) {
  const db = await h.mf.getD1Database("DB_CUSTOMER", h.config.name);
  const now = Date.now();
  const adminId = "adm_BENCH0000000000000000000000";
  const insert = (id, email, role, hash) =>
    db.prepare("INSERT INTO accounts (id, email, role, password_hash, status, failed_attempts, created_at) VALUES (?, ?, ?, ?, 'ACTIVE', 0, ?)").bind(id, email, role, hash, now);
  // One PBKDF2 hash for every customer: the bench signs their tokens; only the admin and one customer log in.
  const customerHash = passwordHash(CUSTOMER_PASSWORD);
  const customers = Array.from({ length: count }, (_, i) => ({ id: `cus_BENCH${String(i).padStart(21, "0")}`, email: `bench-customer-${i}@example.com` }));
  const stmts = [insert(adminId, ADMIN.email, "ADMIN", passwordHash(ADMIN.password)), ...customers.map((c) => insert(c.id, c.email, "CUSTOMER", customerHash))];
  for (let i = 0; i < stmts.length; i += 100) await db.batch(stmts.slice(i, i + 100));

  // The real login path, once each for an admin and a customer: proves the seeded accounts and the token format.
  const admin = await must(call(h.mainUrl, "POST", "/api/v1/auth/login", { body: ADMIN }), 200, "admin login");
  const cust = await must(call(h.mainUrl, "POST", "/api/v1/auth/login", { body: { email: customers[0].email, password: CUSTOMER_PASSWORD } }), 200, "customer login");
  const signed = accessToken(h.config, { id: customers[0].id, role: "CUSTOMER" });
  await must(call(h.mainUrl, "GET", "/api/v1/carts/me", { token: signed }), 200, "bench-signed token accepted");
  void cust;
  return {
    adminToken: admin.data.accessToken,
    customers: customers.map((c) => ({ ...c, token: accessToken(h.config, { id: c.id, role: "CUSTOMER" }) })),
  };
}

/**
 * Customers who go through checkout are registered through the API, so CustomerRegistered reaches notification,
 * promotion and order as it would in production (seeded rows would leave notification retrying unknown
 * recipients into its dead-letter queue and inflate the event lag being measured).
 */
async function registerCustomers(h, count) {
  return pool(Array.from({ length: count }, (_, i) => i), 8, async (i) => {
    const email = `bench-e2e-${Date.now()}-${i}@example.com`;
    const res = await must(
      call(h.mainUrl, "POST", "/api/v1/customers", { body: { name: `Bench Customer ${i}`, email, password: CUSTOMER_PASSWORD }, headers: { "cf-connecting-ip": `198.18.${(i >> 8) & 255}.${i & 255}` } }),
      201, "register customer",
    );
    return { id: res.data.id, email, token: accessToken(h.config, { id: res.data.id, role: "CUSTOMER" }) };
  });
}

let skuSeq = 0;
async function createProducts(h, adminToken, count, stock) {
  const ids = await pool(Array.from({ length: count }), 8, async () => {
    const r = await must(
      call(h.mainUrl, "POST", "/api/v1/products", {
        token: adminToken,
        body: { sku: `BENCH-${process.pid}-${skuSeq++}`, name: "Bench Trail Shoe", description: "Benchmark product.", price: { amount: 12_900, currency: "USD" }, category: "footwear", initialStock: stock, reorderPoint: 0 },
      }),
      201,
      "create product",
    );
    return r.data.id;
  });
  // ProductCreated creates each inventory item asynchronously (queue → inventory context); wait for all of them.
  const deadline = Date.now() + 60_000;
  for (const id of ids) {
    for (;;) {
      const r = await call(h.auxUrl, "GET", `/report?item=${id}`);
      if (r.body?.levels) break;
      if (Date.now() > deadline) throw new Error(`inventory item for ${id} never appeared`);
      await sleep(50);
    }
  }
  return ids;
}

async function waitQuiet(h, ms = 500) {
  // Lets queued events from the previous step drain a little so one scenario's backlog does not bill the next.
  await sleep(ms);
}

// ---- scenarios ----------------------------------------------------------------------------------------------

const rows = [];
const row = (r) => {
  rows.push(r);
  const f = (v) => (v === null || v === undefined ? "–" : v);
  process.stderr.write(`  → ${r.scenario}: ${f(round(r.rps, 0))} req/s, p50 ${f(r.p50)} ms, p99 ${f(r.p99)} ms, errors ${f(r.errors)}${r.note ? ` (${r.note})` : ""}\n`);
};

async function main() {
  const startedAt = new Date();
  const env = machine();
  process.stderr.write(`bench${QUICK ? " --quick" : ""}: ${env.cpu} × ${env.cores}, load ${env.loadAverage.join(" ")}\n`);
  const t0 = Date.now();
  const h = await start({ logLevel: P.logLevel, stateDir: P.stateDir, inspectorPort: PROFILE ? 9229 + (process.pid % 500) : undefined });
  if (PROFILE) {
    mkdirSync(path.join(ROOT, "bench", "results"), { recursive: true });
    profiler = await connectProfiler(9229 + (process.pid % 500), h.config.name);
  }
  process.stderr.write(`harness up in ${Date.now() - t0} ms: worker ${h.mainUrl}, bench-aux ${h.auxUrl}\n`);
  const bundle = readFileSync(h.scriptPath, "utf8");
  const hasProductCache = /PRODUCT_CACHE/.test(bundle);
  const hasPayment = existsSync(path.join(ROOT, "workers", "payment")) && /payment\s*:/.test(readFileSync(path.join(ROOT, "workers", "handlers.ts"), "utf8"));

  let baseline = null;
  let hotRps = null;
  try {
    const { adminToken, customers } = await seedAccounts(h, P.cartCustomers);
    const cartCustomers = customers;
    const registered = await registerCustomers(h, P.e2eOrders + 1);
    const e2eCustomers = registered.slice(0, P.e2eOrders);
    const replayCustomer = registered[registered.length - 1];
    const products = await createProducts(h, adminToken, P.products, 1_000_000);
    process.stderr.write(`seeded ${customers.length} customers, ${products.length} products\n`);

    // 1. Baseline: the same Worker and middleware stack (request id, body guard, auth, logging), no storage.
    if (true) {
      const o = { url: h.mainUrl, path: "/health" };
      await warm(o);
      const r = await load({ ...o, duration: P.duration, label: "1-baseline" });
      baseline = r.rps;
      invariant(r.errors === 0, `1 baseline: ${r.errors} errors ${JSON.stringify(r.codes)}`);
      row({ id: 1, scenario: "1 baseline GET /health", ...r, ratio: 1 });
    }

    // 1b. Second baseline: a bare Hono Worker answering the same JSON in the same workerd process, without our
    //     middleware: the runtime's ceiling. Always runs with 1; the ratios stay to /health (1).
    if (true) {
      const o = { url: h.helloUrl, path: "/health" };
      await warm(o);
      const r = await load({ ...o, duration: P.duration, label: "1b-bare-hono" });
      invariant(r.errors === 0, `1b bare Hono: ${r.errors} errors ${JSON.stringify(r.codes)}`);
      row({ id: 1.5, scenario: "1b bare Hono \"hello\" Worker (no middleware)", ...r, ratio: r.rps / baseline, note: `/health runs at ${round(baseline / r.rps, 2)}× a bare Hono Worker: that gap is our middleware stack` });
    }

    // 2. Product read. Without a product cache every read is a D1 read (uncached). With one: repeated ids after a
    //    warm-up (cached) and a pass over ids never read before (every read a miss: load + fill).
    if (runs(2)) {
      const o = { url: h.mainUrl, next: (i) => ({ path: `/api/v1/products/${products[i % products.length]}` }) };
      await warm(o);
      const r = await load({ ...o, duration: P.duration, label: "2-product-read" });
      invariant(r.errors === 0, `2 product read: ${r.errors} errors ${JSON.stringify(r.codes)}`);
      row({ id: 2, scenario: hasProductCache ? "2a product read, cached (repeated ids)" : "2 product read, uncached (no product cache in tree)", ...r, ratio: r.rps / baseline, ...(hasProductCache ? { target: 0.5 } : {}), note: hasProductCache ? CACHED_READ_BOUND : undefined });
      if (hasProductCache) {
        const fresh = await createProducts(h, adminToken, P.missProducts, 10);
        await waitQuiet(h, 1000);
        const m = await load({ url: h.mainUrl, amount: fresh.length, next: (i) => ({ path: `/api/v1/products/${fresh[i % fresh.length]}` }), label: "2b-product-miss" });
        invariant(m.errors === 0, `2b product miss: ${m.errors} errors ${JSON.stringify(m.codes)}`);
        row({ id: 2.5, scenario: `2b product read, uncached (each of ${fresh.length} ids read once)`, ...m, ratio: m.rps / baseline });
      }
    }

    // 3. Add to cart: request i is customer i mod C adding product ⌊i / C⌋ mod P, so carts do not contend
    //    (one cart per customer in D1) and no cart exceeds its line or quantity limits.
    if (runs(3)) {
      const C = cartCustomers.length;
      const o = {
        url: h.mainUrl,
        method: "POST",
        headers: { "content-type": "application/json" },
        next: (i) => ({
          path: "/api/v1/carts/me/items",
          headers: { authorization: `Bearer ${cartCustomers[i % C].token}` },
          body: JSON.stringify({ productId: products[Math.floor(i / C) % products.length], quantity: 1 }),
        }),
      };
      const r = await load({ ...o, duration: P.duration, label: "3-add-to-cart" });
      invariant(r.errors === 0, `3 add to cart: ${r.errors} errors ${JSON.stringify(r.codes)}`);
      row({ id: 3, scenario: `3 add to cart, cart object (${C} customers, ${products.length} products)`, ...r, ratio: r.rps / baseline, target: 0.3 });
    }

    // 9 and 10 need every cart customer to have a line (3 may not have run, or not reached every customer).
    if (runs(9) || runs(10)) {
      await pool(cartCustomers, 16, (c, i) => must(call(h.mainUrl, "POST", "/api/v1/carts/me/items", { token: c.token, body: { productId: products[i % products.length], quantity: 1 } }), 200, "9/10: a line in every cart"));
    }

    // 9. Apply a code: request i is customer i mod C applying one running 10 % code (no usage limit) to their cart.
    if (runs(9)) {
      const C = cartCustomers.length;
      const code = `BENCH${Date.now().toString(36).toUpperCase()}`.slice(0, 20);
      const day = 24 * 3600 * 1000;
      await must(call(h.mainUrl, "POST", "/api/v1/promotions", { token: adminToken, body: { code, type: "PERCENTAGE", value: 10, startsAt: new Date(Date.now() - day).toISOString(), endsAt: new Date(Date.now() + day).toISOString() } }), 201, "9: create promotion");
      const o = {
        url: h.mainUrl,
        method: "POST",
        headers: { "content-type": "application/json" },
        next: (i) => ({ path: "/api/v1/carts/me/promotions", headers: { authorization: `Bearer ${cartCustomers[i % C].token}` }, body: JSON.stringify({ code }) }),
      };
      await warm(o);
      const r = await load({ ...o, duration: P.duration, label: "9-apply-code" });
      invariant(r.errors === 0, `9 apply a code: ${r.errors} errors ${JSON.stringify(r.codes)}`);
      row({ id: 9, scenario: `9 apply a code (${C} carts, one 10 % code)`, ...r, ratio: r.rps / baseline });
    }

    // 10. Checkout: each cart customer checks out once (amount = C); every one must create its order.
    if (runs(10)) {
      const C = cartCustomers.length;
      const r = await load({
        url: h.mainUrl,
        method: "POST",
        headers: { "content-type": "application/json" },
        amount: C,
        expect: [201],
        next: (i) => ({ path: "/api/v1/carts/me/checkout", headers: { authorization: `Bearer ${cartCustomers[i % C].token}` }, body: JSON.stringify({ shippingAddress: ADDRESS }) }),
        label: "10-checkout",
      });
      const created = r.codes["201"] ?? 0;
      invariant(created === C && r.errors === 0, `10 checkout: ${created} of ${C} orders created, ${r.errors} errors ${JSON.stringify(r.codes)}`);
      row({ id: 10, scenario: `10 checkout (${C} carts, each once)`, ...r, ratio: r.rps / baseline, target: 0.2, note: `${created} orders created from ${C} carts` });
      // Its OrderCreated events drain before the next scenario is timed.
      await waitQuiet(h, QUICK ? 500 : 3000);
    }

    // 4. Hot item: N = 5 × S reservations of one unit against one item with stock S, through the bench-aux worker.
    if (runs(4) || runs(5)) {
      const S = P.hotStock;
      const N = 5 * S;
      const run = Date.now().toString(36);
      const hot = `bench-hot-${run}`;
      const warmItem = `bench-hot-warm-${run}`;
      await must(call(h.auxUrl, "POST", "/init", { body: { items: [hot, warmItem], stock: S } }), 200, "init hot item");
      await load({ url: h.auxUrl, amount: Math.min(N, 1000), expect: [200, 409], next: (i) => ({ path: `/reserve?item=${warmItem}&order=w${i}&qty=1&ttl=900` }) });
      const r = await load({ url: h.auxUrl, amount: N, expect: [200, 409], next: (i) => ({ path: `/reserve?item=${hot}&order=ord-hot-${i}&qty=1&ttl=900` }), label: "4-hot-item" });
      const rep = (await call(h.auxUrl, "GET", `/report?item=${hot}`)).body;
      const ok = r.codes["200"] ?? 0;
      const exact =
        invariant(ok === S, `4 hot item: ${ok} reservations succeeded, expected exactly ${S}`) &
        invariant(rep.levels.available === 0 && rep.levels.reserved === S && rep.levels.onHand === S, `4 hot item: levels ${JSON.stringify(rep.levels)}, expected available 0, reserved ${S}`) &
        invariant((rep.holds.HELD ?? 0) === S && (rep.holds.REJECTED ?? 0) === N - S, `4 hot item: holds ${JSON.stringify(rep.holds)}`);
      invariant(r.errors === 0, `4 hot item: ${r.errors} errors ${JSON.stringify(r.codes)}`);
      hotRps = r.rps;
      if (runs(4))
        row({ id: 4, scenario: `4 hot item: ${N} reserves, stock ${S} (bench-aux → DO)`, ...r, ratio: r.rps / baseline, note: `${ok} × 200, ${r.codes["409"] ?? 0} × 409, available ${rep.levels.available}, reserved ${rep.levels.reserved}: ${exact ? "exact" : "BROKEN"}` });
    }

    // 5. Spread: the same reservation across many items (request i → item i mod K), each with ample stock.
    if (runs(5)) {
      const K = P.spreadItems;
      const run = Date.now().toString(36);
      const items = Array.from({ length: K }, (_, i) => `bench-spread-${run}-${i}`);
      for (let i = 0; i < K; i += 100) await must(call(h.auxUrl, "POST", "/init", { body: { items: items.slice(i, i + 100), stock: 1_000_000 } }), 200, "init spread items");
      const o = { url: h.auxUrl, next: (i) => ({ path: `/reserve?item=${items[i % K]}&order=ord-spread-${i}&qty=1&ttl=900` }) };
      const r = await load({ ...o, duration: P.duration, label: "5-spread" });
      const reports = await pool(items, 16, async (id) => (await call(h.auxUrl, "GET", `/report?item=${id}`)).body.levels.reserved);
      const sum = reports.reduce((a, b) => a + b, 0);
      // A timed run stops with up to one request per connection in flight: those may reserve without being counted.
      const okCount = r.codes["200"] ?? 0;
      const exact = sum >= okCount && sum - okCount <= P.connections;
      invariant(exact, `5 spread: Σreserved ${sum} vs ${okCount} counted successes (at most ${P.connections} may be in flight at the end)`);
      invariant(r.errors === 0, `5 spread: ${r.errors} errors ${JSON.stringify(r.codes)}`);
      row({ id: 5, scenario: `5 spread: reserves across ${K} items (bench-aux → DO)`, ...r, ratio: r.rps / baseline, note: `${round(r.rps / hotRps, 2)}× hot item; Σreserved ${sum} = ${okCount} counted successes + ${sum - okCount} in flight at the stop` });
    }

    // 8. Idempotent replay: one submit, then the same Idempotency-Key and body repeated (replay path).
    //    (Run before 6 and 7 so their event backlogs do not share its measurement.)
    let replayOrderId = null;
    if (runs(8)) {
      const tok = replayCustomer.token;
      await must(call(h.mainUrl, "POST", "/api/v1/carts/me/items", { token: tok, body: { productId: products[0], quantity: 1 } }), 200, "replay: add");
      const order = await must(call(h.mainUrl, "POST", "/api/v1/carts/me/checkout", { token: tok, body: { shippingAddress: ADDRESS } }), 201, "replay: checkout");
      replayOrderId = order.data.id;
      const submitBody = JSON.stringify({ paymentMethod: { type: "CARD", token: "tok_visa" } });
      const key = `bench-replay-${Date.now()}`;
      const headers = { "content-type": "application/json", authorization: `Bearer ${tok}`, "idempotency-key": key };
      const first = await call(h.mainUrl, "POST", `/api/v1/orders/${replayOrderId}/submit`, { token: tok, headers: { "idempotency-key": key }, body: JSON.parse(submitBody) });
      invariant(first.status === 202, `8 replay: first submit ${first.status} ${JSON.stringify(first.body).slice(0, 200)}`);
      const again = await call(h.mainUrl, "POST", `/api/v1/orders/${replayOrderId}/submit`, { token: tok, headers: { "idempotency-key": key }, body: JSON.parse(submitBody) });
      invariant(again.status === 202 && again.headers.get("idempotent-replayed") === "true", `8 replay: second submit not replayed (${again.status})`);
      const r = await load({ url: h.mainUrl, path: `/api/v1/orders/${replayOrderId}/submit`, method: "POST", headers, body: submitBody, duration: P.duration, expect: [202], label: "8-replay" });
      const view = await call(h.mainUrl, "GET", `/api/v1/orders/${replayOrderId}`, { token: tok });
      const pendings = (view.data?.history ?? []).filter((x) => x.status === "PENDING").length;
      invariant(pendings === 1, `8 replay: order history has ${pendings} PENDING entries, expected 1`);
      invariant(r.errors === 0, `8 replay: ${r.errors} errors ${JSON.stringify(r.codes)}`);
      row({ id: 8, scenario: "8 idempotent replay of one submit", ...r, ratio: r.rps / baseline, note: `order submitted once (${pendings} PENDING in history)` });
    }

    // 6. Checkout to CONFIRMED, end to end through the queues: latency (checkout request sent → CONFIRMED in the
    //    order's history) and event lag (publish → handled, per delivery, from the event log's shards).
    if (runs(6)) await e2e(h, adminToken, e2eCustomers, products, hasPayment);
    // 11. The same flow, 50 at a time (the same customers: each checks out a new cart).
    if (runs(11)) await e2e(h, adminToken, e2eCustomers, products, hasPayment, { id: 11, concurrency: P.e2eWideConcurrency });

    // 7. Expiry drain: H holds on one item that all expire at the same instant; time until all are EXPIRED.
    if (runs(7)) await expiryDrain(h);
  } catch (err) {
    failures.push(`harness: ${err.stack ?? err}`);
  } finally {
    const endEnv = machine();
    profiler?.close();
    await h.stop();
    report({ startedAt, env, endEnv, hasProductCache, hasPayment, h });
  }
}

// What bounds a cached product read (2a), printed beside it. From the Worker isolate's profile of this scenario
// (`npm run bench -- --only 2 --profile`, 2026-12-03): the KV lookup ~14 % of the samples, the request-metrics
// middleware ~15 %, request context and tracing ~13 %, GC ~12 %, validation ~4 %; the isolate ~13 % idle, as the
// KV simulator and autocannon share the two cores.
const CACHED_READ_BOUND =
  "bounded by /health's own middleware plus one KV read, which locally is a call into Miniflare's KV simulator on the same cores (deployed: a read in the shopper's location)";

const ADDRESS = { recipient: "Bench Customer", line1: "1 Load Street", city: "London", postalCode: "N1 9GU", country: "GB" };

async function e2e(h, adminToken, customers, products, hasPayment, { id: scenarioId = 6, concurrency = P.e2eConcurrency } = {}) {
  const results = await pool(customers, concurrency, async (c, i) => {
    const tok = c.token;
    await must(call(h.mainUrl, "POST", "/api/v1/carts/me/items", { token: tok, body: { productId: products[i % products.length], quantity: 1 } }), 200, "e2e: add");
    const t0 = Date.now();
    const order = await must(call(h.mainUrl, "POST", "/api/v1/carts/me/checkout", { token: tok, body: { shippingAddress: ADDRESS } }), 201, "e2e: checkout");
    const id = order.data.id;
    await must(call(h.mainUrl, "POST", `/api/v1/orders/${id}/submit`, { token: tok, headers: { "idempotency-key": `e2e-${id}` }, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } }), 202, "e2e: submit");
    const tSubmitted = Date.now();
    if (!hasPayment) return { id, t0, submitMs: tSubmitted - t0 };
    const deadline = Date.now() + 30_000;
    for (;;) {
      const v = await call(h.mainUrl, "GET", `/api/v1/orders/${id}`, { token: tok });
      const status = v.data?.status;
      if (status === "CONFIRMED" || status === "SHIPPED" || status === "DELIVERED") {
        const at = v.data.history.find((x) => x.status === "CONFIRMED")?.at;
        return { id, t0, submitMs: tSubmitted - t0, confirmedMs: Date.parse(at) - t0 };
      }
      if (status === "CANCELLED" || Date.now() > deadline) return { id, t0, submitMs: tSubmitted - t0, failed: `${status} ${v.data?.cancellationReason ?? ""}` };
      // Latency comes from the history's CONFIRMED time, not from when a poll sees it, so polls can be sparse
      // (10 orders polled every 10 ms would add ~1k req/s of reads competing with the flow being measured).
      await sleep(50);
    }
  });
  // Event lag of every delivery of these orders' events (occurredOn → handled), once the consumers have recorded them.
  await sleep(hasPayment ? 1500 : 3000);
  const lags = [];
  const byKind = {};
  const ids = results.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90);
    const rowsOf = (await must(call(h.auxUrl, "POST", "/lags", { body: { orderIds: chunk } }), 200, "event lags")).body;
    for (const r of rowsOf) {
      lags.push(r.lagMs);
      const k = `${r.eventType}→${r.context}`;
      (byKind[k] ??= { lags: [], retried: 0 }).lags.push(r.lagMs);
      if (r.attempts > 1) byKind[k].retried++;
    }
  }
  lags.sort((a, b) => a - b);
  // Where the lag is: per event type and subscriber, p50/p99 and how many deliveries needed a retry.
  const lagBreakdown = Object.entries(byKind)
    .map(([k, v]) => {
      v.lags.sort((a, b) => a - b);
      return { delivery: k, count: v.lags.length, p50: pct(v.lags, 50), p99: pct(v.lags, 99), retried: v.retried };
    })
    .sort((a, b) => b.p99 - a.p99);
  process.stderr.write(`  event lag by delivery:\n${lagBreakdown.map((b) => `    ${b.delivery}: n=${b.count} p50 ${b.p50} p99 ${b.p99} ms, retried ${b.retried}`).join("\n")}\n`);
  const submits = results.map((r) => r.submitMs).sort((a, b) => a - b);
  const failed = results.filter((r) => r.failed);
  const lagNote = `event lag p50 ${pct(lags, 50)} / p99 ${pct(lags, 99)} ms over ${lags.length} deliveries`;
  if (!hasPayment) {
    row({
      id: scenarioId, scenario: `${scenarioId} checkout → CONFIRMED (${customers.length} orders, ${concurrency} at a time)`, rps: null, p50: null, p99: null, errors: 0, ratio: null,
      skipped: "payment context missing", lagBreakdown, lagP50: pct(lags, 50), lagP99: pct(lags, 99), lagCount: lags.length, checkoutSubmitP50: pct(submits, 50), checkoutSubmitP99: pct(submits, 99),
      note: `skipped: payment context missing (orders stay PENDING). Partial: checkout+submit HTTP p50 ${pct(submits, 50)} / p99 ${pct(submits, 99)} ms; ${lagNote}`,
    });
    return;
  }
  invariant(failed.length === 0, `${scenarioId} e2e: ${failed.length} orders did not confirm: ${JSON.stringify(failed.slice(0, 3))}`);
  const lat = results.filter((r) => r.confirmedMs !== undefined).map((r) => r.confirmedMs).sort((a, b) => a - b);
  row({
    id: scenarioId, scenario: `${scenarioId} checkout → CONFIRMED (${customers.length} orders, ${concurrency} at a time)`, rps: null, p50: pct(lat, 50), p99: pct(lat, 99), errors: failed.length, ratio: null,
    lagP50: pct(lags, 50), lagP99: pct(lags, 99), lagCount: lags.length, lagBreakdown, note: lagNote,
  });
}

async function expiryDrain(h) {
  const H = P.expiryHolds;
  const run = Date.now().toString(36);
  // Probe the creation rate so the common expiry instant falls after the last hold is created.
  const probe = `bench-expiry-probe-${run}`;
  await must(call(h.auxUrl, "POST", "/init", { body: { items: [probe], stock: 1000 } }), 200, "init probe");
  const pr = (await must(call(h.auxUrl, "POST", "/holds", { body: { item: probe, count: 500, expiresAt: Date.now() + 3_600_000, prefix: "p", concurrency: 16 } }), 200, "probe holds")).body;
  const perHoldMs = pr.ms / 500;
  const item = `bench-expiry-${run}`;
  await must(call(h.auxUrl, "POST", "/init", { body: { items: [item], stock: H } }), 200, "init expiry item");
  const expiresAt = Date.now() + Math.ceil(H * perHoldMs * 2 + 1500);
  const created = (await must(call(h.auxUrl, "POST", "/holds", { body: { item, count: H, expiresAt, prefix: "ord-exp-", concurrency: 16 } }), 200, "create holds")).body;
  invariant(created.late === 0 && created.finishedAt < expiresAt, `7 expiry: hold creation overran the expiry instant (${created.late} late)`);
  // Poll the item until every hold is released; the alarm fires at expiresAt.
  let rep;
  let releasedAt = null;
  const deadline = expiresAt + 120_000;
  for (;;) {
    rep = (await call(h.auxUrl, "GET", `/report?item=${item}`)).body;
    if (rep.levels.reserved === 0) {
      releasedAt = Date.now();
      break;
    }
    if (Date.now() > deadline) break;
    await sleep(Date.now() < expiresAt ? Math.max(1, expiresAt - Date.now()) : 20);
  }
  const drainMs = releasedAt === null ? null : releasedAt - expiresAt;
  const once =
    invariant(releasedAt !== null, `7 expiry: not all holds released within 120 s (reserved ${rep.levels.reserved})`) &
    invariant((rep.holds.EXPIRED ?? 0) === H && !rep.holds.HELD, `7 expiry: holds ${JSON.stringify(rep.holds)}, expected ${H} EXPIRED`) &
    invariant(rep.levels.reserved === 0 && rep.levels.onHand === H && rep.levels.available === H, `7 expiry: levels ${JSON.stringify(rep.levels)}`);
  // Each hold's InventoryReservationExpired event is recorded once in the event log (its shards, read by bench-aux).
  let events = 0;
  const evDeadline = Date.now() + (QUICK ? 30_000 : 120_000);
  let eventsMs = null;
  for (;;) {
    events = (await must(call(h.auxUrl, "GET", `/event-count?type=InventoryReservationExpired&aggregate=${item}`), 200, "event count")).body.count;
    if (events >= H) {
      eventsMs = Date.now() - expiresAt;
      break;
    }
    if (Date.now() > evDeadline) break;
    await sleep(200);
  }
  invariant(events === H, `7 expiry: ${events} InventoryReservationExpired events recorded, expected ${H}`);
  row({
    id: 7, scenario: `7 expiry drain: ${H} holds expiring at once (one item)`, rps: drainMs ? (H / drainMs) * 1000 : null, p50: null, p99: null,
    errors: 0, ratio: null, drainMs, eventsRecordedMs: eventsMs,
    note: `released in ${drainMs} ms (${once ? "each once: all EXPIRED, reserved 0" : "BROKEN"}); ${events} expiry events in the event log after ${eventsMs} ms; creation ${created.ms} ms`,
  });
}

// ---- report -------------------------------------------------------------------------------------------------

function report({ startedAt, env, endEnv, hasProductCache, hasPayment, h }) {
  const versions = { node: process.version, wrangler: pkgVersion("wrangler"), miniflare: h.versions.miniflare, workerd: h.versions.workerd, hono: pkgVersion("hono"), autocannon: pkgVersion("autocannon") };
  const f = (v, d = 0) => (v === null || v === undefined ? "–" : String(round(v, d)));
  // "ratio" is to /health (1), as the targets are; "÷ Hono" is to the bare Hono Worker (1b) of the same run, the
  // runtime's ceiling, so a slow middleware stack cannot flatter the first.
  const hello = rows.find((r) => r.id === 1.5)?.rps ?? null;
  const header = ["scenario", "req/s", "p50 ms", "p99 ms", "errors", "ratio", "÷ Hono"];
  const times = (v) => (v === null || v === undefined ? "–" : `${round(v, 2)}×`);
  const body = rows.map((r) => [r.scenario, f(r.rps), f(r.p50), f(r.p99), f(r.errors), times(r.ratio), times(hello && r.rps !== null && r.ratio !== null ? r.rps / hello : null)]);
  const widths = header.map((_, i) => Math.max(header[i].length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  const table = [line(header), `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|")}|`, ...body.map(line)].join("\n");
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.scenario.split(" ")[0]}: ${r.note}`).join("\n");
  // The issue's targets, as ratios to /health in this run.
  const targets = rows
    .filter((r) => r.target !== undefined)
    .map((r) => `- target ${r.scenario.split(" ")[0]} ≥ ${r.target}×: ${r.ratio === null || r.ratio === undefined ? "not measured" : `${round(r.ratio, 2)}× ${r.ratio >= r.target ? "met" : "MISSED"}`}`)
    .join("\n");
  const cmd = `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`;
  const harness = "Miniflare API (wrangler's own miniflare), production bundle from `wrangler deploy --dry-run`, direct workerd sockets (no entry/proxy worker), local persistence in a temp dir";
  const text = [
    `${cmd}   (${startedAt.toISOString()})`,
    `machine: ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB; load average at start ${env.loadAverage.join(", ")}, at end ${endEnv.loadAverage.join(", ")}`,
    `versions: node ${versions.node}, wrangler ${versions.wrangler}, miniflare ${versions.miniflare}, workerd ${versions.workerd}, hono ${versions.hono}, autocannon ${versions.autocannon}`,
    `harness: ${harness}; state dir ${P.stateDir}; LOG_LEVEL=${P.logLevel} (worker warnings ${logCounts.warn}, errors ${logCounts.error})`,
    `load: autocannon, ${P.connections} connections, ${P.duration} s per timed scenario (${P.warmup} s warm-up for 1–2); product cache in tree: ${hasProductCache}; payment context in tree: ${hasPayment}`,
    "",
    table,
    "",
    notes,
    ...(targets ? ["", targets] : []),
  ].join("\n");
  console.log(text);
  if (failures.length) console.log(`\nFAILED (${failures.length}):\n${failures.map((x) => `- ${x}`).join("\n")}`);
  else console.log("\nno errors, every invariant held");

  const dir = path.join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const json = { command: cmd, quick: QUICK, startedAt: startedAt.toISOString(), machine: env, machineAtEnd: endEnv, versions, harness, params: P, productCache: hasProductCache, paymentContext: hasPayment, rows, failures, table: text };
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  // latest.json is the full run the README table comes from; quick smokes and partial runs never overwrite it.
  const suffix = QUICK ? "-quick" : ONLY || PROFILE || argv.some((a) => /^--(connections|duration|hot-stock|orders|holds|state-dir|log-level)/.test(a)) ? "-partial" : "";
  writeFileSync(path.join(dir, `${stamp}${suffix}.json`), JSON.stringify(json, null, 2));
  writeFileSync(path.join(dir, `latest${suffix}.json`), JSON.stringify(json, null, 2));
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
