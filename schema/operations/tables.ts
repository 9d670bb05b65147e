import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

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
export { httpMetrics, eventMetrics } from "./metric-tables";
