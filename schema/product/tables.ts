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
    /** Bumped by every change to one of its variants (availability, price, sku): part of the entity tag. */
    variantsVersion: integer("variants_version").notNull().default(0),
    /** JSON [{name, values}] for a product with variants (rows in product_variants); null for a simple product. */
    options: text("options"),
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

/**
 * The variants of a product created with options. A product without options has none here: its one variant is the
 * product itself (same id, sku and price), so existing products need no rows.
 */
export const productVariants = sqliteTable(
  "product_variants",
  {
    id: text("id").primaryKey(),
    productId: text("product_id").notNull(),
    /** Order of the variant in the create request, kept for display. */
    position: integer("position").notNull(),
    sku: text("sku").notNull().unique(),
    /** JSON object {optionName: value}. */
    options: text("options").notNull(),
    priceAmount: integer("price_amount").notNull(),
    availability: text("availability", { enum: ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"] }).notNull(),
    availabilityVersion: integer("availability_version").notNull().default(-1),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("product_variants_product").on(t.productId, t.position)],
);

/**
 * Every SKU in use, product or variant: one primary key makes SKUs unique across both tables in the same batch that
 * inserts them (two UNIQUE columns in two tables could not). Backfilled from products by its migration.
 */
export const skuClaims = sqliteTable("sku_claims", {
  sku: text("sku").primaryKey(),
  productId: text("product_id").notNull(),
});
