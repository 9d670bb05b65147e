import { gte, isNull, sql } from "drizzle-orm";
import { deadLetters, httpMetrics } from "../../schema/operations/tables";
import { D1_CONTEXTS, db, pendingOutboxCount, type D1Context } from "../events/outbox-d1";
import { INBOX_CONTEXTS } from "../events/routing";
import { addHistograms, emptyHistogram, histogramQuantile } from "./histogram";
import { readEventMetrics, type EventMetricRow } from "./event-metrics";
import { flushHttpMetrics } from "./http-metrics";
import { productCacheMetrics, type ProductCacheMetrics } from "./product-cache-adapter";

// Rolling window for percentiles and error rates. Event and request metrics both read per-minute aggregates that
// each isolate flushes every few seconds (event-metrics.ts, http-metrics.ts); percentiles come from histograms.
export const WINDOW_MINUTES = 15;
// The operator page's charts draw the last hour per minute (the rollup keeps an hour: EVENT_METRICS_RETENTION_MS).
export const HISTORY_MINUTES = 60;

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
  /** Per context, one point per minute that handled or failed an event, oldest first (the charts' last hour). */
  lastHour: { minutes: number; contexts: Record<string, MinutePoint[]> };
}

export interface MinutePoint {
  minute: string;
  handled: number;
  failed: number;
  eventLagMs: Percentiles;
}

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Summarises the rollup rows of one context (or all). Error rate = failed handler attempts / all attempts: every
 * failed attempt and every handled outcome is one attempt.
 */
function summarise(rows: EventMetricRow[], now: number, outboxPending: number | null, deadLettered: number): ContextMetrics {
  const lag = emptyHistogram();
  const processing = emptyHistogram();
  let handled = 0;
  let failed = 0;
  let lastMinute = 0;
  let retrying = 0;
  for (const r of rows) {
    handled += r.handled;
    failed += r.failed;
    addHistograms(lag, r.lag);
    addHistograms(processing, r.processing);
    if (r.lastHandledAt >= now - 60_000) lastMinute += r.handled;
    // Failed attempts of the current and previous minute: messages being retried right now.
    if (r.minute >= Math.floor(now / 60_000) - 1) retrying += r.failed;
  }
  const percentiles = (h: number[]): Percentiles => ({ p50: histogramQuantile(h, 0.5), p99: histogramQuantile(h, 0.99) });
  return {
    eventLagMs: percentiles(lag),
    processingMs: percentiles(processing),
    errorRate: handled + failed ? round(failed / (handled + failed)) : 0,
    throughputPerMin: lastMinute,
    outboxPending,
    deadLettered,
    handled,
    failedAttempts: failed,
    retrying,
  };
}

/** The rollup rows (several per minute: one per isolate flush) summed into one point per context and minute. */
function minuteSeries(rows: EventMetricRow[]): Record<string, MinutePoint[]> {
  const byKey = new Map<string, { context: string; minute: number; handled: number; failed: number; lag: number[] }>();
  for (const r of rows) {
    const key = `${r.context} ${r.minute}`;
    const agg = byKey.get(key) ?? { context: r.context, minute: r.minute, handled: 0, failed: 0, lag: emptyHistogram() };
    agg.handled += r.handled;
    agg.failed += r.failed;
    addHistograms(agg.lag, r.lag);
    byKey.set(key, agg);
  }
  const series: Record<string, MinutePoint[]> = {};
  for (const a of [...byKey.values()].sort((x, y) => x.minute - y.minute)) {
    (series[a.context] ??= []).push({
      minute: new Date(a.minute * 60_000).toISOString(), handled: a.handled, failed: a.failed,
      eventLagMs: { p50: histogramQuantile(a.lag, 0.5), p99: histogramQuantile(a.lag, 0.99) },
    });
  }
  return series;
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
  // One read of the rollup serves both the hour of chart points and the window's summary.
  const [hour, dead, outbox, http, productCache] = await Promise.all([
    readEventMetrics(env, now - HISTORY_MINUTES * 60_000),
    d.select({ context: deadLetters.context, n: sql<number>`count(*)` }).from(deadLetters).where(isNull(deadLetters.replayedAt)).groupBy(deadLetters.context),
    outboxPendingByContext(env),
    httpSummary(env, now),
    productCacheMetrics(env),
  ]);
  const windowStart = Math.floor(since / 60_000);
  const samples = hour.filter((r) => r.minute >= windowStart);
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
    lastHour: { minutes: HISTORY_MINUTES, contexts: minuteSeries(hour) },
  };
}
