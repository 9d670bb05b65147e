// Seeds the admin account straight into the customer context's D1 (accounts table), idempotently:
// INSERT OR IGNORE on the unique email, so a second run changes nothing.
//   local:  node scripts/seed-admin.mjs            (admin@example.com / Admin-password-1 unless ADMIN_EMAIL/ADMIN_PASSWORD)
//   remote: npm run seed:admin -- --remote         (ADMIN_EMAIL and ADMIN_PASSWORD required: no default in production)
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { wrangler } from "./wrangler.mjs";

export const DEFAULT_ADMIN = { email: "admin@example.com", password: "Admin-password-1" };

// The same format as workers/kernel/password.ts, so the Worker verifies it: pbkdf2-sha256$<iterations>$<salt>$<hash>.
const ITERATIONS = 100_000;
function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, ITERATIONS, 32, "sha256");
  return `pbkdf2-sha256$${ITERATIONS}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

// A ULID-style id like workers/kernel/ids.ts: 48-bit time then random, Crockford base32.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
function adminId(now = Date.now()) {
  let time = "";
  for (let i = 0, t = now; i < 10; i++, t = Math.floor(t / 32)) time = ALPHABET[t % 32] + time;
  const rand = [...randomBytes(16)].map((b) => ALPHABET[b % 32]).join("");
  return `adm_${time}${rand}`;
}

const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** The admin account's idempotent insert (RETURNING yields the row only when it was inserted). */
export function adminAccountInsert({ remote = false } = {}) {
  const email = (process.env.ADMIN_EMAIL ?? (remote ? "" : DEFAULT_ADMIN.email)).toLowerCase();
  const password = process.env.ADMIN_PASSWORD ?? (remote ? "" : DEFAULT_ADMIN.password);
  if (!email || !password) throw new Error("ADMIN_EMAIL and ADMIN_PASSWORD must be set to seed a deployed admin");
  const now = Date.now();
  const sql = "INSERT OR IGNORE INTO accounts (id, email, role, password_hash, status, failed_attempts, created_at) VALUES (?, ?, 'ADMIN', ?, 'ACTIVE', 0, ?) RETURNING id";
  return { sql, params: [adminId(now), email, hashPassword(password), now], email, password };
}

/** Seeds through `wrangler d1 execute` (local or remote); `npm start` seeds in-process (scripts/local-state.mjs). */
export async function seedAdmin({ remote = false } = {}) {
  const { sql, params, email, password } = adminAccountInsert({ remote });
  let i = 0;
  const inline = sql.replace(/\?/g, () => (typeof params[i] === "number" ? String(params[i++]) : quote(params[i++])));
  const out = await wrangler(["d1", "execute", "commerce-customer", remote ? "--remote" : "--local", "--json", "--command", inline]);
  const inserted = JSON.parse(out.slice(out.indexOf("[")))[0]?.results ?? [];
  return { email, password, created: inserted.length > 0 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const remote = process.argv.includes("--remote");
  seedAdmin({ remote })
    .then(({ email, created }) => console.log(created ? `admin ${email} created` : `admin ${email} already exists; left unchanged`))
    .catch((err) => {
      console.error(err.message);
      process.exit(1);
    });
}
