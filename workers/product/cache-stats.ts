import { gte, sql } from "drizzle-orm";
import { cacheStats } from "../../schema/product/tables";
import { db } from "../events/outbox-d1";
import { log, errorFields } from "../kernel/logging";

// Hit/miss counters per minute in the product database. The upsert runs after the response (waitUntil), so a
// read never waits for it; one small row per minute keeps the table tiny and the sum cheap.
const MINUTE_MS = 60_000;

export async function recordCacheAccess(env: Env, hit: boolean, now = Date.now()): Promise<void> {
  const minute = Math.floor(now / MINUTE_MS);
  try {
    await db(env.DB_PRODUCT)
      .insert(cacheStats)
      .values({ minute, hits: hit ? 1 : 0, misses: hit ? 0 : 1 })
      .onConflictDoUpdate({ target: cacheStats.minute, set: { hits: sql`${cacheStats.hits} + excluded.hits`, misses: sql`${cacheStats.misses} + excluded.misses` } });
  } catch (err) {
    // Metrics must never fail a read.
    log("warn", "could not record a product cache access", errorFields(err));
  }
}

export interface ProductCacheStats {
  hits: number;
  misses: number;
  /** hits / (hits + misses); 0 when there were no reads in the window. */
  hitRatio: number;
}

/** Product cache hits, misses and hit ratio over the last `windowMinutes` (default 60), for /admin/metrics. */
export async function productCacheStats(env: Env, opts: { windowMinutes?: number; now?: number } = {}): Promise<ProductCacheStats> {
  const from = Math.floor((opts.now ?? Date.now()) / MINUTE_MS) - (opts.windowMinutes ?? 60) + 1;
  const [row] = await db(env.DB_PRODUCT)
    .select({ hits: sql<number>`COALESCE(SUM(${cacheStats.hits}), 0)`, misses: sql<number>`COALESCE(SUM(${cacheStats.misses}), 0)` })
    .from(cacheStats)
    .where(gte(cacheStats.minute, from));
  const hits = Number(row?.hits ?? 0);
  const misses = Number(row?.misses ?? 0);
  return { hits, misses, hitRatio: hits + misses === 0 ? 0 : hits / (hits + misses) };
}
