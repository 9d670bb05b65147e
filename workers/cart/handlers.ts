import type { ContextHandlers } from "../events/consumer";
import { applyOnce } from "../events/inbox";
import { sql } from "drizzle-orm";
import { catalogPrices } from "../../schema/cart/tables";
import { upsertPrice } from "./service";

// keep-prices-current-on-product-*: the cart shows current prices; versions keep late events from going back.
export const cartHandlers: ContextHandlers = {
  ProductCreated: (e, rt) =>
    applyOnce(rt.env.DB_CART, e, (d) => [upsertPrice(d, { productId: e.data.productId, name: e.data.name, priceAmount: e.data.price.amount, status: "ACTIVE", version: e.aggregateVersion })]),
  ProductUpdated: (e, rt) =>
    applyOnce(rt.env.DB_CART, e, (d) => [upsertPrice(d, { productId: e.data.productId, name: e.data.name, priceAmount: e.data.price.amount, status: e.data.status, version: e.aggregateVersion })]),
  // Shares its version with the ProductUpdated it accompanies, so it may apply at an equal version.
  ProductPriceChanged: (e, rt) =>
    applyOnce(rt.env.DB_CART, e, (d) => [
      d.update(catalogPrices).set({ priceAmount: e.data.newPrice.amount })
        .where(sql`${catalogPrices.productId} = ${e.data.productId} AND ${catalogPrices.version} <= ${e.aggregateVersion}`),
    ]),
};
