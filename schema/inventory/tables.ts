import { sqliteTable, text, integer, index, primaryKey } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

/**
 * The outcome of reserving one order's items across inventory item objects, decided once. A redelivered
 * OrderSubmitted finds it here and changes nothing; InventoryReserved / InventoryReservationFailed go out with it.
 */
export const orderReservations = sqliteTable("order_reservations", {
  orderId: text("order_id").primaryKey(),
  outcome: text("outcome", { enum: ["RESERVED", "FAILED", "CANCELLED"] }).notNull(),
  items: text("items").notNull(),
  reservedUntil: integer("reserved_until"),
  decidedAt: integer("decided_at").notNull(),
});

/** Every inventory item, so the stock audit can page through all of them without asking another context. */
export const inventoryItems = sqliteTable("inventory_items", {
  productId: text("product_id").primaryKey(),
  sellerId: text("seller_id"),
  createdAt: integer("created_at").notNull(),
});

/**
 * The inventory context's record of each order decision per product, written in the same batch as the decision's
 * inbox row (no extra round trip): RESERVED or FAILED when the reservation is decided, CONFIRMED when the order's
 * stock is fulfilled, CANCELLED when it is released. The stock audit cross-checks the item objects against it.
 */
export const orderLines = sqliteTable(
  "order_lines",
  {
    orderId: text("order_id").notNull(),
    productId: text("product_id").notNull(),
    quantity: integer("quantity").notNull(),
    decision: text("decision", { enum: ["RESERVED", "FAILED", "CONFIRMED", "CANCELLED"] }).notNull(),
    decidedAt: integer("decided_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.productId] }), index("order_lines_product").on(t.productId, t.decision)],
);
