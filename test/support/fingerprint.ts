import { env } from "cloudflare:test";
import { contextDatabase, D1_CONTEXTS } from "../../workers/events/outbox-d1";

// A cheap summary of the whole system's state: row counts of every context table, plus the sum of every
// `version`/`updated_at` column (so an UPDATE shows too). Caches and counters that a rejected request may
// legitimately touch (idempotency records, login throttling) are left out, and so is telemetry: every request,
// rejected or not, is counted in the HTTP metrics, every product read in the cache counters, and background event
// handling (still draining from earlier cases) in the event metrics rollup.

const IGNORED_TABLES = new Set(["d1_migrations", "idempotency_keys", "sqlite_sequence", "_cf_KV", "_cf_METADATA", "http_metrics", "cache_stats", "event_metrics"]);
const queries = new Map<string, Promise<string | null>>();

function queryFor(d1: D1Database, context: string): Promise<string | null> {
  let q = queries.get(context);
  if (!q) {
    q = (async () => {
      const tables = (await d1.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all<{ name: string }>()).results
        .map((r) => r.name)
        .filter((t) => !IGNORED_TABLES.has(t) && !t.startsWith("_cf"));
      const parts: string[] = [];
      for (const t of tables) {
        const cols = (await d1.prepare(`SELECT name FROM pragma_table_info(?)`).bind(t).all<{ name: string }>()).results.map((r) => r.name);
        parts.push(`(SELECT COUNT(*) FROM "${t}") AS "${t}.count"`);
        for (const c of cols.filter((c) => c === "version" || c === "updated_at" || c === "quantity")) parts.push(`(SELECT TOTAL("${c}") FROM "${t}") AS "${t}.${c}"`);
      }
      return parts.length ? `SELECT ${parts.join(", ")}` : null;
    })();
    queries.set(context, q);
  }
  return q;
}

export async function fingerprint(extra: () => Promise<unknown> = async () => null): Promise<string> {
  const parts = await Promise.all(
    D1_CONTEXTS.map(async (context) => {
      const d1 = contextDatabase(env, context);
      const q = await queryFor(d1, context);
      return [context, q ? await d1.prepare(q).first() : null] as const;
    }),
  );
  return JSON.stringify({ d1: Object.fromEntries(parts), objects: await extra() });
}

/** The fingerprint once the system has stopped moving (asynchronous effects of earlier requests have landed). */
export async function quietFingerprint(extra?: () => Promise<unknown>, timeoutMs = 3_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = await fingerprint(extra);
  for (;;) {
    await new Promise((r) => setTimeout(r, 120));
    const now = await fingerprint(extra);
    if (now === last || Date.now() > deadline) return now;
    last = now;
  }
}
