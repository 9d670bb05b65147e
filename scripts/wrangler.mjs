// Shared by the start and seed scripts: run wrangler from this checkout, read wrangler.toml, call the local API.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The package's exports hide bin/, so resolve it beside its package.json.
const wranglerBin = path.join(path.dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin", "wrangler.js");

// Non-interactive on every machine: no confirmation prompts, no metrics prompt.
export const wranglerEnv = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };

/** Runs `wrangler <args>` and resolves with its output; rejects with that output if it fails. */
export function wrangler(args, { quiet = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin, ...args], { cwd: root, env: wranglerEnv, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (!quiet) process.stdout.write(d);
    });
    child.stderr.on("data", (d) => {
      out += d;
      if (!quiet) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`wrangler ${args.join(" ")} failed (${code}):\n${out}`))));
  });
}

/** Spawns a long-running wrangler (dev), attached to this terminal's output or (pipe) with its output piped. */
export function spawnWrangler(args, { pipe = false } = {}) {
  return spawn(process.execPath, [wranglerBin, ...args], { cwd: root, env: wranglerEnv, stdio: ["ignore", pipe ? "pipe" : "inherit", pipe ? "pipe" : "inherit"] });
}
