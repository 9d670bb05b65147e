import { gte, isNull, sql } from "drizzle-orm";
import { deadLetters, deliveries, httpMetrics } from "../../schema/operations/tables";
import { D1_CONTEXTS, db, pendingOutboxCount, type D1Context } from "../events/outbox-d1";
import { INBOX_CONTEXTS } from "../events/routing";
import { addHistograms, emptyHistogram, histogramQuantile, quantile } from "./histogram";
import { flushHttpMetrics } from "./http-metrics";
import { productCacheMetrics, type ProductCacheMetrics } from "./product-cache-adapter";

// Rolling window for percentiles and error rates. Event metrics read the deliveries rows updated inside it (one
// per event and context, written by the consumer); request metrics read the per-minute aggregates.
export const WINDOW_MINUTES = 15;
const MAX_SAMPLES = 50_000;

export interface Percentiles {
  p50: number | null;
  p99: number | null;
}

export interface ContextMetrics {
  eventLagMs: Percentiles;
  processingMs: Percentiles;
  errorRate: number;
  throughputPerMin: number;
  outboxPending: number | null;
  deadLettered: number;
  handled: number;
  failedAttempts: number;
  retrying: number;
}

export interface Metrics {
  window: { minutes: number; since: string };
  contexts: Record<string, ContextMetrics>;
  totals: ContextMetrics;
  http: {
    requests: number;
    byStatus: Record<string, number>;
    errorRate: number;
    clientErrorRate: number;
    durationMs: Percentiles & { avg: number | null };
    throughputPerMin: number;
  };
  productCache: ProductCacheMetrics | null;
}

interface Sample {
  context: string;
  status: string;
  attempts: number;
  lagMs: number | null;
  processingMs: number | null;
  updatedAt: number;
}

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentiles = (values: number[]): Percentiles => {
  const sorted = values.sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
};

/**
 * Error rate = failed handler attempts / all attempts. A HANDLED row with attempts = n had n − 1 failed attempts
 * before it succeeded; a RETRYING or DEAD row's attempts all failed.
 */
function summarise(samples: Sample[], now: number, outboxPending: number | null, deadLettered: number): ContextMetrics {
  let failed = 0;
  let total = 0;
  const done = samples.filter((s) => s.status === "HANDLED" || s.status === "DUPLICATE");
  for (const s of samples) {
    total += s.attempts;
    failed += s.status === "HANDLED" || s.status === "DUPLICATE" ? s.attempts - 1 : s.attempts;
  }
  return {
    eventLagMs: percentiles(done.flatMap((s) => (s.lagMs === null ? [] : [s.lagMs]))),
    processingMs: percentiles(samples.flatMap((s) => (s.processingMs === null ? [] : [s.processingMs]))),
    errorRate: total ? round(failed / total) : 0,
    throughputPerMin: done.filter((s) => s.updatedAt >= now - 60_000).length,
    outboxPending,
    deadLettered,
    handled: done.length,
    failedAttempts: failed,
    retrying: samples.filter((s) => s.status === "RETRYING").length,
  };
}

async function outboxPendingByContext(env: Env): Promise<Record<string, number | null>> {
  const entries = await Promise.all(
    D1_CONTEXTS.map(async (c: D1Context) => [c, await pendingOutboxCount(env, c).catch(() => null)] as const),
  );
  return Object.fromEntries(entries);
}

async function httpSummary(env: Env, now: number): Promise<Metrics["http"]> {
  await flushHttpMetrics(env);
  const since = Math.floor((now - WINDOW_MINUTES * 60_000) / 60_000);
  const rows = await db(env.DB_OPERATIONS).select().from(httpMetrics).where(gte(httpMetrics.minute, since));
  const histogram = emptyHistogram();
  const byStatus: Record<string, number> = {};
  let requests = 0;
  let totalMs = 0;
  let serverErrors = 0;
  let clientErrors = 0;
  for (const r of rows) {
    requests += r.count;
    totalMs += r.totalMs;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.count;
    if (r.status >= 500) serverErrors += r.count;
    else if (r.status >= 400) clientErrors += r.count;
    addHistograms(histogram, JSON.parse(r.histogram) as number[]);
  }
  return {
    requests, byStatus,
    errorRate: requests ? round(serverErrors / requests) : 0,
    clientErrorRate: requests ? round(clientErrors / requests) : 0,
    durationMs: { p50: histogramQuantile(histogram, 0.5), p99: histogramQuantile(histogram, 0.99), avg: requests ? round(totalMs / requests, 1) : null },
    throughputPerMin: round(requests / WINDOW_MINUTES, 2),
  };
}

export async function computeMetrics(env: Env, now = Date.now()): Promise<Metrics> {
  const since = now - WINDOW_MINUTES * 60_000;
  const d = db(env.DB_OPERATIONS);
  const [samples, dead, outbox, http, productCache] = await Promise.all([
    d.select({ context: deliveries.context, status: deliveries.status, attempts: deliveries.attempts, lagMs: deliveries.lagMs, processingMs: deliveries.processingMs, updatedAt: deliveries.updatedAt })
      .from(deliveries).where(gte(deliveries.updatedAt, since)).limit(MAX_SAMPLES),
    d.select({ context: deadLetters.context, n: sql<number>`count(*)` }).from(deadLetters).where(isNull(deadLetters.replayedAt)).groupBy(deadLetters.context),
    outboxPendingByContext(env),
    httpSummary(env, now),
    productCacheMetrics(env),
  ]);
  const deadBy = Object.fromEntries(dead.map((r) => [r.context, Number(r.n)]));
  const names = [...new Set<string>([...INBOX_CONTEXTS, ...D1_CONTEXTS])].sort();
  const contexts = Object.fromEntries(
    names.map((name) => [name, summarise(samples.filter((s) => s.context === name), now, outbox[name] ?? null, deadBy[name] ?? 0)]),
  );
  const pendingTotal = Object.values(outbox).reduce<number>((a, b) => a + (b ?? 0), 0);
  const deadTotal = Object.values(deadBy).reduce((a, b) => a + b, 0);
  return {
    window: { minutes: WINDOW_MINUTES, since: new Date(since).toISOString() },
    contexts,
    totals: summarise(samples, now, pendingTotal, deadTotal),
    http,
    productCache,
  };
}
