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

/**
 * Shipping options an admin offers (contract §6): a flat fee per order for a set of countries, free once the
 * goods (`subtotal − discount`) reach `free_over`. `countries` is a JSON array of ISO 3166-1 alpha-2 codes.
 */
export const shippingOptions = sqliteTable("shipping_options", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  countries: text("countries").notNull(),
  amount: integer("amount").notNull(),
  currency: text("currency").notNull(),
  freeOver: integer("free_over"),
  createdAt: integer("created_at").notNull(),
});

/** One tax rate per shipping country, in basis points (0–5000), inclusive or exclusive. No row: tax 0. */
export const taxRates = sqliteTable("tax_rates", {
  country: text("country").primaryKey(),
  rateBasisPoints: integer("rate_basis_points").notNull(),
  inclusive: integer("inclusive", { mode: "boolean" }).notNull(),
  updatedAt: integer("updated_at").notNull(),
});
