import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

export const reviews = sqliteTable(
  "reviews",
  {
    id: text("id").primaryKey(),
    productId: text("product_id").notNull(),
    customerId: text("customer_id").notNull(),
    rating: integer("rating").notNull(),
    title: text("title"),
    comment: text("comment").notNull(),
    status: text("status", { enum: ["PENDING", "APPROVED", "REJECTED"] }).notNull(),
    rejectionReason: text("rejection_reason"),
    /** Id of the event the last transition emitted: the guard that tells a concurrent moderator who won. */
    lastEventId: text("last_event_id").notNull(),
    version: integer("version").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    // One review per customer and product, exact under concurrent submits: the database refuses the second row.
    uniqueIndex("reviews_customer_product").on(t.customerId, t.productId),
    index("reviews_status").on(t.status, t.id),
    index("reviews_product_status").on(t.productId, t.status, t.id),
  ],
);

/**
 * The purchase record is two facts from two events that arrive in any order: who placed an order (OrderSubmitted)
 * and what an order delivered (ShipmentDelivered). A purchase exists when both are in (a join, see purchases.ts).
 */
export const orderCustomers = sqliteTable("order_customers", {
  orderId: text("order_id").primaryKey(),
  customerId: text("customer_id").notNull(),
  recordedAt: integer("recorded_at").notNull(),
});

export const deliveredItems = sqliteTable(
  "delivered_items",
  {
    orderId: text("order_id").notNull(),
    productId: text("product_id").notNull(),
    shipmentId: text("shipment_id").notNull(),
    deliveredAt: integer("delivered_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.productId] }), index("delivered_items_product").on(t.productId, t.orderId)],
);
