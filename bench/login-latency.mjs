// Median wall-clock time of POST /api/v1/auth/login against a local `wrangler dev` (workerd), as a client sees it.
// PBKDF2-SHA256 at 100,000 iterations dominates it. Usage: node bench/login-latency.mjs [runs=20] [port=8799]
// It applies every context's migrations into a throw-away state directory, starts its own dev server, registers
// one customer, logs in `runs` times in sequence, prints the numbers and stops the server it started.
import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unstable_readConfig } from "wrangler";

const runs = Number(process.argv[2] ?? 20);
const port = Number(process.argv[3] ?? 8799);
const state = mkdtempSync(path.join(tmpdir(), "login-bench-"));
const base = `http://127.0.0.1:${port}`;

for (const d1 of unstable_readConfig({ config: "wrangler.toml" }).d1_databases) {
  execFileSync("npx", ["wrangler", "d1", "migrations", "apply", d1.database_name, "--local", "--persist-to", state], { stdio: "ignore", env: { ...process.env, CI: "1" } });
}
const server = spawn("npx", ["wrangler", "dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", state, "--var", `JWT_SECRET:${randomBytes(48).toString("base64url")}`, "--log-level", "error"], { stdio: "ignore", detached: true });

const post = (p, body) => fetch(`${base}/api/v1${p}`, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": "198.51.100.7" }, body: JSON.stringify(body) });

try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      if (i > 600) throw new Error("wrangler dev did not start");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const email = `bench-${Date.now()}@example.com`;
  const password = "Bench-password-1";
  const reg = await post("/customers", { name: "Bench Mark", email, password });
  if (reg.status !== 201) throw new Error(`registration failed: ${reg.status} ${await reg.text()}`);
  await post("/auth/login", { email, password }); // warm-up: first request compiles and opens the databases
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const res = await post("/auth/login", { email, password });
    await res.arrayBuffer();
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`login ${i} answered ${res.status}`);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  console.log(JSON.stringify({ runs, medianMs: Number(at(0.5)), p90Ms: Number(at(0.9)), minMs: Number(times[0].toFixed(1)), maxMs: Number(times.at(-1).toFixed(1)) }));
} finally {
  process.kill(-server.pid, "SIGTERM");
  rmSync(state, { recursive: true, force: true });
}
