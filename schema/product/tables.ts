import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    sku: text("sku").notNull().unique(),
    name: text("name").notNull(),
    description: text("description").notNull(),
    priceAmount: integer("price_amount").notNull(),
    currency: text("currency").notNull(),
    category: text("category"),
    sellerId: text("seller_id"),
    status: text("status", { enum: ["ACTIVE", "DISCONTINUED"] }).notNull(),
    availability: text("availability", { enum: ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"] }).notNull(),
    /** Version of the inventory event that last set availability; older events are ignored (unordered delivery). */
    availabilityVersion: integer("availability_version").notNull().default(-1),
    ratingSum: integer("rating_sum").notNull().default(0),
    reviewCount: integer("review_count").notNull().default(0),
    version: integer("version").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("products_category").on(t.category, t.id), index("products_status").on(t.status, t.id)],
);

/**
 * One row per review whose rating is in products.rating_sum. The inbox dedupes an eventId; this dedupes the review,
 * so a ReviewApproved re-published under a new eventId (a replayed dead letter, a re-sent outbox row) counts once.
 */
export const appliedRatings = sqliteTable("applied_ratings", {
  reviewId: text("review_id").primaryKey(),
  productId: text("product_id").notNull(),
  rating: integer("rating").notNull(),
  appliedAt: integer("applied_at").notNull(),
});

/** Product cache hits and misses per minute (productCacheStats reads them for /admin/metrics). */
export const cacheStats = sqliteTable("cache_stats", {
  minute: integer("minute").primaryKey(),
  hits: integer("hits").notNull().default(0),
  misses: integer("misses").notNull().default(0),
});
