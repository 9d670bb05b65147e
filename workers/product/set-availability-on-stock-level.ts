import { and, eq, lt, sql } from "drizzle-orm";
import { products, productVariants } from "../../schema/product/tables";
import { applyOnce } from "../events/inbox";
import { db, type Runtime } from "../events/outbox-d1";
import type { Envelope } from "../events/envelope";
import type { HandlerResult } from "../events/consumer";
import type { Availability } from "./domain";
import { evictProduct } from "./cache";

// Best of the variants in SQL, inside the same transaction as the variant's own change: two variants' events
// applied concurrently each recompute from committed rows, so the product never keeps a stale best.
const BEST_OF_VARIANTS = (productId: string) => sql`(SELECT CASE MIN(CASE availability WHEN 'IN_STOCK' THEN 0 WHEN 'LOW_STOCK' THEN 1 ELSE 2 END)
  WHEN 0 THEN 'IN_STOCK' WHEN 1 THEN 'LOW_STOCK' ELSE 'OUT_OF_STOCK' END FROM product_variants WHERE product_id = ${productId})`;

// Availability follows the item's stock-level events. aggregateVersion orders them: an older event that arrives
// late never overwrites a newer level (delivery is unordered). An item is a simple product or one variant; a
// variant's change moves its product to the best of its variants'.
async function setAvailability(event: Envelope<"LowStockAlert" | "InventoryReplenished">, availability: Availability, rt: Runtime): Promise<HandlerResult> {
  const itemId = event.data.productId;
  const [variant] = await db(rt.env.DB_PRODUCT).select({ productId: productVariants.productId }).from(productVariants).where(eq(productVariants.id, itemId)).limit(1);
  const productId = variant?.productId ?? itemId;
  const result = await applyOnce(rt.env.DB_PRODUCT, event, (d) => variant
    ? [
      d.update(productVariants)
        .set({ availability, availabilityVersion: event.aggregateVersion })
        .where(and(eq(productVariants.id, itemId), lt(productVariants.availabilityVersion, event.aggregateVersion))),
      d.update(products)
        .set({ availability: sql`${BEST_OF_VARIANTS(productId)}`, variantsVersion: sql`${products.variantsVersion} + 1` })
        .where(eq(products.id, productId)),
    ]
    : [
      d.update(products)
        .set({ availability, availabilityVersion: event.aggregateVersion })
        .where(and(eq(products.id, productId), lt(products.availabilityVersion, event.aggregateVersion))),
    ]);
  // After the commit, and also for a duplicate: a first delivery may have committed and died before evicting.
  await evictProduct(rt.env.PRODUCT_CACHE, productId);
  return result;
}

/** set-availability-on-low-stock-alert: LOW_STOCK, or OUT_OF_STOCK when nothing is left. */
export const setAvailabilityOnLowStockAlert = (event: Envelope<"LowStockAlert">, rt: Runtime) =>
  setAvailability(event, event.data.available === 0 ? "OUT_OF_STOCK" : "LOW_STOCK", rt);

/** set-availability-on-inventory-replenished */
export const setAvailabilityOnInventoryReplenished = (event: Envelope<"InventoryReplenished">, rt: Runtime) =>
  setAvailability(event, "IN_STOCK", rt);
