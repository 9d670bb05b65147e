import { describe, expect, it } from "vitest";
import { adminToken, api, v1 } from "../support/api";
import { createProduct } from "../support/mothers";
import { eventually, settle } from "../support/settle";
import { aCustomer, deliveredOrder } from "../support/reviews";
import { newId } from "../../workers/kernel/ids";

async function pendingReview(product?: { id: string }, rating = 5) {
  const p = product ?? (await createProduct());
  const customer = await aCustomer();
  await deliveredOrder(customer.id, [p.id]);
  const res = await api("POST", v1("/reviews"), { token: customer.token, body: { productId: p.id, rating, comment: `rated ${rating}` } });
  expect(res.status).toBe(201);
  return { product: p, customer, id: res.data.id as string };
}

const admin = async () => (await adminToken()).token;
const approve = async (id: string, token?: string) => api("POST", v1(`/reviews/${id}/approve`), { token: token ?? (await admin()) });
const rejectReview = async (id: string, body: unknown, token?: string) => api("POST", v1(`/reviews/${id}/reject`), { token: token ?? (await admin()), body });
const statusOf = async (id: string) => {
  for (const s of ["PENDING", "APPROVED", "REJECTED"]) {
    const res = await api("GET", v1(`/reviews?status=${s}&limit=100`), { token: await admin() });
    if ((res.data as { id: string }[]).some((r) => r.id === id)) return s;
  }
  return null;
};
const publicReviews = async (productId: string, query = "") => api("GET", v1(`/products/${productId}/reviews${query}`));
const eventsOf = async (id: string, type: string) =>
  (await api("GET", v1(`/admin/events?aggregateId=${id}&type=${type}`), { token: await admin() })).data as { data: Record<string, unknown> }[];

