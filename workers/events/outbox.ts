import type { AnyEnvelope, Envelope } from "./envelope";
import { destinationsOf, queueBinding, type InboxContext } from "./routing";
import type { EventType } from "./catalog";
import { recordEvents } from "../operations/event-log";
import { subscribedTypes } from "../integrations/subscriptions";

export interface OutboxEntry {
  eventId: string;
  eventType: string;
  destination: InboxContext;
  body: string;
}

export interface PendingRow extends OutboxEntry {
  seq: number;
  attempts: number;
}

/** Fan-out: one outbox entry per subscribed inbox, so each destination is retried on its own. */
export function outboxEntries(events: ReadonlyArray<Envelope<EventType> | AnyEnvelope>): OutboxEntry[] {
  return events.flatMap((e) =>
    destinationsOf(e.eventType).map((destination) => ({ eventId: e.eventId, eventType: e.eventType, destination, body: JSON.stringify(e) })),
  );
}

/** Where the relay sends. Production: the inbox queues. Tests pass their own to inject send failures. */
export interface EventSender {
  send(destination: InboxContext, bodies: string[]): Promise<void>;
}

const MAX_BATCH_MESSAGES = 100;
const MAX_BATCH_BYTES = 200_000; // below Queues' 256 KB sendBatch limit, leaving room for per-message overhead

/**
 * The production sender. Each subscribing context's inbox is a queue; the event log ("operations") is written
 * straight into its shards, one call per shard, with no queue hop; the integrations inbox gets only the events
 * some webhook subscribes to (the others count as sent: no receiver wants them).
 */
export function queueSender(env: Env): EventSender {
  return {
    async send(destination, bodies) {
      if (destination === "operations") {
        await recordEvents(env, bodies.map((b) => JSON.parse(b) as AnyEnvelope));
        return;
      }
      if (destination === "integrations") {
        const types = await subscribedTypes(env);
        if (types) bodies = bodies.filter((b) => types.has((JSON.parse(b) as { eventType: string }).eventType));
        if (bodies.length === 0) return;
      }
      const queue = queueBinding(env, destination);
      let chunk: { body: unknown; contentType: "json" }[] = [];
      let bytes = 0;
      for (const body of bodies) {
        if (chunk.length === MAX_BATCH_MESSAGES || bytes + body.length > MAX_BATCH_BYTES) {
          await queue.sendBatch(chunk);
          chunk = [];
          bytes = 0;
        }
        chunk.push({ body: JSON.parse(body), contentType: "json" });
        bytes += body.length;
      }
      if (chunk.length) await queue.sendBatch(chunk);
    },
  };
}

export interface RelayOutcome {
  sent: number[];
  failed: { seq: number; error: string }[];
}

/** Sends rows grouped by destination; a failing destination leaves its rows pending, the others still go. */
export async function sendRows(rows: PendingRow[], sender: EventSender): Promise<RelayOutcome> {
  const byDestination = new Map<InboxContext, PendingRow[]>();
  for (const r of rows) {
    const list = byDestination.get(r.destination) ?? [];
    list.push(r);
    byDestination.set(r.destination, list);
  }
  const outcome: RelayOutcome = { sent: [], failed: [] };
  await Promise.all(
    [...byDestination].map(async ([destination, list]) => {
      try {
        await sender.send(destination, list.map((r) => r.body));
        outcome.sent.push(...list.map((r) => r.seq));
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        outcome.failed.push(...list.map((r) => ({ seq: r.seq, error: error.slice(0, 500) })));
      }
    }),
  );
  return outcome;
}

/** Backoff for a row whose send failed: 1 s, 2 s, 4 s … capped at 5 minutes. */
export function nextAttemptDelayMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 300_000);
}
