// Starts the Worker for load: the production bundle (`wrangler deploy --dry-run`) in Miniflare with every binding
// from wrangler.toml (D1, Durable Objects, queues with the same consumer settings, KV, rate limits, Analytics
// Engine), persisted to a temp dir. Requests go straight to the Worker through a direct workerd socket
// (`unsafeDirectSockets`), so Miniflare's entry worker is not in the path (it costs ~3x, see
// performance-and-reliability-anchors.md §2); `wrangler dev`'s proxy is not used at all.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import crypto from "node:crypto";

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const WRANGLER_DIR = path.join(ROOT, "node_modules", "wrangler");

/** Miniflare as wrangler itself uses it (wrangler's own dependency), so options and workerd match the build. */
export function loadMiniflare() {
  const wranglerDir = WRANGLER_DIR;
  const fromWrangler = createRequire(path.join(wranglerDir, "package.json"));
  let resolved;
  try {
    resolved = fromWrangler.resolve("miniflare");
  } catch {
    resolved = require.resolve("miniflare"); // hoisted copy (only present as a transitive dependency)
  }
  const mfRequire = createRequire(resolved);
  const mf = mfRequire(resolved);
  const mfPkg = JSON.parse(readFileSync(path.join(resolved.slice(0, resolved.lastIndexOf("miniflare") + "miniflare".length), "package.json"), "utf8"));
  let workerdVersion = "unknown";
  try {
    workerdVersion = JSON.parse(readFileSync(mfRequire.resolve("workerd/package.json"), "utf8")).version;
  } catch {}
  return { mf, miniflareVersion: mfPkg.version, workerdVersion };
}

export function build(outdir) {
  execFileSync(process.execPath, [path.join(WRANGLER_DIR, "bin", "wrangler.js"), "deploy", "--dry-run", "--outdir", outdir, "--config", path.join(ROOT, "wrangler.toml")], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  return path.join(outdir, "index.js");
}

/** Bundles the bare Hono baseline (bench/hello-worker.mjs) with wrangler's own esbuild. */
function buildHello(outdir) {
  const esbuild = createRequire(path.join(WRANGLER_DIR, "package.json"))("esbuild");
  const outfile = path.join(outdir, "hello.mjs");
  esbuild.buildSync({ entryPoints: [path.join(ROOT, "bench", "hello-worker.mjs")], bundle: true, format: "esm", platform: "neutral", target: "es2022", minify: true, outfile, logLevel: "error" });
  return outfile;
}

export const JWT_SECRET = crypto.randomBytes(48).toString("base64url");

export const logCounts = { warn: 0, error: 0 };

export async function start({ logLevel = "warn", keep = false, stateDir = tmpdir(), inspectorPort } = {}) {
  const tmp = mkdtempSync(path.join(stateDir, "edge-commerce-bench-"));
  const scriptPath = build(path.join(tmp, "dist"));
  const { mf, miniflareVersion, workerdVersion } = loadMiniflare();
  const { unstable_getMiniflareWorkerOptions, unstable_readConfig } = await import("wrangler");
  const config = unstable_readConfig({ config: path.join(ROOT, "wrangler.toml") });
  const { workerOptions } = unstable_getMiniflareWorkerOptions(config);

  const main = {
    ...workerOptions,
    name: config.name,
    modules: true,
    scriptPath,
    rootPath: path.dirname(scriptPath),
    // The bundle is self-contained; wrangler's module rules would try to re-resolve imports.
    modulesRules: undefined,
    bindings: { ...workerOptions.bindings, LOG_LEVEL: logLevel, JWT_SECRET },
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
  };
  const aux = {
    name: "bench-aux",
    modules: true,
    scriptPath: path.join(ROOT, "bench", "aux-worker.mjs"),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    durableObjects: {
      INVENTORY_ITEM: { className: "InventoryItemObject", scriptName: config.name, useSQLite: true },
      EVENT_LOG: { className: "EventLogObject", scriptName: config.name, useSQLite: true },
    },
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
  };
  const helloPath = buildHello(path.join(tmp, "dist"));
  const hello = {
    name: "bench-hello",
    modules: true,
    scriptPath: helloPath,
    rootPath: path.dirname(helloPath),
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
  };
  const instance = new mf.Miniflare(
    mf.convertV4MiniflareOptions({
      workers: [main, aux, hello],
      resourcePersistencePath: path.join(tmp, "state"),
      cf: false,
      ...(inspectorPort ? { inspectorPort } : {}),
      log: new mf.Log(mf.LogLevel.WARN),
      // The Worker's own logs are filtered by LOG_LEVEL; of what gets through, errors are printed and warnings
      // counted (the expiry scenario's synthetic orders make the order context retry thousands of events).
      handleStructuredLogs({ level, message }) {
        if (level === "error") {
          logCounts.error++;
          if (logCounts.error <= 20) process.stderr.write(`[workerd error] ${message}\n`);
        } else if (level === "warn") {
          logCounts.warn++;
          if (logCounts.warn <= 3) process.stderr.write(`[workerd warn] ${message.slice(0, 400)}\n`);
        }
      },
    }),
  );
  await instance.ready;
  const mainUrl = await instance.unsafeGetDirectURL(config.name);
  const auxUrl = await instance.unsafeGetDirectURL("bench-aux");
  const helloUrl = await instance.unsafeGetDirectURL("bench-hello");
  await applyMigrations(instance, config);
  return {
    mf: instance,
    config,
    mainUrl: mainUrl.href.replace(/\/$/, ""),
    auxUrl: auxUrl.href.replace(/\/$/, ""),
    helloUrl: helloUrl.href.replace(/\/$/, ""),
    scriptPath,
    tmp,
    versions: { miniflare: miniflareVersion, workerd: workerdVersion },
    async stop() {
      await instance.dispose();
      if (!keep) rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Applies each context's drizzle migrations (`--> statement-breakpoint` separated) to its local D1 database. */
async function applyMigrations(instance, config) {
  for (const d1 of config.d1_databases) {
    const dir = path.join(ROOT, d1.migrations_dir);
    if (!existsSync(dir)) continue;
    const db = await instance.getD1Database(d1.binding, config.name);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
      const statements = readFileSync(path.join(dir, file), "utf8").split("--> statement-breakpoint").map((s) => s.trim()).filter(Boolean);
      await db.batch(statements.map((s) => db.prepare(s)));
    }
  }
}

/** PBKDF2 hash in the Worker's stored format (workers/kernel/password.ts). */
export function passwordHash(password, iterations = 100_000) {
  const salt = crypto.randomBytes(16);
  const hash = crypto.pbkdf2Sync(password, salt, iterations, 32, "sha256");
  return `pbkdf2-sha256$${iterations}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

/** An HS512 access token as workers/kernel/auth.ts issues it, signed with the bench's JWT_SECRET. */
export function accessToken(config, principal, ttlSeconds = 3600) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const iat = Math.floor(Date.now() / 1000);
  const head = b64({ alg: "HS512", typ: "JWT" });
  const body = b64({ sub: principal.id, role: principal.role, iss: config.vars.JWT_ISSUER, aud: config.vars.JWT_AUDIENCE, iat, nbf: iat, exp: iat + ttlSeconds });
  const sig = crypto.createHmac("sha512", JWT_SECRET).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}
