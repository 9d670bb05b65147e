import { and, asc, eq, inArray, or, type SQL } from "drizzle-orm";
import { deliveries, eventLog } from "../../schema/operations/tables";
import { db } from "../events/outbox-d1";
import { subscribersOf } from "../events/routing";
import type { EventType } from "../events/catalog";

export interface EventQuery {
  orderId?: string;
  aggregateId?: string;
  type?: string;
  limit: number;
  after?: string;
}

/** The recorded events, oldest first, each with its delivery state per subscribing context. */
export async function listEvents(env: Env, q: EventQuery) {
  const d = db(env.DB_OPERATIONS);
  const conditions: SQL[] = [];
  if (q.orderId) conditions.push(or(eq(eventLog.orderId, q.orderId), eq(eventLog.aggregateId, q.orderId))!);
  if (q.aggregateId) conditions.push(eq(eventLog.aggregateId, q.aggregateId));
  if (q.type) conditions.push(eq(eventLog.eventType, q.type));
  const rows = await d.select().from(eventLog).where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(eventLog.occurredOn), asc(eventLog.eventId)).limit(500);
  const start = q.after ? rows.findIndex((r) => r.eventId === q.after) + 1 : 0;
  const page = rows.slice(start, start + q.limit);
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
    nextCursor: start + q.limit < rows.length ? page[page.length - 1]?.eventId ?? null : null,
  };
}
