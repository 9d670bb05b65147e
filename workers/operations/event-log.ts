import type { AnyEnvelope } from "../events/envelope";
import { countOutcome, flushEventMetricsIfDue } from "./event-metrics";
import type { DeliveryState, LoggedEvent, LogQuery, LoggedEventWithDeliveries } from "../../durable-objects/event-log/storage";

// Where an event's story is kept: the shard of its story key (the order it concerns, else its aggregate). 128 shards
// keep each one under 500 write transactions per second at 1,000 orders per second (README "Storage model" and the
// fan-in table of test/budget/), while one order's events and deliveries still share a single object.
export const EVENT_LOG_SHARDS = 128;

export type EventLogStub = DurableObjectStub<import("../../durable-objects/event-log/event-log-object").EventLogObject>;

/** FNV-1a: cheap, stable across isolates and deploys (the shard of a stored story must never move). */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export const shardOf = (storyKey: string): number => hash(storyKey) % EVENT_LOG_SHARDS;

export function eventLogShard(env: Env, shard: number): EventLogStub {
  return env.EVENT_LOG.get(env.EVENT_LOG.idFromName(`events-${shard}`)) as EventLogStub;
}

/** The order an event concerns, if any: its data.orderId, or its own id when it is an Order event. */
export function orderOf(e: { aggregateType: string; aggregateId: string; data: unknown }): string | null {
  const orderId = (e.data as { orderId?: unknown } | null)?.orderId;
  if (typeof orderId === "string") return orderId;
  return e.aggregateType === "Order" ? e.aggregateId : null;
}

export const storyKeyOf = (e: { aggregateType: string; aggregateId: string; data: unknown }): string => orderOf(e) ?? e.aggregateId;

function groupByShard<T>(items: T[], key: (t: T) => string): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const s = shardOf(key(item));
    const list = out.get(s) ?? [];
    list.push(item);
    out.set(s, list);
  }
  return out;
}

/** Records events in their shards: one call (one storage transaction) per shard touched. */
export async function recordEvents(env: Env, events: AnyEnvelope[]): Promise<void> {
  const started = Date.now();
  const groups = groupByShard(events, storyKeyOf);
  await Promise.all(
    [...groups].map(([shard, list]) =>
      eventLogShard(env, shard).record(list.map((e): LoggedEvent => ({
        eventId: e.eventId, eventType: e.eventType, aggregateId: e.aggregateId, orderId: orderOf(e), occurredOn: e.occurredOn, body: JSON.stringify(e),
      }))),
    ),
  );
  // The log is the operations context's delivery: counted like any other subscriber's in /admin/metrics.
  const now = Date.now();
  for (const e of events) countOutcome({ context: "operations", status: "HANDLED", lagMs: Math.max(0, now - Date.parse(e.occurredOn)), processingMs: now - started }, now);
  await flushEventMetricsIfDue(env, now);
}

export interface ShardedDelivery extends DeliveryState {
  storyKey: string;
}

/** Records one queue batch's outcomes: one call per shard touched. */
export async function recordDeliveryStates(env: Env, states: ShardedDelivery[]): Promise<void> {
  const groups = groupByShard(states, (s) => s.storyKey);
  await Promise.all([...groups].map(([shard, list]) => eventLogShard(env, shard).recordDeliveries(list.map(({ storyKey: _, ...s }) => s))));
}

/**
 * A page of the log, oldest first, with a cursor. An order's story is in one shard; any other filter reads every
 * shard's next page after the cursor and merges them (an admin query, not a storefront one).
 */
export async function readLog(env: Env, q: LogQuery): Promise<{ items: LoggedEventWithDeliveries[]; more: boolean }> {
  const ask = { ...q, limit: q.limit + 1 };
  const shards = q.orderId ? [shardOf(q.orderId)] : Array.from({ length: EVENT_LOG_SHARDS }, (_, i) => i);
  const pages = await Promise.all(shards.map((s) => eventLogShard(env, s).readEvents(ask)));
  const merged = pages.flat().sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  return { items: merged.slice(0, q.limit), more: merged.length > q.limit };
}

export async function readDelivery(env: Env, storyKey: string, eventId: string, context: string): Promise<DeliveryState | null> {
  return eventLogShard(env, shardOf(storyKey)).readDelivery(eventId, context);
}
