import { sqliteTable, text, integer } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

/** One shipment per order (UNIQUE order_id); tracking numbers are unique across shipments. */
export const shipments = sqliteTable("shipments", {
  id: text("id").primaryKey(),
  orderId: text("order_id").notNull().unique(),
  customerId: text("customer_id").notNull(),
  carrier: text("carrier").notNull(),
  trackingNumber: text("tracking_number").notNull().unique(),
  status: text("status", { enum: ["PENDING", "IN_TRANSIT", "DELIVERED", "DELIVERY_FAILED"] }).notNull(),
  /** How many times the parcel went out for delivery (at most 3). */
  deliveryAttempts: integer("delivery_attempts").notNull().default(0),
  /** JSON [{productId, quantity}] from OrderConfirmed, repeated in ShipmentDelivered for the review context. */
  items: text("items").notNull(),
  /** JSON [{status, at}] */
  history: text("history").notNull(),
  /** The OrderConfirmed event that created the row: only that delivery publishes ShipmentCreated. */
  createdByEvent: text("created_by_event").notNull(),
  version: integer("version").notNull(),
  /** Random per write: the event guard checks it, so only the request whose update applied publishes. */
  lastChangeId: text("last_change_id"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});
