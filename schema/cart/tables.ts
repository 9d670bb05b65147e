import { sqliteTable, text, integer, primaryKey } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

/** One active cart per customer. `pendingOrderId` makes checkout retry-safe: claimed first, cleared last. */
export const carts = sqliteTable("carts", {
  id: text("id").primaryKey(),
  customerId: text("customer_id").notNull().unique(),
  promotionCode: text("promotion_code"),
  pendingOrderId: text("pending_order_id"),
  updatedAt: integer("updated_at").notNull(),
});

export const cartItems = sqliteTable(
  "cart_items",
  {
    cartId: text("cart_id").notNull(),
    productId: text("product_id").notNull(),
    quantity: integer("quantity").notNull(),
    addedAt: integer("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.productId] })],
);

/** The cart's copy of catalogue names and prices, kept current by ProductCreated/Updated/PriceChanged. */
export const catalogPrices = sqliteTable("catalog_prices", {
  productId: text("product_id").primaryKey(),
  name: text("name").notNull(),
  priceAmount: integer("price_amount").notNull(),
  status: text("status", { enum: ["ACTIVE", "DISCONTINUED"] }).notNull(),
  version: integer("version").notNull(),
});
