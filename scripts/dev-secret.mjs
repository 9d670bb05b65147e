// The local JWT secret for `npm start`: the Worker refuses every token without a JWT_SECRET of at least 32
// characters (workers/kernel/auth.ts), and the repository holds none. On first run a random one is written into
// .dev.vars (git-ignored; wrangler dev reads it), then kept, so tokens stay valid across restarts.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const MIN_SECRET_LENGTH = 32;
export const DEV_VARS = fileURLToPath(new URL("../.dev.vars", import.meta.url));

/** Ensures `file` holds a usable JWT_SECRET; returns what it did: "created", "replaced" (empty or short) or "kept". */
export function ensureDevJwtSecret(file = DEV_VARS) {
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const current = /^JWT_SECRET=(.*)$/m.exec(text);
  if (current && current[1].trim().length >= MIN_SECRET_LENGTH) return "kept";
  const line = `JWT_SECRET=${randomBytes(48).toString("base64url")}`;
  const next = current ? text.replace(/^JWT_SECRET=.*$/m, line) : `${text}${text && !text.endsWith("\n") ? "\n" : ""}${line}\n`;
  writeFileSync(file, next, { mode: 0o600 });
  chmodSync(file, 0o600); // writeFileSync's mode applies only when it creates the file
  return current ? "replaced" : "created";
}
