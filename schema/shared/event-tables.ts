import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";

// Every context database carries the same two tables (architecture §Event flow):
// outbox: one row per (event, destination inbox), written in the same batch as the state change;
// inbox: one row per handled eventId, written in the same batch as the handler's effect.
export const outbox = sqliteTable(
  "outbox",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    destination: text("destination").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    sentAt: integer("sent_at"),
    lastError: text("last_error"),
  },
  (t) => [uniqueIndex("outbox_event_destination").on(t.eventId, t.destination), index("outbox_pending").on(t.sentAt, t.nextAttemptAt)],
);

// inbox_handled: the retention job (workers/events/retention.ts) finds ids past their window by index.
export const inbox = sqliteTable(
  "inbox",
  {
    eventId: text("event_id").primaryKey(),
    eventType: text("event_type").notNull(),
    handledAt: integer("handled_at").notNull(),
  },
  (t) => [index("inbox_handled").on(t.handledAt)],
);
