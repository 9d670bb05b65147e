// Starts the Worker as `npm start` does, on a free port and with its own throw-away state: local D1 migrations
// applied and the admin account seeded (through wrangler's platform proxy), then `wrangler dev`.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes, webcrypto } from "node:crypto";
import { getPlatformProxy, unstable_readConfig } from "wrangler";

export const ADMIN = { email: "admin@example.com", password: "Admin-password-1" };

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Same format as workers/kernel/password.ts: pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>. */
async function passwordHash(password) {
  const salt = webcrypto.getRandomValues(new Uint8Array(16));
  const key = await webcrypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await webcrypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: 100_000 }, key, 256);
  return `pbkdf2-sha256$100000$${Buffer.from(salt).toString("base64")}$${Buffer.from(bits).toString("base64")}`;
}

async function prepareState(persistDir) {
  const config = unstable_readConfig({ config: "wrangler.toml" });
  const proxy = await getPlatformProxy({ configPath: "wrangler.toml", persist: { path: path.join(persistDir, "v3") } });
  try {
    for (const d1 of config.d1_databases) {
      const db = proxy.env[d1.binding];
      const files = readdirSync(d1.migrations_dir).filter((f) => f.endsWith(".sql")).sort();
      for (const file of files) {
        const statements = readFileSync(path.join(d1.migrations_dir, file), "utf8").split("--> statement-breakpoint").map((s) => s.trim()).filter(Boolean);
        for (const s of statements) await db.prepare(s).run();
      }
    }
    await proxy.env.DB_CUSTOMER.prepare("INSERT INTO accounts (id, email, role, password_hash, status, failed_attempts, created_at) VALUES (?, ?, 'ADMIN', ?, 'ACTIVE', 0, ?)")
      .bind("adm_01BROWSERTESTADMIN0000000", ADMIN.email, await passwordHash(ADMIN.password), Date.now()).run();
  } finally {
    await proxy.dispose();
  }
}

/** Returns { url, logs(), stop() }. logs() is every line the Worker printed so far. */
export async function startLocalWorker() {
  const persistDir = mkdtempSync(path.join(tmpdir(), "edge-commerce-browser-"));
  await prepareState(persistDir);
  const port = await freePort();
  const child = spawn("npx", ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistDir, "--var", "ALLOW_PRIVATE_WEBHOOK_URLS:true", "--var", `JWT_SECRET:${randomBytes(48).toString("base64url")}`, "--show-interactive-dev-session=false"], {
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const lines = [];
  const collect = (chunk) => lines.push(...chunk.toString().split("\n").filter(Boolean));
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${lines.slice(-40).join("\n")}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`wrangler dev did not answer /health within 120 s:\n${lines.slice(-40).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, logs: () => [...lines], stop };
}
