// `npm start`: apply every local D1 migration, seed the admin, serve with `wrangler dev` on 127.0.0.1:$PORT, then
// seed the demo catalogue over HTTP. Idempotent: a second start applies nothing, creates nothing. Ctrl-C stops it.
import { d1DatabaseNames, spawnWrangler, wrangler } from "./wrangler.mjs";
import { seedAdmin } from "./seed-admin.mjs";
import { DEMO_PRODUCTS } from "./demo-catalogue.mjs";
import { ensureDevJwtSecret } from "./dev-secret.mjs";

const port = Number(process.env.PORT ?? 8787);
const ttl = process.env.RESERVATION_TTL_SECONDS;
const base = `http://127.0.0.1:${port}`;
if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
if (ttl !== undefined && !/^[1-9][0-9]*$/.test(ttl)) throw new Error(`RESERVATION_TTL_SECONDS must be a positive integer, got ${ttl}`);

const say = (msg) => console.log(`[start] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One at a time: concurrent wrangler processes on the same local state fail with SQLITE_BUSY.
async function migrate() {
  for (const name of await d1DatabaseNames()) {
    const out = await wrangler(["d1", "migrations", "apply", name, "--local"]);
    say(`${name}: ${/No migrations to apply/.test(out) ? "up to date" : "migrations applied"}`);
  }
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
    await sleep(500);
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

async function seedCatalogue(admin) {
  const login = await call("POST", "/auth/login", { email: admin.email, password: admin.password });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.data.accessToken;
  let created = 0;
  for (const product of DEMO_PRODUCTS) {
    const res = await call("POST", "/products", product, token);
    if (res.status === 201) created++;
    else if (!(res.status === 409 && res.body.errors?.[0]?.code === "PRODUCT_SKU_EXISTS")) {
      throw new Error(`could not seed ${product.sku}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
  say(created ? `demo catalogue: ${created} products created` : "demo catalogue already present; left unchanged");
}

async function main() {
  say("applying local D1 migrations");
  await migrate();
  const admin = await seedAdmin();
  say(admin.created ? `admin ${admin.email} created` : `admin ${admin.email} already exists; left unchanged`);
  say(`JWT_SECRET in .dev.vars: ${ensureDevJwtSecret()}`);

  // wrangler dev does not fire cron triggers; --test-scheduled lets this script fire the outbox sweep itself.
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--show-interactive-dev-session=false", "--test-scheduled"];
  if (ttl !== undefined) args.push("--var", `RESERVATION_TTL_SECONDS:${ttl}`);
  // Locally, webhook receivers on loopback and private addresses are allowed (contract §2); deployed, they are not.
  args.push("--var", "ALLOW_PRIVATE_WEBHOOK_URLS:true");
  const child = spawnWrangler(args);

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
    await seedCatalogue(admin);
  } catch (err) {
    console.error(`[start] ${err.message}`);
    failed = true;
    stop("setup failed");
    return;
  }
  // The cron trigger ("* * * * *"): re-sends D1 outbox rows whose post-commit relay failed, prunes idempotency keys.
  setInterval(() => fetch(`${base}/__scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => {}), 60_000).unref();
  say(`ready on ${base}  ·  docs ${base}/docs  ·  admin ${admin.email}${ttl ? `  ·  RESERVATION_TTL_SECONDS=${ttl}` : ""}  ·  Ctrl-C to stop`);
}

main().catch((err) => {
  console.error(`[start] ${err.message}`);
  process.exit(1);
});
