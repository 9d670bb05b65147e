import { z } from "@hono/zod-openapi";
import { text } from "../kernel/schema";
import { ok, reject, type Result } from "../kernel/result";

// The review aggregate's rules (domain.md, Review) as schemas and pure functions: no env, no clock, no I/O.
export const ReviewStatus = z.enum(["PENDING", "APPROVED", "REJECTED"]);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

export const ProductIdSchema = z.string().regex(/^prd_[0-9A-Z]{26}$/, "a product id (prd_…)");
export const ReviewIdSchema = z.string().regex(/^rev_[0-9A-Z]{26}$/, "a review id (rev_…)");

export const SubmitReviewBody = z
  .object({
    productId: ProductIdSchema,
    rating: z.number().int().min(1).max(5),
    title: text(1, 200).optional(),
    comment: text(1, 2000),
  })
  .strict()
  .openapi("SubmitReview");
export type SubmitReviewInput = z.infer<typeof SubmitReviewBody>;

export const RejectReviewBody = z.object({ reason: text(1, 500) }).strict().openapi("RejectReview");

export const ReviewSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    customerId: z.string(),
    rating: z.number().int(),
    title: z.string().nullable(),
    comment: z.string(),
    status: ReviewStatus,
    rejectionReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Review");
export type Review = z.infer<typeof ReviewSchema>;

export type Moderation = { action: "APPROVE" } | { action: "REJECT"; reason: string };

/** PENDING → APPROVED | REJECTED, once. A decided review is final: moderating it again is a conflict, not a no-op. */
export function moderate(status: ReviewStatus, m: Moderation): Result<{ status: ReviewStatus; rejectionReason: string | null }> {
  if (status !== "PENDING") return reject("REVIEW_INVALID_STATE", `the review is already ${status}; only PENDING reviews can be moderated`);
  return m.action === "APPROVE" ? ok({ status: "APPROVED", rejectionReason: null }) : ok({ status: "REJECTED", rejectionReason: m.reason });
}
