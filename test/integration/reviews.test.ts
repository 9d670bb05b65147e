import { describe, expect, it } from "vitest";
import { adminToken, api, v1 } from "../support/api";
import { createProduct } from "../support/mothers";
import { publish } from "../support/events";
import { eventually } from "../support/settle";
import { aCustomer, deliveredOrder, handledBy, orderFacts } from "../support/reviews";
import { env } from "cloudflare:test";
import { hasPurchased } from "../../workers/review/purchases";

const aReview = (productId: string, overrides: Record<string, unknown> = {}) => ({
  productId, rating: 5, title: "Great", comment: "Fits well and keeps my feet dry.", ...overrides,
});

async function reviewable() {
  const product = await createProduct();
  const customer = await aCustomer();
  await deliveredOrder(customer.id, [product.id]);
  return { product, customer };
}

async function submitted() {
  const { product, customer } = await reviewable();
  const res = await api("POST", v1("/reviews"), { token: customer.token, body: aReview(product.id) });
  expect(res.status).toBe(201);
  return { product, customer, review: res.data as { id: string; status: string } };
}

async function queue(status?: string) {
  const { token } = await adminToken();
  const res = await api("GET", v1(`/reviews?limit=100${status ? `&status=${status}` : ""}`), { token });
  expect(res.status).toBe(200);
  return res.data as { id: string; productId: string; status: string }[];
}

const eventsOf = async (aggregateId: string, type: string) => {
  const { token } = await adminToken();
  return (await api("GET", v1(`/admin/events?aggregateId=${aggregateId}&type=${type}`), { token })).data as { data: Record<string, unknown> }[];
};

