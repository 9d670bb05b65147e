import { and, asc, eq, gt, inArray, or, type SQL } from "drizzle-orm";
import { deliveries, eventLog } from "../../schema/operations/tables";
import { db } from "../events/outbox-d1";
import { subscribersOf } from "../events/routing";
import type { EventType } from "../events/catalog";

export interface EventQuery {
  orderId?: string;
  aggregateId?: string;
  type?: string;
  limit: number;
  /** The last event of the previous page, as `occurredOn|eventId` (the sort key, so the page is found by index). */
  after?: string;
}

/** The cursor of a page ending at this event: its position in the (occurredOn, eventId) order. */
const eventCursor = (occurredOn: string, eventId: string) => `${occurredOn}|${eventId}`;
export const EVENT_CURSOR = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z\|evt_[0-9A-Z]{26}$/;

/** The recorded events, oldest first, each with its delivery state per subscribing context. */
export async function listEvents(env: Env, q: EventQuery) {
  const d = db(env.DB_OPERATIONS);
  const conditions: SQL[] = [];
  if (q.orderId) conditions.push(or(eq(eventLog.orderId, q.orderId), eq(eventLog.aggregateId, q.orderId))!);
  if (q.aggregateId) conditions.push(eq(eventLog.aggregateId, q.aggregateId));
  if (q.type) conditions.push(eq(eventLog.eventType, q.type));
  if (q.after) {
    // Keyset paging in the database: every page is one indexed range read, however many events there are.
    const [occurredOn, eventId] = q.after.split("|") as [string, string];
    conditions.push(or(gt(eventLog.occurredOn, occurredOn), and(eq(eventLog.occurredOn, occurredOn), gt(eventLog.eventId, eventId)))!);
  }
  const rows = await d.select().from(eventLog).where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(eventLog.occurredOn), asc(eventLog.eventId)).limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const ids = page.map((r) => r.eventId);
  const states = ids.length ? await d.select().from(deliveries).where(inArray(deliveries.eventId, ids)) : [];
  return {
    items: page.map((r) => {
      const body = JSON.parse(r.body) as Record<string, unknown>;
      const bySubscriber = Object.fromEntries(
        subscribersOf(r.eventType as EventType).map((ctx) => {
          const s = states.find((x) => x.eventId === r.eventId && x.context === ctx);
          return [ctx, s ? { status: s.status, attempts: s.attempts, lastError: s.lastError } : { status: "PENDING", attempts: 0, lastError: null }];
        }),
      );
      return { ...body, deliveries: bySubscriber };
    }),
    nextCursor: rows.length > q.limit && last ? eventCursor(last.occurredOn, last.eventId) : null,
  };
}
