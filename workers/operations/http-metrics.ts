import type { MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { lt } from "drizzle-orm";
import type { AppEnv } from "../kernel/http-env";
import { db } from "../events/outbox-d1";
import { httpMetrics } from "../../schema/operations/tables";
import { log, errorFields } from "../kernel/logging";
import { addHistograms, bucketOf, emptyHistogram } from "./histogram";
import { writeHttpPoint } from "./analytics";
import { detached } from "../kernel/meter";

// Request metrics are counted in this isolate's memory and flushed as a few aggregate rows at most every few
// seconds, so a request costs no extra D1 write. An evicted isolate loses at most its last unflushed seconds;
// Analytics Engine still has every request.
const FLUSH_EVERY_MS = 5_000;
export const HTTP_RETENTION_MS = 60 * 60_000;

interface Aggregate {
  minute: number;
  method: string;
  route: string;
  status: number;
  count: number;
  totalMs: number;
  histogram: number[];
}

const pending = new Map<string, Aggregate>();
let lastFlush = Date.now();

/** The route template ("/api/v1/products/:id"), never the raw path: ids would make the series unbounded. */
function routeOf(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string {
  // From the end, without copying: this runs on every request.
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) if (routes[i]!.method !== "ALL") return routes[i]!.path;
  return "(unmatched)";
}

export function countRequest(minute: number, method: string, route: string, status: number, ms: number): void {
  const key = `${minute} ${method} ${route} ${status}`;
  const agg = pending.get(key) ?? { minute, method, route, status, count: 0, totalMs: 0, histogram: emptyHistogram() };
  agg.count++;
  agg.totalMs += ms;
  agg.histogram[bucketOf(ms)]!++;
  pending.set(key, agg);
}

/** Writes what this isolate counted. Also called by GET /admin/metrics so its answer includes this isolate's counts. */
export async function flushHttpMetrics(env: Env): Promise<void> {
  const rows = [...pending.values()];
  pending.clear();
  lastFlush = Date.now();
  if (rows.length === 0) return;
  try {
    const d = db(env.DB_OPERATIONS);
    // 8 bound parameters per row; D1 allows 100 per statement.
    const inserts = [];
    for (let i = 0; i < rows.length; i += 12) {
      inserts.push(d.insert(httpMetrics).values(rows.slice(i, i + 12).map((r) => ({ ...r, histogram: JSON.stringify(r.histogram) }))));
    }
    await d.batch(inserts as [(typeof inserts)[number], ...typeof inserts]);
  } catch (err) {
    // Put the counts back: the next flush tries again.
    for (const r of rows) {
      const key = `${r.minute} ${r.method} ${r.route} ${r.status}`;
      const cur = pending.get(key);
      if (cur) {
        cur.count += r.count;
        cur.totalMs += r.totalMs;
        addHistograms(cur.histogram, r.histogram);
      } else pending.set(key, r);
    }
    log("warn", "could not flush request metrics", errorFields(err));
  }
}

export const requestMetrics: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = Date.now();
  await next();
  const now = Date.now();
  const ms = now - started;
  const route = routeOf(c);
  countRequest(Math.floor(started / 60_000), c.req.method, route, c.res.status, ms);
  writeHttpPoint(c.env, c.req.method, route, c.res.status, ms);
  if (now - lastFlush >= FLUSH_EVERY_MS) {
    lastFlush = now;
    c.executionCtx.waitUntil(detached(() => flushHttpMetrics(c.env)));
  }
};

export async function pruneHttpMetrics(env: Env, now = Date.now()): Promise<void> {
  await db(env.DB_OPERATIONS).delete(httpMetrics).where(lt(httpMetrics.minute, Math.floor((now - HTTP_RETENTION_MS) / 60_000)));
}