describe("submitting a review", () => {
  it("a customer with a delivered order submits a PENDING review and ReviewSubmitted is published", async () => {
    const { product, customer } = await reviewable();
    const res = await api("POST", v1("/reviews"), { token: customer.token, body: aReview(product.id, { rating: 4 }) });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({ productId: product.id, customerId: customer.id, rating: 4, title: "Great", status: "PENDING", rejectionReason: null });
    expect(res.data.id).toMatch(/^rev_[0-9A-Z]{26}$/);
    const events = await eventually(() => eventsOf(res.data.id, "ReviewSubmitted"), (e) => e.length > 0);
    expect(events.map((e) => e.data)).toEqual([{ reviewId: res.data.id, productId: product.id, customerId: customer.id, rating: 4 }]);
    expect((await queue()).map((r) => r.id)).toContain(res.data.id);
  });

  it("refuses a customer without a delivered order of the product with 403 REVIEW_NOT_PURCHASED and stores nothing", async () => {
    const product = await createProduct();
    const other = await createProduct();
    const customer = await aCustomer();
    await deliveredOrder(customer.id, [other.id]);
    const res = await api("POST", v1("/reviews"), { token: customer.token, body: aReview(product.id) });
    expect(res.status).toBe(403);
    expect(res.errors[0]?.code).toBe("REVIEW_NOT_PURCHASED");
    expect((await queue()).filter((r) => r.productId === product.id)).toEqual([]);
  });

  it("another customer's delivered order does not count as a purchase", async () => {
    const { product } = await reviewable();
    const stranger = await aCustomer();
    const res = await api("POST", v1("/reviews"), { token: stranger.token, body: aReview(product.id) });
    expect(res.status).toBe(403);
    expect(res.errors[0]?.code).toBe("REVIEW_NOT_PURCHASED");
  });

  it("a submitted but undelivered order is not a purchase; the delivery completes it in either arrival order", async () => {
    const product = await createProduct();
    const first = await aCustomer();
    const a = orderFacts(first.id, [{ productId: product.id, quantity: 1 }]);
    await publish(a.submitted);
    const second = await aCustomer();
    const b = orderFacts(second.id, [{ productId: product.id, quantity: 1 }]);
    await publish(b.delivered);
    await handledBy(a.submitted.eventId, "review");
    await handledBy(b.delivered.eventId, "review");
    for (const c of [first, second]) {
      const res = await api("POST", v1("/reviews"), { token: c.token, body: aReview(product.id) });
      expect(res.status).toBe(403);
    }
    await publish([a.delivered, b.submitted]);
    for (const c of [first, second]) {
      await eventually(() => hasPurchased(env, c.id, product.id), Boolean);
      expect((await api("POST", v1("/reviews"), { token: c.token, body: aReview(product.id) })).status).toBe(201);
    }
  });

  it("a second review of the same product is 409 REVIEW_ALREADY_SUBMITTED and the first is unchanged", async () => {
    const { product, customer, review } = await submitted();
    const res = await api("POST", v1("/reviews"), { token: customer.token, body: aReview(product.id, { rating: 1, comment: "changed my mind" }) });
    expect(res.status).toBe(409);
    expect(res.errors[0]?.code).toBe("REVIEW_ALREADY_SUBMITTED");
    const mine = (await queue()).filter((r) => r.productId === product.id);
    expect(mine.map((r) => r.id)).toEqual([review.id]);
  });

  it("concurrent submits of one customer for one product: exactly one 201, the others 409, one ReviewSubmitted", async () => {
    const { product, customer } = await reviewable();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => api("POST", v1("/reviews"), { token: customer.token, body: aReview(product.id, { rating: (i % 5) + 1 }) })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.errors[0]?.code === "REVIEW_ALREADY_SUBMITTED")).toBe(true);
    const created = results.find((r) => r.status === 201)!;
    expect((await queue()).filter((r) => r.productId === product.id).map((r) => r.id)).toEqual([created.data.id]);
    await eventually(() => eventsOf(created.data.id, "ReviewSubmitted"), (e) => e.length === 1);
    const { token } = await adminToken();
    const all = await api("GET", v1("/admin/events?type=ReviewSubmitted&limit=100"), { token });
    expect((all.data as { data: { productId: string } }[]).filter((e) => e.data.productId === product.id)).toHaveLength(1);
  });

  it("rejects bad input with 400 listing every field, and stores nothing", async () => {
    const { product, customer } = await reviewable();
    const bad = [
      [{ ...aReview(product.id), rating: 0 }, ["rating"]],
      [{ ...aReview(product.id), rating: 6 }, ["rating"]],
      [{ ...aReview(product.id), rating: 4.5 }, ["rating"]],
      [{ ...aReview(product.id), comment: "x".repeat(2001) }, ["comment"]],
      [{ productId: product.id, rating: 5 }, ["comment"]],
      [{ ...aReview("prd_nope"), rating: 9, comment: "" }, ["productId", "rating", "comment"]],
      [{ ...aReview(product.id), extra: true }, [""]],
      [{ ...aReview(product.id), title: "t".repeat(201) }, ["title"]],
    ] as const;
    for (const [body, fields] of bad) {
      const res = await api("POST", v1("/reviews"), { token: customer.token, body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.errors.every((e) => e.code === "VALIDATION_FAILED")).toBe(true);
      for (const f of fields) if (f) expect(res.errors.map((e) => e.field)).toContain(f);
    }
    const notJson = await api("POST", v1("/reviews"), { token: customer.token, rawBody: "rating=5", headers: { "content-type": "text/plain" } });
    expect(notJson.status).toBe(415);
    const malformed = await api("POST", v1("/reviews"), { token: customer.token, rawBody: "{", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect((await queue()).filter((r) => r.productId === product.id)).toEqual([]);
    expect((await api("POST", v1("/reviews"), { token: customer.token, body: aReview(product.id, { rating: 5, comment: "x".repeat(2000) }) })).status).toBe(201);
  });

  it("only customers submit reviews: 401 anonymous, 403 admin", async () => {
    const product = await createProduct();
    expect((await api("POST", v1("/reviews"), { body: aReview(product.id) })).status).toBe(401);
    const admin = await api("POST", v1("/reviews"), { token: (await adminToken()).token, body: aReview(product.id) });
    expect(admin.status).toBe(403);
    expect(admin.errors[0]?.code).toBe("FORBIDDEN");
  });
});
