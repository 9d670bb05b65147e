import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

/**
 * One record per (event, recipient, type): the unique index is what makes a redelivered event never send twice.
 * `leaseUntil` is a short claim on a PENDING row so two concurrent senders cannot both send it.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id").notNull(),
    recipientId: text("recipient_id").notNull(),
    recipientEmail: text("recipient_email").notNull(),
    recipientName: text("recipient_name").notNull(),
    type: text("type").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    channel: text("channel", { enum: ["EMAIL"] }).notNull(),
    status: text("status", { enum: ["PENDING", "SENT", "FAILED"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    leaseUntil: integer("lease_until"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [
    uniqueIndex("notifications_once").on(t.eventId, t.recipientId, t.type),
    index("notifications_recipient").on(t.recipientId, t.id),
    index("notifications_due").on(t.status, t.nextAttemptAt),
  ],
);

/** Local copy of who can receive mail, kept from customer and seller events; `version` orders profile updates. */
export const recipients = sqliteTable("recipients", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull(),
  version: integer("version").notNull(),
});

/** orderId → customerId, from the order events, for shipment and payment notifications that lack the customer. */
export const orderCustomers = sqliteTable("order_customers", {
  orderId: text("order_id").primaryKey(),
  customerId: text("customer_id").notNull(),
});

/** productId → sellerId (null: an admin's product), from ProductCreated, for LOW_STOCK. */
export const productSellers = sqliteTable("product_sellers", {
  productId: text("product_id").primaryKey(),
  sellerId: text("seller_id"),
  name: text("name").notNull(),
});
