import { z } from "@hono/zod-openapi";
import { newRouter, respond, route, PaginationQuery } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { ApiError } from "../kernel/errors";
import { requestCause, runtimeOf } from "../kernel/cause";
import { decodeCursor, encodeCursor } from "../kernel/cursor";
import { productRow } from "../product/service";
import { ProductIdSchema, RejectReviewBody, ReviewIdSchema, ReviewSchema, ReviewStatus, SubmitReviewBody } from "./domain";
import { listApprovedForProduct, listByStatus, moderateReview, submitReview } from "./service";

const ReviewParams = z.object({ id: ReviewIdSchema.openapi({ param: { name: "id", in: "path" } }) });
const ProductParams = z.object({ id: ProductIdSchema.openapi({ param: { name: "id", in: "path" } }) });
const REVIEW_CURSOR = /^rev_[0-9A-Z]{26}$/;

export const reviewRoutes = newRouter();

reviewRoutes.openapi(
  route({
    method: "post", path: "/reviews", tags: ["Reviews"], summary: "Review a product you received (one review per product)",
    roles: ["CUSTOMER"], request: { body: { content: { "application/json": { schema: SubmitReviewBody } }, required: true } },
    success: { status: 201, schema: ReviewSchema, description: "The review, PENDING until a moderator decides" }, errors: [409],
    rules: [
      { status: 403, code: "REVIEW_NOT_PURCHASED", when: "the customer has no DELIVERED order containing the product" },
      { status: 409, code: "REVIEW_ALREADY_SUBMITTED", when: "one review per customer and product" },
    ],
  }),
  async (c) => {
    const result = await submitReview(runtimeOf(c), principalOf(c), c.req.valid("json"), requestCause(c));
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 201);
  },
);

reviewRoutes.openapi(
  route({
    method: "get", path: "/reviews", tags: ["Reviews"], summary: "Moderation queue: reviews by status (PENDING by default), oldest first",
    roles: ["ADMIN"], request: { query: PaginationQuery.extend({ status: ReviewStatus.default("PENDING") }) },
    success: { status: 200, schema: z.array(ReviewSchema), description: "A page of reviews" },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const page = await listByStatus(c.env, { status: q.status, limit: q.limit, after: decodeCursor(q.cursor, REVIEW_CURSOR) });
    return respond(c, page.items, 200, { nextCursor: encodeCursor(page.nextCursor) });
  },
);

reviewRoutes.openapi(
  route({
    method: "post", path: "/reviews/{id}/approve", tags: ["Reviews"], summary: "Approve a PENDING review (publishes its rating)",
    roles: ["ADMIN"], request: { params: ReviewParams },
    success: { status: 200, schema: ReviewSchema, description: "The APPROVED review" }, errors: [404, 409],
    rules: [
      { status: 409, code: "REVIEW_INVALID_STATE", when: "the review is not PENDING" },
    ],
  }),
  async (c) => {
    const result = await moderateReview(runtimeOf(c), c.req.valid("param").id, { action: "APPROVE" }, requestCause(c));
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 200);
  },
);

reviewRoutes.openapi(
  route({
    method: "post", path: "/reviews/{id}/reject", tags: ["Reviews"], summary: "Reject a PENDING review with a reason",
    roles: ["ADMIN"], request: { params: ReviewParams, body: { content: { "application/json": { schema: RejectReviewBody } }, required: true } },
    success: { status: 200, schema: ReviewSchema, description: "The REJECTED review" }, errors: [404, 409],
    rules: [
      { status: 409, code: "REVIEW_INVALID_STATE", when: "the review is not PENDING" },
    ],
  }),
  async (c) => {
    const result = await moderateReview(runtimeOf(c), c.req.valid("param").id, { action: "REJECT", reason: c.req.valid("json").reason }, requestCause(c));
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 200);
  },
);

reviewRoutes.openapi(
  route({
    method: "get", path: "/products/{id}/reviews", tags: ["Reviews"], summary: "A product's approved reviews, newest first",
    request: { params: ProductParams, query: PaginationQuery },
    success: { status: 200, schema: z.array(ReviewSchema), description: "A page of APPROVED reviews" }, errors: [404],
  }),
  async (c) => {
    const id = c.req.valid("param").id;
    const q = c.req.valid("query");
    // A synchronous call into the product context's service: an unknown product is a 404, not an empty list. Both
    // reads are asked at once (one round trip, not two); the reviews of an unknown product are simply dropped.
    const after = decodeCursor(q.cursor, REVIEW_CURSOR);
    const [product, page] = await Promise.all([productRow(c.env, id), listApprovedForProduct(c.env, id, { limit: q.limit, after })]);
    if (!product) throw new ApiError("PRODUCT_NOT_FOUND", "product not found");
    return respond(c, page.items, 200, { nextCursor: encodeCursor(page.nextCursor) });
  },
);
