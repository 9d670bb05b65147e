import { env } from "cloudflare:test";
import { makeEvent, type Causation, type Envelope } from "../../workers/events/envelope";
import type { EventData, EventType } from "../../workers/events/catalog";
import { outboxEntries, queueSender, sendRows } from "../../workers/events/outbox";
import { newId } from "../../workers/kernel/ids";

/** Builds an event as its publisher would (validated against the catalogue schema). */
export function anEvent<T extends EventType>(type: T, aggregateId: string, data: EventData<T>, opts: { version?: number; cause?: Causation; eventId?: string } = {}): Envelope<T> {
  return makeEvent(type, aggregateId, opts.version ?? 1, data, opts.cause ?? { correlationId: newId("evt"), causationId: null }, { eventId: opts.eventId });
}

/**
 * Publishes events through the real inbox queues to every subscriber in the routing table, exactly as the relay
 * does. `times` sends each one more than once (at-least-once delivery).
 */
export async function publish(events: Envelope<EventType> | Envelope<EventType>[], times = 1): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  const rows = outboxEntries(list).map((e, i) => ({ ...e, seq: i, attempts: 0 }));
  for (let n = 0; n < times; n++) {
    const outcome = await sendRows(rows, queueSender(env));
    if (outcome.failed.length) throw new Error(`publish failed: ${outcome.failed[0]?.error}`);
  }
}
