// Product-read throughput with and without the KV product cache, in one run:
//   node bench/product-cache.mjs [--seconds 10] [--connections 10] [--sequential 300] [--rounds 2]
// Starts `wrangler dev` on the same local state with PRODUCT_CACHE_MODE on and off in turn, reads one product with a
// sequential loop and with concurrent connections (autocannon), and prints requests/s and the cached/uncached ratio.
// Local numbers compare code paths (KV lookup vs D1 query, both on local SQLite); deployed, a KV hit is served from
// the edge location while D1 is a round trip to the database's primary or a replica, so the gap there is larger.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg("seconds", 10);
const CONNECTIONS = arg("connections", 10);
const SEQUENTIAL = arg("sequential", 300);
const PORT = arg("port", 8797);
// Alternating rounds (on, off, on, off…) so a burst of load from other processes hits both modes alike.
const ROUNDS = arg("rounds", 2);
const state = mkdtempSync(path.join(tmpdir(), "bench-product-cache-"));
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" };
const wrangler = (...args) => execFileSync("npx", ["wrangler", ...args, "--local", "--persist-to", state], { env, stdio: "pipe" });

const PRODUCT = "prd_01BENCHPR0DUCT00000000000";
function seed() {
  wrangler("d1", "migrations", "apply", "commerce-product");
  const now = Date.now();
  wrangler("d1", "execute", "commerce-product", "--command",
    `INSERT INTO products (id, sku, name, description, price_amount, currency, category, seller_id, status, availability, availability_version, rating_sum, review_count, version, created_at, updated_at)
     VALUES ('${PRODUCT}', 'BENCH-1', 'Bench Shoe', 'A product to read', 12900, 'USD', 'footwear', NULL, 'ACTIVE', 'IN_STOCK', -1, 13, 3, 1, ${now}, ${now})`);
}

async function startServer(mode) {
  const child = spawn("npx", ["wrangler", "dev", "--port", String(PORT), "--ip", "127.0.0.1", "--persist-to", state, "--var", `PRODUCT_CACHE_MODE:${mode}`, "--show-interactive-dev-session=false", "--log-level", "error"], { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  process.kill(-child.pid);
  throw new Error(`wrangler dev (${mode}) did not start`);
}

const stop = (child) => new Promise((resolve) => {
  child.once("exit", resolve);
  process.kill(-child.pid, "SIGTERM");
});

const url = `http://127.0.0.1:${PORT}/api/v1/products/${PRODUCT}`;

async function sequential(n) {
  const started = performance.now();
  let cache = "";
  for (let i = 0; i < n; i++) {
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
    cache = res.headers.get("x-cache") ?? "";
    await res.arrayBuffer();
  }
  return { rps: n / ((performance.now() - started) / 1000), lastCache: cache };
}

async function concurrent() {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  if (result.non2xx) throw new Error(`${result.non2xx} non-2xx responses`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function measure(mode) {
  const server = await startServer(mode);
  try {
    await sequential(50); // warm-up: JIT, the first miss that fills the entry
    const seq = await sequential(SEQUENTIAL);
    const conc = await concurrent();
    return { mode, seq, conc };
  } finally {
    await stop(server);
  }
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

try {
  seed();
  const runs = { on: [], off: [] };
  for (let i = 0; i < ROUNDS; i++) for (const mode of ["on", "off"]) runs[mode].push(await measure(mode));
  const f = (n) => n.toFixed(0).padStart(6);
  console.log(`product reads: GET /api/v1/products/{id}; per round ${SEQUENTIAL} sequential, then ${CONNECTIONS} connections for ${SECONDS} s; ${ROUNDS} rounds`);
  for (const mode of ["on", "off"]) {
    for (const r of runs[mode]) {
      console.log(`cache ${mode.padEnd(3)}  sequential ${f(r.seq.rps)} req/s (x-cache ${r.seq.lastCache})  concurrent ${f(r.conc.rps)} req/s  p50 ${r.conc.p50} ms  p99 ${r.conc.p99} ms`);
    }
  }
  const avg = (mode, kind) => mean(runs[mode].map((r) => r[kind].rps));
  console.log(`mean req/s  cached: sequential ${f(avg("on", "seq"))}, concurrent ${f(avg("on", "conc"))}  |  uncached: sequential ${f(avg("off", "seq"))}, concurrent ${f(avg("off", "conc"))}`);
  console.log(`ratio cached/uncached: sequential ${(avg("on", "seq") / avg("off", "seq")).toFixed(2)}x, concurrent ${(avg("on", "conc") / avg("off", "conc")).toFixed(2)}x`);
} finally {
  rmSync(state, { recursive: true, force: true });
}
