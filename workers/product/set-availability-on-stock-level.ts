import { and, eq, lt } from "drizzle-orm";
import { products } from "../../schema/product/tables";
import { applyOnce } from "../events/inbox";
import type { Envelope } from "../events/envelope";
import type { HandlerResult } from "../events/consumer";
import type { Runtime } from "../events/outbox-d1";
import type { Availability } from "./domain";
import { evictProduct } from "./cache";

// Availability follows the item's stock-level events. aggregateVersion orders them: an older event that arrives
// late never overwrites a newer level (delivery is unordered).
async function setAvailability(event: Envelope<"LowStockAlert" | "InventoryReplenished">, availability: Availability, rt: Runtime): Promise<HandlerResult> {
  const productId = event.data.productId;
  const result = await applyOnce(rt.env.DB_PRODUCT, event, (d) => [
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
