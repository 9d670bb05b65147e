import { gte, sql } from "drizzle-orm";
import { cacheStats } from "../../schema/product/tables";
import { db } from "../events/outbox-d1";
import { log, errorFields } from "../kernel/logging";

// Hit/miss counters per minute in the product database. Reads are counted in this isolate's memory and flushed as
// one upsert per minute bucket at most every few seconds: an upsert per read would queue every product read behind
// one hot row of the context's single-writer database. An evicted isolate loses at most its unflushed seconds.
const MINUTE_MS = 60_000;
const FLUSH_EVERY_MS = 5_000;

const pending = new Map<number, { hits: number; misses: number }>();
let lastFlush = Date.now();

/** Counts one read; returns the flush to hand to waitUntil when one is due, otherwise null. */
export function recordCacheAccess(env: Env, hit: boolean, now = Date.now()): Promise<void> | null {
  const minute = Math.floor(now / MINUTE_MS);
  const bucket = pending.get(minute) ?? { hits: 0, misses: 0 };
  if (hit) bucket.hits++;
  else bucket.misses++;
  pending.set(minute, bucket);
  return now - lastFlush >= FLUSH_EVERY_MS ? flushCacheStats(env) : null;
}

export async function flushCacheStats(env: Env): Promise<void> {
  const buckets = [...pending];
  pending.clear();
  lastFlush = Date.now();
  if (buckets.length === 0) return;
  try {
    const d = db(env.DB_PRODUCT);
    const upserts = buckets.map(([minute, b]) =>
      d.insert(cacheStats)
        .values({ minute, hits: b.hits, misses: b.misses })
        .onConflictDoUpdate({ target: cacheStats.minute, set: { hits: sql`${cacheStats.hits} + excluded.hits`, misses: sql`${cacheStats.misses} + excluded.misses` } }),
    );
    await d.batch(upserts as [(typeof upserts)[number], ...typeof upserts]);
  } catch (err) {
    // Metrics must never fail a read; the counts go back for the next flush.
    for (const [minute, b] of buckets) {
      const cur = pending.get(minute) ?? { hits: 0, misses: 0 };
      pending.set(minute, { hits: cur.hits + b.hits, misses: cur.misses + b.misses });
    }
    log("warn", "could not record product cache accesses", errorFields(err));
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
  await flushCacheStats(env);
  const from = Math.floor((opts.now ?? Date.now()) / MINUTE_MS) - (opts.windowMinutes ?? 60) + 1;
  const [row] = await db(env.DB_PRODUCT)
    .select({ hits: sql<number>`COALESCE(SUM(${cacheStats.hits}), 0)`, misses: sql<number>`COALESCE(SUM(${cacheStats.misses}), 0)` })
    .from(cacheStats)
    .where(gte(cacheStats.minute, from));
  const hits = Number(row?.hits ?? 0);
  const misses = Number(row?.misses ?? 0);
  return { hits, misses, hitRatio: hits + misses === 0 ? 0 : hits / (hits + misses) };
}
