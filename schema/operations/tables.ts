import { sqliteTable, text, integer, index, primaryKey } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

/** Every domain event, recorded once by the operations consumer: the store behind GET /admin/events. */
export const eventLog = sqliteTable(
  "event_log",
  {
    eventId: text("event_id").primaryKey(),
    eventType: text("event_type").notNull(),
    aggregateType: text("aggregate_type").notNull(),
    aggregateId: text("aggregate_id").notNull(),
    aggregateVersion: integer("aggregate_version").notNull(),
    orderId: text("order_id"),
    correlationId: text("correlation_id").notNull(),
    causationId: text("causation_id"),
    occurredOn: text("occurred_on").notNull(),
    body: text("body").notNull(),
    recordedAt: integer("recorded_at").notNull(),
  },
  (t) => [index("event_log_order").on(t.orderId, t.occurredOn), index("event_log_aggregate").on(t.aggregateId, t.occurredOn), index("event_log_type").on(t.eventType, t.occurredOn)],
);

/** Delivery state of each event per subscribing context, written by the queue consumer after each attempt. */
export const deliveries = sqliteTable(
  "deliveries",
  {
    eventId: text("event_id").notNull(),
    context: text("context").notNull(),
    eventType: text("event_type").notNull(),
    status: text("status", { enum: ["HANDLED", "DUPLICATE", "RETRYING", "DEAD", "SKIPPED"] }).notNull(),
    attempts: integer("attempts").notNull(),
    lagMs: integer("lag_ms"),
    processingMs: integer("processing_ms"),
    lastError: text("last_error"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.context] }), index("deliveries_context_time").on(t.context, t.updatedAt), index("deliveries_time").on(t.updatedAt)],
);

/** Messages that reached a context's dead-letter queue, kept until replayed. */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: text("id").primaryKey(),
    context: text("context").notNull(),
    eventId: text("event_id"),
    eventType: text("event_type"),
    body: text("body").notNull(),
    reason: text("reason").notNull(),
    attempts: integer("attempts").notNull(),
    recordedAt: integer("recorded_at").notNull(),
    replayedAt: integer("replayed_at"),
  },
  (t) => [index("dead_letters_context").on(t.context, t.replayedAt)],
);

/** Stripe-style idempotency records (24 h), keyed by caller, method+path and key. */
export const idempotencyKeys = sqliteTable("idempotency_keys", {
  scope: text("scope").primaryKey(),
  bodyHash: text("body_hash").notNull(),
  state: text("state", { enum: ["IN_FLIGHT", "DONE"] }).notNull(),
  status: integer("status"),
  response: text("response"),
  lockedUntil: integer("locked_until").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

export { webhooks, webhookDeliveries, webhookAttempts } from "./webhook-tables";
export { httpMetrics } from "./metric-tables";
