import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

/**
 * One payment per order: the UNIQUE(order_id) row is claimed before the gateway is called, so redelivered or racing
 * OrderSubmitted events can never start a second authorization. The card token is not stored (only the method type).
 */
export const payments = sqliteTable(
  "payments",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id").notNull().unique(),
    customerId: text("customer_id").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    methodType: text("method_type").notNull(),
    status: text("status", { enum: ["PENDING", "AUTHORIZED", "CAPTURED", "VOIDED", "REFUNDED", "FAILED"] }).notNull(),
    failureReason: text("failure_reason"),
    /** The gateway's reference (PaymentIntent id); null while the authorization call has not answered yet. */
    gatewayRef: text("gateway_ref"),
    /** Random per decision: the event guard checks it, so only the writer that moved the row publishes. */
    decisionNonce: text("decision_nonce"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("payments_customer").on(t.customerId)],
);

/** Orders cancelled as seen by payment: a later (or late) OrderSubmitted must not authorize them. */
export const cancelledOrders = sqliteTable("cancelled_orders", {
  orderId: text("order_id").primaryKey(),
  cancelledAt: integer("cancelled_at").notNull(),
});
