import type { ContextHandlers, EventHandler } from "../events/consumer";
import { EVENT_TYPES, type EventType } from "../events/catalog";
import { db } from "../events/outbox-d1";
import { eventLog } from "../../schema/operations/tables";

/** record-event-on-any-event: the operations event log behind GET /admin/events. INSERT OR IGNORE is the dedupe. */
const recordEvent: EventHandler<EventType> = async (event, rt) => {
  const orderId = (event.data as { orderId?: unknown }).orderId;
  const res = await db(rt.env.DB_OPERATIONS)
    .insert(eventLog)
    .values({
      eventId: event.eventId, eventType: event.eventType, aggregateType: event.aggregateType, aggregateId: event.aggregateId,
      aggregateVersion: event.aggregateVersion, orderId: typeof orderId === "string" ? orderId : event.aggregateType === "Order" ? event.aggregateId : null,
      correlationId: event.correlationId, causationId: event.causationId, occurredOn: event.occurredOn, body: JSON.stringify(event), recordedAt: Date.now(),
    })
    .onConflictDoNothing()
    .returning({ id: eventLog.eventId });
  return res.length ? "handled" : "duplicate";
};

export const operationsHandlers: ContextHandlers = Object.fromEntries(EVENT_TYPES.map((t) => [t, recordEvent])) as ContextHandlers;