describe("moderating reviews", () => {
  it("an admin approves a PENDING review: APPROVED, ReviewApproved published, and it becomes public", async () => {
    const { product, customer, id } = await pendingReview(undefined, 4);
    expect((await publicReviews(product.id)).data).toEqual([]);
    const res = await approve(id);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ id, status: "APPROVED", rating: 4 });
    const events = await eventually(() => eventsOf(id, "ReviewApproved"), (e) => e.length === 1);
    expect(events[0]!.data).toEqual({ reviewId: id, productId: product.id, customerId: customer.id, rating: 4 });
    const pub = await publicReviews(product.id);
    expect(pub.status).toBe(200);
    expect(pub.data.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it("rejecting needs a reason (400, still PENDING); with one it is REJECTED, ReviewRejected carries it, and it stays private", async () => {
    const { product, id } = await pendingReview();
    for (const body of [{}, { reason: "" }, { reason: "   " }, { reason: "x".repeat(501) }, { reason: "spam", extra: 1 }]) {
      const res = await rejectReview(id, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    expect(await statusOf(id)).toBe("PENDING");
    const res = await rejectReview(id, { reason: "Contains a phone number" });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ status: "REJECTED", rejectionReason: "Contains a phone number" });
    const events = await eventually(() => eventsOf(id, "ReviewRejected"), (e) => e.length === 1);
    expect(events[0]!.data.reason).toBe("Contains a phone number");
    expect((await publicReviews(product.id)).data).toEqual([]);
  });

  it("checks the role before the lookup: a customer gets 403 for any id, anonymous 401, and nothing changes", async () => {
    const { customer, id } = await pendingReview();
    for (const target of [id, newId("rev"), "not-an-id"]) {
      const a = await approve(target, customer.token);
      expect(a.status).toBe(403);
      expect(a.errors[0]?.code).toBe("FORBIDDEN");
      expect((await rejectReview(target, { reason: "no" }, customer.token)).status).toBe(403);
      expect((await api("POST", v1(`/reviews/${target}/approve`))).status).toBe(401);
    }
    expect((await api("GET", v1("/reviews"), { token: customer.token })).status).toBe(403);
    expect((await api("GET", v1("/reviews"))).status).toBe(401);
    expect(await statusOf(id)).toBe("PENDING");
  });

  it("answers 409 REVIEW_INVALID_STATE for a decided review and 404 for an unknown one", async () => {
    const approved = await pendingReview();
    expect((await approve(approved.id)).status).toBe(200);
    const rejected = await pendingReview();
    expect((await rejectReview(rejected.id, { reason: "off-topic" })).status).toBe(200);
    for (const res of [await approve(approved.id), await rejectReview(approved.id, { reason: "late" }), await approve(rejected.id), await rejectReview(rejected.id, { reason: "again" })]) {
      expect(res.status).toBe(409);
      expect(res.errors[0]?.code).toBe("REVIEW_INVALID_STATE");
    }
    expect(await statusOf(approved.id)).toBe("APPROVED");
    expect(await statusOf(rejected.id)).toBe("REJECTED");
    const unknown = await approve(newId("rev"));
    expect(unknown.status).toBe(404);
    expect(unknown.errors[0]?.code).toBe("REVIEW_NOT_FOUND");
    expect((await approve("rev_bad")).status).toBe(400);
  });

  it("two admins deciding at once: exactly one wins, the other gets 409, and one event is published", async () => {
    const { id } = await pendingReview();
    const results = await Promise.all([approve(id), approve(id), rejectReview(id, { reason: "dup" }), approve(id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)!.data.status as string;
    expect(await statusOf(id)).toBe(winner);
    const decisions = async () => (await eventsOf(id, "ReviewApproved")).length + (await eventsOf(id, "ReviewRejected")).length;
    await eventually(decisions, (n) => n > 0);
    await settle();
    expect(await decisions()).toBe(1);
  });
});

describe("listing reviews", () => {
  it("the moderation queue is PENDING by default, oldest first, paginated, and filters by status", async () => {
    const product = await createProduct();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await pendingReview(product)).id);
    const token = await admin();
    const mine = async (path: string) => ((await api("GET", v1(path), { token })).data as { id: string; productId: string }[]).filter((r) => r.productId === product.id).map((r) => r.id);
    expect(await mine("/reviews?limit=100")).toEqual(ids);
    expect((await approve(ids[1]!)).status).toBe(200);
    expect(await mine("/reviews?limit=100")).toEqual([ids[0], ids[2]]);
    expect(await mine("/reviews?status=APPROVED&limit=100")).toEqual([ids[1]]);
    const first = await api("GET", v1("/reviews?status=PENDING&limit=1"), { token });
    expect(first.data).toHaveLength(1);
    expect(first.body.metadata.nextCursor).toEqual(expect.any(String));
    const second = await api("GET", v1(`/reviews?status=PENDING&limit=1&cursor=${first.body.metadata.nextCursor}`), { token });
    expect(second.status).toBe(200);
    expect(second.data[0].id > first.data[0].id).toBe(true);
    for (const q of ["status=LIVE", "limit=0", "limit=101", "cursor=%%%", "cursor=cHJkX3g"]) {
      const res = await api("GET", v1(`/reviews?${q}`), { token });
      expect(res.status, q).toBe(400);
    }
  });

  it("a product's public reviews are APPROVED only, newest first, paginated; unknown product 404, bad id 400", async () => {
    const product = await createProduct();
    const a = await pendingReview(product, 5);
    const b = await pendingReview(product, 3);
    const c = await pendingReview(product, 1);
    await approve(a.id);
    await approve(b.id);
    await rejectReview(c.id, { reason: "abusive" });
    const all = await publicReviews(product.id);
    expect(all.data.map((r: { id: string }) => r.id)).toEqual([b.id, a.id]);
    expect(all.data.every((r: { status: string }) => r.status === "APPROVED")).toBe(true);
    const page1 = await publicReviews(product.id, "?limit=1");
    expect(page1.data.map((r: { id: string }) => r.id)).toEqual([b.id]);
    const page2 = await publicReviews(product.id, `?limit=1&cursor=${page1.body.metadata.nextCursor}`);
    expect(page2.data.map((r: { id: string }) => r.id)).toEqual([a.id]);
    expect(page2.body.metadata.nextCursor).toBeNull();
    const unknown = await publicReviews(newId("prd"));
    expect(unknown.status).toBe(404);
    expect(unknown.errors[0]?.code).toBe("PRODUCT_NOT_FOUND");
    expect((await publicReviews("nope")).status).toBe(400);
    expect((await publicReviews(product.id, "?limit=abc")).status).toBe(400);
  });
});
