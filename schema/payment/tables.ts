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
    status: text("status", { enum: ["PENDING", "AUTHORIZED", "CAPTURED", "PARTIALLY_REFUNDED", "VOIDED", "REFUNDED", "FAILED"] }).notNull(),
    failureReason: text("failure_reason"),
    /** The gateway's reference (PaymentIntent id); null while the authorization call has not answered yet. */
    gatewayRef: text("gateway_ref"),
    /** Random per decision: the event guard checks it, so only the writer that moved the row publishes. */
    decisionNonce: text("decision_nonce"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** When the capture succeeded: refunds are allowed for 30 days from it. Null before (and on rows captured before the column existed: created_at stands in). */
    capturedAt: integer("captured_at"),
  },
  (t) => [index("payments_customer").on(t.customerId)],
);

/** Orders cancelled as seen by payment: a later (or late) OrderSubmitted must not authorize them. */
export const cancelledOrders = sqliteTable("cancelled_orders", {
  orderId: text("order_id").primaryKey(),
  cancelledAt: integer("cancelled_at").notNull(),
});

/**
 * Refunds of a captured payment (contract §6). A row is claimed PENDING by one conditional INSERT that checks the
 * payment's state, its 30-day window and that every refund not FAILED stays within the captured amount, so
 * concurrent requests cannot refund more than was captured. The row id is the gateway's idempotency key.
 */
export const refunds = sqliteTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    paymentId: text("payment_id").notNull(),
    orderId: text("order_id").notNull(),
    customerId: text("customer_id").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: ["PENDING", "SUCCEEDED", "FAILED"] }).notNull(),
    failureReason: text("failure_reason"),
    /** Gateway calls made for this refund (all with the same idempotency key). */
    attempts: integer("attempts").notNull().default(0),
    /** The request that asked for the refund: events of a later retry carry it too. */
    correlationId: text("correlation_id").notNull(),
    /** Random per settlement: the event guard checks it, so only the writer that settled the refund publishes. */
    settledBy: text("settled_by"),
    /** The return this refund pays back (its id is derived from the return's); such a refund is owed, so one the
     * gateway refused is retried rather than left FAILED. Null for an admin's refund. */
    returnId: text("return_id"),
    /** When the refund last became PENDING (claimed, or a refused return refund reopened): the gateway's memory of
     * the idempotency key is counted from the call made then. Null on rows from before the column: created_at. */
    pendingSince: integer("pending_since"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("refunds_payment").on(t.paymentId, t.createdAt), index("refunds_pending").on(t.status, t.updatedAt)],
);
