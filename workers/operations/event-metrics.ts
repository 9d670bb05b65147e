import { gte, lt } from "drizzle-orm";
import { db } from "../events/outbox-d1";
import { eventMetrics } from "../../schema/operations/tables";
import type { DeliveryRecord } from "../events/consumer";
import { log, errorFields } from "../kernel/logging";
import { detached } from "../kernel/meter";
import { addHistograms, bucketOf, emptyHistogram } from "./histogram";

// Event delivery metrics, counted in this isolate's memory and flushed as a few aggregate rows at most every few
// seconds (like the request metrics): a delivery costs no D1 write, so the operations database no longer takes a
// write per queue batch. Analytics Engine receives every outcome as a point when bound (analytics.ts).
const FLUSH_EVERY_MS = 5_000;
export const EVENT_METRICS_RETENTION_MS = 60 * 60_000;

interface Aggregate {
  minute: number;
  context: string;
  handled: number;
  failed: number;
  lastHandledAt: number;
  lag: number[];
  processing: number[];
}

const pending = new Map<string, Aggregate>();
let lastFlush = Date.now();

function merge(into: Aggregate, from: Aggregate): void {
  into.handled += from.handled;
  into.failed += from.failed;
  into.lastHandledAt = Math.max(into.lastHandledAt, from.lastHandledAt);
  addHistograms(into.lag, from.lag);
  addHistograms(into.processing, from.processing);
}

/** One delivery outcome: handled (or a duplicate) at its attempt, or one failed attempt. */
export function countOutcome(r: Pick<DeliveryRecord, "context" | "status" | "lagMs" | "processingMs">, now = Date.now()): void {
  const minute = Math.floor(now / 60_000);
  const key = `${minute} ${r.context}`;
  const agg = pending.get(key) ?? { minute, context: r.context, handled: 0, failed: 0, lastHandledAt: 0, lag: emptyHistogram(), processing: emptyHistogram() };
  if (r.status === "HANDLED" || r.status === "DUPLICATE") {
    agg.handled++;
    agg.lastHandledAt = now;
    if (r.lagMs !== null) agg.lag[bucketOf(r.lagMs)]!++;
  } else if (r.status === "RETRYING") agg.failed++;
  if (r.processingMs !== null) agg.processing[bucketOf(r.processingMs)]!++;
  pending.set(key, agg);
}

/** Flushes when the last flush is old enough; the caller's waitUntil keeps it running after the batch. */
export function flushEventMetricsSoon(env: Env, waitUntil: (p: Promise<unknown>) => void, now = Date.now()): void {
  if (now - lastFlush < FLUSH_EVERY_MS) return;
  lastFlush = now;
  waitUntil(detached(() => flushEventMetrics(env)));
}

/** For callers already in the background (a relay): flushes inline when due, so no isolate only accumulates. */
export async function flushEventMetricsIfDue(env: Env, now = Date.now()): Promise<void> {
  if (now - lastFlush >= FLUSH_EVERY_MS) await flushEventMetrics(env);
}

/** Writes what this isolate counted. GET /admin/metrics calls it first, so its answer includes this isolate. */
export async function flushEventMetrics(env: Env): Promise<void> {
  const rows = [...pending.values()];
  pending.clear();
  lastFlush = Date.now();
  if (rows.length === 0) return;
  try {
    const d = db(env.DB_OPERATIONS);
    // 7 bound parameters per row; D1 allows 100 per statement.
    const inserts = [];
    for (let i = 0; i < rows.length; i += 14) {
      inserts.push(d.insert(eventMetrics).values(rows.slice(i, i + 14).map((r) => ({
        minute: r.minute, context: r.context, handled: r.handled, failed: r.failed, lastHandledAt: r.lastHandledAt,
        lagHistogram: JSON.stringify(r.lag), processingHistogram: JSON.stringify(r.processing),
      }))));
    }
    await d.batch(inserts as [(typeof inserts)[number], ...typeof inserts]);
  } catch (err) {
    // Put the counts back: the next flush tries again.
    for (const r of rows) {
      const key = `${r.minute} ${r.context}`;
      const cur = pending.get(key);
      if (cur) merge(cur, r);
      else pending.set(key, r);
    }
    log("warn", "could not flush event metrics", errorFields(err));
  }
}

export interface EventMetricRow {
  minute: number;
  context: string;
  handled: number;
  failed: number;
  lastHandledAt: number;
  lag: number[];
  processing: number[];
}

export async function readEventMetrics(env: Env, sinceMs: number): Promise<EventMetricRow[]> {
  await flushEventMetrics(env);
  const rows = await db(env.DB_OPERATIONS).select().from(eventMetrics).where(gte(eventMetrics.minute, Math.floor(sinceMs / 60_000)));
  return rows.map((r) => ({
    minute: r.minute, context: r.context, handled: r.handled, failed: r.failed, lastHandledAt: r.lastHandledAt,
    lag: JSON.parse(r.lagHistogram) as number[], processing: JSON.parse(r.processingHistogram) as number[],
  }));
}

export async function pruneEventMetrics(env: Env, now = Date.now()): Promise<void> {
  await db(env.DB_OPERATIONS).delete(eventMetrics).where(lt(eventMetrics.minute, Math.floor((now - EVENT_METRICS_RETENTION_MS) / 60_000)));
}
