import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Outbound webhook subscriptions (contract §3): where to POST which event types, and the signing secret. */
export const webhooks = sqliteTable("webhooks", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  eventTypes: text("event_types").notNull(), // JSON array of eventType names
  secret: text("secret").notNull(),
  createdAt: integer("created_at").notNull(),
  // ACTIVE, or DISABLED after failing for 3 days without one success (contract §5); an admin re-enables it.
  status: text("status", { enum: ["ACTIVE", "DISABLED"] }).notNull().default("ACTIVE"),
  // Start of the current unbroken run of failed attempts (null after a success): the 3 days count from here.
  failingSince: integer("failing_since"),
  disabledAt: integer("disabled_at"),
});

/**
 * One row per (webhook, event): its current state and retry schedule position. `step` restarts at 0 on replay so a
 * replayed delivery gets the whole schedule again; `attempts` keeps counting so the history stays readable.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    webhookId: text("webhook_id").notNull(),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: ["PENDING", "SUCCEEDED", "DEAD"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    step: integer("step").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at"),
    leaseUntil: integer("lease_until"),
    lastResponseStatus: integer("last_response_status"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("webhook_deliveries_webhook_event").on(t.webhookId, t.eventId), index("webhook_deliveries_event").on(t.eventId)],
);

/** Every HTTP attempt of a delivery, for GET /admin/webhooks/{id}/deliveries. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    deliveryId: text("delivery_id").notNull(),
    webhookId: text("webhook_id").notNull(),
    attempt: integer("attempt").notNull(),
    succeeded: integer("succeeded", { mode: "boolean" }).notNull(),
    responseStatus: integer("response_status"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    at: integer("at").notNull(), // when the attempt started
  },
  (t) => [index("webhook_attempts_webhook").on(t.webhookId, t.seq), index("webhook_attempts_at").on(t.at)],
);
