import type { ContextHandlers } from "../events/consumer";
import { applyRatingOnReviewApproved } from "./apply-rating-on-review-approved";
import { setAvailabilityOnInventoryReplenished, setAvailabilityOnLowStockAlert } from "./set-availability-on-stock-level";
import { evictProduct } from "./cache";

export const productHandlers: ContextHandlers = {
  LowStockAlert: setAvailabilityOnLowStockAlert,
  InventoryReplenished: setAvailabilityOnInventoryReplenished,
  ReviewApproved: applyRatingOnReviewApproved,
  // evict-cache-on-product-updated: the PATCH evicts right after its commit; this is the at-least-once backstop
  // for a writer that died in between. Eviction is idempotent, so no inbox row is needed.
  ProductUpdated: async (event, rt) => {
    await evictProduct(rt.env.PRODUCT_CACHE, event.data.productId);
    return "handled";
  },
};
