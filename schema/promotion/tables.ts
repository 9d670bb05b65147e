import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

/**
 * Promotions and personal coupons. `code` is stored upper-cased, so the UNIQUE index makes codes unique
 * case-insensitively. `used` counts live redemptions; the redeem batch raises it only under `usage_limit`.
 */
export const promotions = sqliteTable(
  "promotions",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull().unique(),
    type: text("type", { enum: ["PERCENTAGE", "FIXED_AMOUNT"] }).notNull(),
    /** Percent (1–100) for PERCENTAGE, minor units for FIXED_AMOUNT. */
    value: integer("value").notNull(),
    currency: text("currency").notNull(),
    minimumPurchase: integer("minimum_purchase"),
    usageLimit: integer("usage_limit"),
    perCustomerLimit: integer("per_customer_limit"),
    used: integer("used").notNull().default(0),
    /** Set for a personal coupon (the welcome coupon): only this customer may use it. */
    customerId: text("customer_id"),
    status: text("status", { enum: ["ACTIVE", "DISABLED"] }).notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("promotions_customer").on(t.customerId)],
);

/**
 * One row per (promotion, order): the UNIQUE index makes a redemption happen once per order whatever the retries.
 * RESTORED rows (cancelled orders) no longer count towards the limits.
 */
export const redemptions = sqliteTable(
  "redemptions",
  {
    id: text("id").primaryKey(),
    promotionId: text("promotion_id").notNull(),
    orderId: text("order_id").notNull(),
    customerId: text("customer_id").notNull(),
    discount: integer("discount").notNull(),
    status: text("status", { enum: ["REDEEMED", "RESTORED"] }).notNull(),
    /** Written by the statement that restored the row, so the same batch can give back exactly that one use. */
    restoreToken: text("restore_token"),
    createdAt: integer("created_at").notNull(),
    restoredAt: integer("restored_at"),
  },
  (t) => [
    uniqueIndex("redemptions_promotion_order").on(t.promotionId, t.orderId),
    index("redemptions_order").on(t.orderId),
    index("redemptions_customer").on(t.promotionId, t.customerId, t.status),
  ],
);
