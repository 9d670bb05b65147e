// Prepares the local state `wrangler dev` serves: applies every context's pending D1 migrations and seeds the admin
// account, in one process through wrangler's platform proxy (the same Miniflare persistence wrangler dev reads),
// instead of one `wrangler d1 migrations apply` process per database (twelve of them took 55–110 s).
//
// Applied migrations are recorded in each database's `d1_migrations` table exactly as `wrangler d1 migrations
// apply` records them, so either tool can take over from the other. Each migration runs in one D1 batch (a
// transaction) together with its record, so an interrupted start never leaves a half-applied migration behind.
//
//   node scripts/local-state.mjs [--persist-to DIR]     prints one JSON line: {databases, applied, admin}
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getPlatformProxy, unstable_readConfig } from "wrangler";
import { adminAccountInsert } from "./seed-admin.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MIGRATIONS_TABLE = "d1_migrations";
// wrangler's own table definition (wrangler d1 migrations apply creates the same).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE}(
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

/** The statements of one drizzle-kit migration file (drizzle separates them with `--> statement-breakpoint`). */
function statementsOf(file) {
  return readFileSync(file, "utf8").split("--> statement-breakpoint").map((s) => s.trim()).filter(Boolean);
}

async function migrate(db, dir) {
  await db.prepare(CREATE_MIGRATIONS_TABLE).run();
  const done = new Set((await db.prepare(`SELECT name FROM ${MIGRATIONS_TABLE}`).all()).results.map((r) => r.name));
  const pending = readdirSync(dir).filter((f) => f.endsWith(".sql") && !done.has(f)).sort();
  for (const name of pending) {
    const statements = statementsOf(path.join(dir, name)).map((s) => db.prepare(s));
    await db.batch([...statements, db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (name) VALUES (?)`).bind(name)]);
  }
  return pending.length;
}

/**
 * Applies pending migrations to every D1 database of wrangler.toml and seeds the admin (INSERT OR IGNORE).
 * `persistTo` is wrangler dev's `--persist-to` (default: wrangler's own `.wrangler/state`).
 * Returns {databases, applied: {<database_name>: count}, admin: {email, password, created}}.
 */
export async function prepareLocalState({ persistTo } = {}) {
  const configPath = path.join(root, "wrangler.toml");
  const config = unstable_readConfig({ config: configPath });
  const persist = persistTo ? { path: path.join(path.resolve(persistTo), "v3") } : true;
  const proxy = await getPlatformProxy({ configPath, persist });
  try {
    const applied = {};
    // Databases are independent SQLite files, so they migrate in parallel.
    await Promise.all(config.d1_databases.map(async (d1) => {
      applied[d1.database_name] = await migrate(proxy.env[d1.binding], path.join(root, d1.migrations_dir));
    }));
    const admin = adminAccountInsert();
    const inserted = await proxy.env.DB_CUSTOMER.prepare(admin.sql).bind(...admin.params).all();
    return { databases: config.d1_databases.length, applied, admin: { email: admin.email, password: admin.password, created: inserted.results.length > 0 } };
  } finally {
    await proxy.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--persist-to");
  prepareLocalState({ persistTo: i > 0 ? process.argv[i + 1] : undefined })
    .then((result) => console.log(JSON.stringify(result)))
    .catch((err) => {
      console.error(err.stack ?? String(err));
      process.exit(1);
    });
}
