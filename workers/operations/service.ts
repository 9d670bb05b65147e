import { subscribersOf } from "../events/routing";
import type { EventType } from "../events/catalog";
import { readLog } from "./event-log";

export interface EventQuery {
  orderId?: string;
  aggregateId?: string;
  type?: string;
  limit: number;
  /** The last event of the previous page (its occurredOn and id): the page starts after it, in the store. */
  after?: { occurredOn: string; eventId: string };
}

/** The recorded events, oldest first, each with its delivery state per subscribing context. */
export async function listEvents(env: Env, q: EventQuery) {
  const page = await readLog(env, { orderId: q.orderId, aggregateId: q.aggregateId, type: q.type, after: q.after, limit: q.limit });
  const last = page.items.at(-1);
  return {
    items: page.items.map((r) => {
      const body = JSON.parse(r.body) as Record<string, unknown> & { eventType: EventType };
      const bySubscriber = Object.fromEntries(
        subscribersOf(body.eventType).map((ctx) => {
          const s = r.deliveries.find((x) => x.context === ctx);
          return [ctx, s ? { status: s.status, attempts: s.attempts, lastError: s.lastError } : { status: "PENDING", attempts: 0, lastError: null }];
        }),
      );
      return { ...body, deliveries: bySubscriber };
    }),
    nextCursor: page.more && last ? `${last.occurredOn}|${last.eventId}` : null,
  };
}

/** The cursor's text form: "<occurredOn>|<eventId>", the sort key (opaque to clients: base64url, see kernel/cursor.ts). */
export const EVENT_CURSOR = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z\|evt_[0-9A-Z]{26}$/;

export function parseEventCursor(text: string | undefined): EventQuery["after"] {
  if (text === undefined) return undefined;
  const [occurredOn, eventId] = text.split("|") as [string, string];
  return { occurredOn, eventId };
}
