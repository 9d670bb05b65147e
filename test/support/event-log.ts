import { env, listDurableObjectIds } from "cloudflare:test";
import { readDelivery, readLog, storyKeyOf } from "../../workers/operations/event-log";
import type { DeliveryState } from "../../durable-objects/event-log/storage";
import type { AnyEnvelope } from "../../workers/events/envelope";

// Reads of the sharded event log for assertions (the store behind GET /admin/events).

/** Totals over the shards that exist (settle() watches them move). */
export async function eventLogCounts(): Promise<{ events: number; deliveries: number; attempts: number }> {
  const ids = await listDurableObjectIds(env.EVENT_LOG);
  const all = await Promise.all(ids.map((id) => env.EVENT_LOG.get(id).readCounts()));
  return all.reduce((a, b) => ({ events: a.events + b.events, deliveries: a.deliveries + b.deliveries, attempts: a.attempts + b.attempts }), { events: 0, deliveries: 0, attempts: 0 });
}

/** The recorded events matching the filter (every page), as stored. */
export async function loggedEvents(q: { eventId?: string; orderId?: string; aggregateId?: string; type?: string }): Promise<AnyEnvelope[]> {
  const out: AnyEnvelope[] = [];
  let after: { occurredOn: string; eventId: string } | undefined;
  for (let page = 0; page < 100; page++) {
    const { items, more } = await readLog(env, { ...q, after, limit: 100 });
    out.push(...items.map((i) => JSON.parse(i.body) as AnyEnvelope));
    const last = items.at(-1);
    if (!more || !last) return out;
    after = { occurredOn: last.occurredOn, eventId: last.eventId };
  }
  throw new Error("more than 100 pages");
}

/** One event's delivery state at one context, from the shard of the event's story. */
export function deliveryState(event: { eventId: string; aggregateType: string; aggregateId: string; data: unknown }, context: string): Promise<DeliveryState | null> {
  return readDelivery(env, storyKeyOf(event), event.eventId, context);
}

/** One event's delivery state at one context when only its id is known: asks every shard that exists. */
export async function deliveryById(eventId: string, context: string): Promise<DeliveryState | null> {
  const ids = await listDurableObjectIds(env.EVENT_LOG);
  const found = await Promise.all(ids.map((id) => env.EVENT_LOG.get(id).readDelivery(eventId, context)));
  return found.find((d) => d !== null) ?? null;
}
