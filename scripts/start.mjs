// `npm start`: prepare the local state (every pending D1 migration and the admin account, in one process), serve with
// `wrangler dev` on 127.0.0.1:$PORT, then seed the demo catalogue over HTTP. Idempotent: a second start applies
// nothing, creates nothing. Ctrl-C stops it.
//
// Quiet by default: wrangler's banner, its bindings table (printed twice) and its per-request lines are replaced by
// one line per binding group, and of the Worker's JSON log only warnings and errors are shown. `npm start -s -- --json`
// (or START_JSON=1) prints every Worker JSON log line and nothing else on stdout (status lines go to stderr), so the
// output can be piped into `jq 'select(.orderId=="ord_…")'` (-s keeps npm's own banner off stdout).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { root, spawnWrangler } from "./wrangler.mjs";
import { DEMO_PRODUCTS, DEMO_SHIPPING_OPTIONS, DEMO_TAX_RATES } from "./demo-catalogue.mjs";
import { ensureDevJwtSecret } from "./dev-secret.mjs";

const startedAt = Date.now();
const port = Number(process.env.PORT ?? 8787);
const ttl = process.env.RESERVATION_TTL_SECONDS;
const jsonOnly = process.argv.includes("--json") || process.env.START_JSON === "1";
const base = `http://127.0.0.1:${port}`;
if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
if (ttl !== undefined && !/^[1-9][0-9]*$/.test(ttl)) throw new Error(`RESERVATION_TTL_SECONDS must be a positive integer, got ${ttl}`);

// In --json mode stdout carries the Worker's log lines only; everything of ours goes to stderr.
const say = (msg) => (jsonOnly ? console.error : console.log)(`[start] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Migrations and the admin seed run in one child process (scripts/local-state.mjs) whose output is kept back:
 * Miniflare's warnings about the Durable Objects it does not host there are noise for a start, and are shown in full
 * only if the step fails.
 */
function prepareLocalState() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "scripts", "local-state.mjs")], { cwd: root, env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith('{"databases"'));
      if (code === 0 && line) resolve(JSON.parse(line));
      else reject(new Error(`preparing the local state failed (${code}):\n${out}`));
    });
  });
}

/**
 * Filters wrangler dev's output. The Worker's JSON lines always pass; in the default mode wrangler's bindings table
 * becomes one line per binding group, its request lines (the Worker logs each request itself), banners and the
 * offline `Request.cf` warning's stack trace are dropped, and anything else (errors) is shown as it is.
 */
function filterWranglerOutput(stream, sink) {
  const groups = new Map();
  let tableSeen = false;
  let inTable = false;
  let dropStack = false;
  const flushTable = () => {
    for (const [resource, names] of groups) say(`${resource.padEnd(24)} ${names.length > 4 ? `${names.length}: ` : ""}${names.join(", ")}`);
    groups.clear();
  };
  createInterface({ input: stream }).on("line", (raw) => {
    // wrangler colours its warnings; the codes are never part of a Worker log line.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI colour code starts with the ESC character.
    const line = raw.replace(/\x1b\[[0-9;]*m/g, "");
    if (line.startsWith("{")) {
      // --json: every Worker line. Default: the Worker's warnings and errors only.
      if (jsonOnly || /^\{"level":"(warn|error)"/.test(line)) sink.write(`${line}\n`);
      return;
    }
    if (jsonOnly) return;
    if (dropStack && /^\s*(Error: |at )/.test(line)) return;
    dropStack = false;
    if (line.startsWith("Binding ") && /Resource/.test(line)) {
      inTable = true;
      return;
    }
    const binding = inTable && /^env\.(\S+)(?: \(.*?\))?\s{2,}(.+?)\s{2,}(local|remote)\s*$/.exec(line);
    if (binding) {
      if (!tableSeen) groups.set(binding[2], [...(groups.get(binding[2]) ?? []), binding[1]]);
      return;
    }
    if (inTable) {
      inTable = false;
      if (!tableSeen) flushTable();
      tableSeen = true;
    }
    if (/Unable to fetch the `Request.cf` object/.test(line)) {
      // Offline, wrangler cannot download its sample `request.cf`; it falls back to a placeholder. Harmless.
      dropStack = true;
      return;
    }
    if (/^\[wrangler:info\] (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|QUEUE) /.test(line)) return;
    if (/^\[wrangler:info\] (Ready on|send_email binding called)/.test(line)) return;
    if (/^(\s*⛅️ wrangler|─+$|Cloudflare collects anonymous telemetry|Your Worker has access to the following bindings|⎔ |\s*$)/.test(line)) return;
    // wrangler hashes .dev.vars into its types check, so the JWT_SECRET this script writes there makes it report
    // worker-configuration.d.ts as out of date on every start although no binding changed (npm run types checks).
    if (/Your types might be out of date\. Re-run `wrangler types`/.test(line)) return;
    // Routine on every start: the asset build step, .dev.vars being read, the assets' _headers file parsed.
    if (/^\[custom build\] Running: node scripts\/build-assets\.mjs$|^Using secrets defined in \.dev\.vars$|^\[wrangler:info\] ✨ Parsed \d+ valid header rules?\.$/.test(line)) return;
    if (/Scheduled Workers are not automatically triggered|To manually trigger a scheduled event|curl ".*cdn-cgi\/local\/scheduled"|For more details, see .*cron-triggers/.test(line)) return;
    sink.write(`${raw}\n`);
  });
}

async function waitForHealth(child, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${base}/health did not answer within ${timeoutMs / 1000} s`);
}

