import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import { reviews } from "../../schema/review/tables";
import { commitWithEvents, db, type Runtime } from "../events/outbox-d1";
import { makeEvent, type Causation } from "../events/envelope";
import { newId } from "../kernel/ids";
import { ok, reject, type Result } from "../kernel/result";
import { isUniqueViolation } from "../kernel/unique-violation";
import type { Principal } from "../kernel/auth";
import { hasPurchased } from "./purchases";
import { moderate, type Moderation, type Review, type ReviewStatus, type SubmitReviewInput } from "./domain";

type Row = typeof reviews.$inferSelect;

export function toReview(r: Row): Review {
  return {
    id: r.id, productId: r.productId, customerId: r.customerId, rating: r.rating, title: r.title, comment: r.comment,
    status: r.status, rejectionReason: r.rejectionReason,
    createdAt: new Date(r.createdAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

export async function submitReview(rt: Runtime, customer: Principal, input: SubmitReviewInput, cause: Causation): Promise<Result<Review>> {
  if (!(await hasPurchased(rt.env, customer.id, input.productId))) {
    return reject("REVIEW_NOT_PURCHASED", "only a customer with a delivered order containing this product can review it", "productId");
  }
  const now = Date.now();
  const id = newId("rev", now);
  const event = makeEvent("ReviewSubmitted", id, 1, { reviewId: id, productId: input.productId, customerId: customer.id, rating: input.rating }, cause, { now });
  const row: Row = {
    id, productId: input.productId, customerId: customer.id, rating: input.rating, title: input.title ?? null, comment: input.comment,
    status: "PENDING", rejectionReason: null, lastEventId: event.eventId, version: 1, createdAt: now, updatedAt: now,
  };
  try {
    // The unique (customer, product) index decides concurrent submits: the loser's whole batch, event included, rolls back.
    await commitWithEvents(rt, "review", [db(rt.env.DB_REVIEW).insert(reviews).values(row)], [event]);
  } catch (err) {
    if (isUniqueViolation(err, "reviews.customer_id")) return reject("REVIEW_ALREADY_SUBMITTED", "you have already reviewed this product", "productId");
    throw err;
  }
  return ok(toReview(row));
}

async function reviewRow(env: Env, id: string): Promise<Row | null> {
  const [row] = await db(env.DB_REVIEW).select().from(reviews).where(eq(reviews.id, id)).limit(1);
  return row ?? null;
}

/**
 * Approve or reject. The update applies only to the PENDING version read and stamps the row with its event's id;
 * the event is written only if that stamp is on the row after the update, so of two racing moderators exactly one
 * transition and one event survive, and the other is told the review is no longer PENDING.
 */
export async function moderateReview(rt: Runtime, id: string, m: Moderation, cause: Causation): Promise<Result<Review>> {
  const before = await reviewRow(rt.env, id);
  if (!before) return reject("REVIEW_NOT_FOUND", "review not found");
  const decided = moderate(before.status, m);
  if (!decided.ok) return decided;
  const now = Date.now();
  const version = before.version + 1;
  const base = { reviewId: id, productId: before.productId, customerId: before.customerId };
  const event = m.action === "APPROVE"
    ? makeEvent("ReviewApproved", id, version, { ...base, rating: before.rating }, cause, { now })
    : makeEvent("ReviewRejected", id, version, { ...base, reason: m.reason }, cause, { now });
  const d = db(rt.env.DB_REVIEW);
  const update = d.update(reviews)
    .set({ status: decided.value.status, rejectionReason: decided.value.rejectionReason, lastEventId: event.eventId, version, updatedAt: now })
    .where(and(eq(reviews.id, id), eq(reviews.status, "PENDING"), eq(reviews.version, before.version)));
  const won = sql`EXISTS (SELECT 1 FROM reviews WHERE id = ${id} AND last_event_id = ${event.eventId})`;
  await commitWithEvents(rt, "review", [update], [event], won);
  const after = await reviewRow(rt.env, id);
  if (!after || after.lastEventId !== event.eventId) {
    return reject("REVIEW_INVALID_STATE", `the review is already ${after?.status ?? "gone"}; only PENDING reviews can be moderated`);
  }
  return ok(toReview(after));
}

export interface Page {
  items: Review[];
  nextCursor: string | null;
}

/** The moderation queue: oldest first, so reviews are moderated in the order they came in. */
export async function listByStatus(env: Env, q: { status: ReviewStatus; limit: number; after?: string }): Promise<Page> {
  const conditions = [eq(reviews.status, q.status)];
  if (q.after) conditions.push(gt(reviews.id, q.after));
  const rows = await db(env.DB_REVIEW).select().from(reviews).where(and(...conditions)).orderBy(asc(reviews.id)).limit(q.limit + 1);
  return page(rows, q.limit);
}

/** A product's public reviews: APPROVED only, newest first. */
export async function listApprovedForProduct(env: Env, productId: string, q: { limit: number; after?: string }): Promise<Page> {
  const conditions = [eq(reviews.productId, productId), eq(reviews.status, "APPROVED")];
  if (q.after) conditions.push(lt(reviews.id, q.after));
  const rows = await db(env.DB_REVIEW).select().from(reviews).where(and(...conditions)).orderBy(desc(reviews.id)).limit(q.limit + 1);
  return page(rows, q.limit);
}

function page(rows: Row[], limit: number): Page {
  const items = rows.slice(0, limit);
  return { items: items.map(toReview), nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
