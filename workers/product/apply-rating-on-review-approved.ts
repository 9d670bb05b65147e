import { and, eq, notExists, sql } from "drizzle-orm";
import { appliedRatings, products } from "../../schema/product/tables";
import { applyOnce } from "../events/inbox";
import type { Envelope } from "../events/envelope";
import type { HandlerResult } from "../events/consumer";
import type { Runtime } from "../events/outbox-d1";
import { evictProduct } from "./cache";

/**
 * apply-rating-on-review-approved: rating_sum += rating, review_count += 1, exactly once per review.
 * The inbox row dedupes the eventId; the applied_ratings row dedupes the review itself. In one D1 transaction the
 * increment runs only while the review is not yet applied, then records it, so a redelivery, a replay under a new
 * eventId, or two deliveries racing each other add the rating once. Increments commute, so the order in which
 * different reviews' approvals arrive does not matter; the average is computed from the exact sum and count.
 */
export async function applyRatingOnReviewApproved(event: Envelope<"ReviewApproved">, rt: Runtime): Promise<HandlerResult> {
  const { reviewId, productId, rating } = event.data;
  const result = await applyOnce(rt.env.DB_PRODUCT, event, (d) => [
    d.update(products)
      .set({ ratingSum: sql`${products.ratingSum} + ${rating}`, reviewCount: sql`${products.reviewCount} + 1` })
      .where(and(eq(products.id, productId), notExists(d.select().from(appliedRatings).where(eq(appliedRatings.reviewId, reviewId))))),
    d.insert(appliedRatings).values({ reviewId, productId, rating, appliedAt: Date.now() }).onConflictDoNothing(),
  ]);
  // Evict even for a duplicate: the first delivery may have committed and then died before it evicted.
  await evictProduct(rt.env.PRODUCT_CACHE, productId);
  return result;
}
