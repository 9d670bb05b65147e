import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

/**
 * The order read model behind GET /customers/{id}/orders: one row per order, pushed by each Order object after its
 * state changes, and only ever moved forward (a higher version replaces a lower one).
 */
export const orderSummaries = sqliteTable(
  "order_summaries",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id").notNull(),
    status: text("status").notNull(),
    totalAmount: integer("total_amount").notNull(),
    currency: text("currency").notNull(),
    itemCount: integer("item_count").notNull(),
    version: integer("version").notNull(),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("order_summaries_customer").on(t.customerId, t.id)],
);

/** The order context's copy of customer names and emails, kept current by CustomerProfileUpdated (versioned). */
export const customerProfiles = sqliteTable("customer_profiles", {
  customerId: text("customer_id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull(),
  version: integer("version").notNull(),
});

/**
 * The returns read model behind GET /admin/returns (and the return id → order id lookup of the admin return routes):
 * one row per return, pushed by its order's object with the order summary, only ever moved forward by version.
 * The order object holds the returns themselves (durable-objects/order/returns.ts).
 */
export const orderReturns = sqliteTable(
  "order_returns",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id").notNull(),
    customerId: text("customer_id").notNull(),
    status: text("status").notNull(),
    version: integer("version").notNull(),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("order_returns_status").on(t.status, t.id)],
);
