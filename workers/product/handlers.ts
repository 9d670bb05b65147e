import { and, eq, lt } from "drizzle-orm";
import { products } from "../../schema/product/tables";
import type { Runtime } from "../events/outbox-d1";
import type { ContextHandlers } from "../events/consumer";
import { applyOnce } from "../events/inbox";

// Availability follows the item's stock-level events. aggregateVersion orders them: an older event that arrives
// late never overwrites a newer level (delivery is unordered).
export const productHandlers: ContextHandlers = {
  LowStockAlert: (event, rt: Runtime) =>
    applyOnce(rt.env.DB_PRODUCT, event, (d) => [
      d.update(products)
        .set({ availability: event.data.available === 0 ? "OUT_OF_STOCK" : "LOW_STOCK", availabilityVersion: event.aggregateVersion })
        .where(and(eq(products.id, event.data.productId), lt(products.availabilityVersion, event.aggregateVersion))),
    ]),
  InventoryReplenished: (event, rt) =>
    applyOnce(rt.env.DB_PRODUCT, event, (d) => [
      d.update(products)
        .set({ availability: "IN_STOCK", availabilityVersion: event.aggregateVersion })
        .where(and(eq(products.id, event.data.productId), lt(products.availabilityVersion, event.aggregateVersion))),
    ]),
};
