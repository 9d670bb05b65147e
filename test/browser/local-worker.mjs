// Starts the Worker as `npm start` does, on a free port and with its own throw-away state: local D1 migrations
// applied and the admin account seeded (scripts/local-state.mjs, as `npm start` does), a random JWT secret written into
// a .dev.vars file (scripts/dev-secret.mjs, as `npm start` does), then `wrangler dev`.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { prepareLocalState } from "../../scripts/local-state.mjs";
import { ensureDevJwtSecret } from "../../scripts/dev-secret.mjs";

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

/** Returns { url, logs(), stop() }. logs() is every line the Worker printed so far. */
export async function startLocalWorker() {
  const persistDir = mkdtempSync(path.join(tmpdir(), "edge-commerce-browser-"));
  await prepareLocalState({ persistTo: persistDir });
  // The free port is chosen before wrangler binds it, so on this shared machine another process can take it
  // in between: then wrangler exits with EADDRINUSE and a new port is tried (at most three).
  for (let attempt = 1; ; attempt++) {
    try {
      return await serve(persistDir, await freePort());
    } catch (err) {
      if (attempt >= 3 || !/Address already in use/.test(err.message)) throw err;
    }
  }
}

async function serve(persistDir, port) {
  // The JWT secret as `npm start` makes it (scripts/dev-secret.mjs writes a random one into a .dev.vars file, which
  // wrangler dev loads), but in this worker's own file: the checkout's .dev.vars is the developer's, not the tests'.
  const devVars = path.join(persistDir, ".dev.vars");
  ensureDevJwtSecret(devVars);
  const child = spawn("npx", ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistDir, "--env-file", devVars, "--var", "ALLOW_PRIVATE_WEBHOOK_URLS:true", "--show-interactive-dev-session=false"], {
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
    if (child.exitCode !== null || lines.some((l) => l.includes("Address already in use"))) {
      stop();
      throw new Error(`wrangler dev exited:\n${lines.slice(-40).join("\n")}`);
    }
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

/** Polls `check` until it returns something truthy (and returns it), or fails naming `what` after `timeoutMs`. */
export async function until(check, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
