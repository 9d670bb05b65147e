import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { adminToken, api, v1 } from "../support/api";
import { createProduct } from "../support/mothers";
import { anEvent, publish } from "../support/events";
import { eventually, settle } from "../support/settle";
import { aCustomer, deliveredOrder, handledBy } from "../support/reviews";
import { newId } from "../../workers/kernel/ids";
import { db } from "../../workers/events/outbox-d1";
import { products } from "../../schema/product/tables";
import { applyRatingOnReviewApproved } from "../../workers/product/apply-rating-on-review-approved";

const approved = (productId: string, rating: number, reviewId = newId("rev")) =>
  anEvent("ReviewApproved", reviewId, { reviewId, productId, customerId: newId("cus"), rating }, { version: 2 });

const stored = async (id: string) => {
  const [row] = await db(env.DB_PRODUCT).select({ sum: products.ratingSum, count: products.reviewCount }).from(products).where(eq(products.id, id));
  return row;
};
const read = async (id: string) => (await api("GET", v1(`/products/${id}`))).data as { averageRating: number | null; reviewCount: number };

describe("rating projection", () => {
  it("counts a review once when ReviewApproved arrives three times, out of order with another review's approval", async () => {
    const product = await createProduct();
    expect(await read(product.id)).toMatchObject({ averageRating: null, reviewCount: 0 });
    const a = approved(product.id, 5);
    const b = approved(product.id, 4);
    await publish(b);
    await publish(a, 3);
    await publish(b);
    await handledBy(a.eventId, "product");
    await handledBy(b.eventId, "product");
    await settle();
    expect(await stored(product.id)).toEqual({ sum: 9, count: 2 });
    expect(await read(product.id)).toMatchObject({ averageRating: 4.5, reviewCount: 2 });
  });

  it("counts a review once even when its approval is re-published under a new eventId", async () => {
    const product = await createProduct();
    const first = approved(product.id, 2);
    await publish(first);
    await handledBy(first.eventId, "product");
    const again = anEvent("ReviewApproved", first.aggregateId, first.data, { version: 2 });
    expect(again.eventId).not.toBe(first.eventId);
    await publish(again, 2);
    await handledBy(again.eventId, "product");
    await settle();
    expect(await stored(product.id)).toEqual({ sum: 2, count: 1 });
    expect(await read(product.id)).toMatchObject({ averageRating: 2, reviewCount: 1 });
  });

  it("racing deliveries of one review's approval under different eventIds add the rating once", async () => {
    const product = await createProduct();
    const first = approved(product.id, 3);
    const copies = [first, ...Array.from({ length: 5 }, () => anEvent("ReviewApproved", first.aggregateId, first.data, { version: 2 }))];
    const rt = { env, waitUntil: () => {} };
    const results = await Promise.all(copies.map((e) => applyRatingOnReviewApproved(e, rt)));
    expect(results.filter((r) => r === "handled")).toHaveLength(6);
    expect(await stored(product.id)).toEqual({ sum: 3, count: 1 });
  });

  it("three approved reviews rated 5, 4, 4 average 4.33 from the exact sum 13 and count 3; pending and rejected ones do not count", async () => {
    const product = await createProduct();
    const { token } = await adminToken();
    const ids: string[] = [];
    for (const rating of [5, 4, 4, 1, 2]) {
      const customer = await aCustomer();
      await deliveredOrder(customer.id, [product.id]);
      const res = await api("POST", v1("/reviews"), { token: customer.token, body: { productId: product.id, rating, comment: `${rating} stars` } });
      expect(res.status).toBe(201);
      ids.push(res.data.id);
    }
    for (const id of ids.slice(0, 3)) expect((await api("POST", v1(`/reviews/${id}/approve`), { token })).status).toBe(200);
    expect((await api("POST", v1(`/reviews/${ids[3]}/reject`), { token, body: { reason: "spam" } })).status).toBe(200);
    const seen = await eventually(() => read(product.id), (p) => p.reviewCount === 3);
    expect(seen.averageRating).toBe(4.33);
    await settle();
    expect(await stored(product.id)).toEqual({ sum: 13, count: 3 });
    expect(await read(product.id)).toMatchObject({ averageRating: 4.33, reviewCount: 3 });
  });
});