async function call(method, path, body, token) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function adminToken(admin) {
  const login = await call("POST", "/auth/login", { email: admin.email, password: admin.password });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return login.body.data.accessToken;
}

async function seedCatalogue(token) {
  const results = await Promise.all(DEMO_PRODUCTS.map((product) => call("POST", "/products", product, token)));
  let created = 0;
  results.forEach((res, i) => {
    if (res.status === 201) created++;
    else if (!(res.status === 409 && res.body.errors?.[0]?.code === "PRODUCT_SKU_EXISTS")) {
      throw new Error(`could not seed ${DEMO_PRODUCTS[i].sku}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });
  return created;
}

/** The demo's shipping options (those not there yet, by name) and tax rates. Returns how many options it created. */
async function seedShippingAndTax(token) {
  let created = 0;
  for (const option of DEMO_SHIPPING_OPTIONS) {
    const listed = await call("GET", `/shipping-options?country=${option.countries[0]}`);
    if (listed.status !== 200) throw new Error(`could not list shipping options: ${listed.status} ${JSON.stringify(listed.body)}`);
    if (listed.body.data.some((o) => o.name === option.name)) continue;
    const res = await call("POST", "/admin/shipping-options", option, token);
    if (res.status !== 201) throw new Error(`could not seed the ${option.name} shipping option: ${res.status} ${JSON.stringify(res.body)}`);
    created++;
  }
  for (const [country, rate] of Object.entries(DEMO_TAX_RATES)) {
    const res = await call("PUT", `/admin/tax-rates/${country}`, rate, token);
    if (res.status !== 200) throw new Error(`could not seed the ${country} tax rate: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return created;
}

async function main() {
  const state = await prepareLocalState();
  const applied = Object.values(state.applied).reduce((a, b) => a + b, 0);
  say(`D1: ${state.databases} databases, ${applied ? `${applied} migrations applied` : "migrations up to date"}`);
  const { admin } = state;
  say(`JWT_SECRET in .dev.vars: ${ensureDevJwtSecret()}`);

  // wrangler dev does not fire cron triggers; --test-scheduled lets this script fire the outbox sweep itself.
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--show-interactive-dev-session=false", "--test-scheduled"];
  if (ttl !== undefined) args.push("--var", `RESERVATION_TTL_SECONDS:${ttl}`);
  // Locally, webhook receivers on loopback and private addresses are allowed (contract §2); deployed, they are not.
  args.push("--var", "ALLOW_PRIVATE_WEBHOOK_URLS:true");
  const child = spawnWrangler(args, { pipe: true });
  filterWranglerOutput(child.stdout, process.stdout);
  filterWranglerOutput(child.stderr, jsonOnly ? process.stderr : process.stdout);

  let stopping = false;
  let failed = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    say(`stopping (${signal})`);
    child.kill("SIGINT");
    // wrangler normally exits within a second; never hang the terminal on it.
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  child.on("exit", (code) => process.exit(failed ? 1 : stopping ? 0 : (code ?? 1)));

  try {
    await waitForHealth(child);
    const token = await adminToken(admin);
    const created = await seedCatalogue(token);
    const options = await seedShippingAndTax(token);
    say(`seed: admin ${admin.created ? "created" : "present"}, demo catalogue ${created ? `${created} products created` : "present"}, shipping options ${options ? `${options} created` : "present"}, tax rates ${Object.keys(DEMO_TAX_RATES).join(" and ")}`);
  } catch (err) {
    console.error(`[start] ${err.message}`);
    failed = true;
    stop("setup failed");
    return;
  }
  // The cron trigger ("* * * * *"): re-sends D1 outbox rows whose post-commit relay failed, prunes idempotency keys.
  setInterval(() => fetch(`${base}/__scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => {}), 60_000).unref();
  say(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s${ttl ? `  ·  RESERVATION_TTL_SECONDS=${ttl}` : ""}  ·  Ctrl-C to stop`);
  say(`storefront  ${base}/`);
  say(`API docs    ${base}/docs`);
  say(`operator    ${base}/admin   (${admin.email} / ${process.env.ADMIN_PASSWORD ? "the password in ADMIN_PASSWORD" : admin.password})`);
}

main().catch((err) => {
  console.error(`[start] ${err.message}`);
  process.exit(1);
});
