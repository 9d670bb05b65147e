import { sqliteTable, text, integer } from "drizzle-orm/sqlite-core";
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
