import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anAddress, createProduct } from "../support/mothers";
import { aCustomer as aReviewer, deliveredOrder } from "../support/reviews";
import { decodeToken, encodeToken } from "../../workers/kernel/consistency-token";

const HEADER = "x-consistency-token";

/** The product database's primary bookmark now: every commit so far is at or before it. */
async function primaryBookmark(): Promise<string> {
  const session = env.DB_PRODUCT.withSession("first-primary");
  await session.prepare("SELECT 1").first();
  const bookmark = session.getBookmark();
  if (!bookmark) throw new Error("the primary returned no bookmark");
  return bookmark;
}

const tokenOf = (headers: Headers): string => {
  const token = headers.get(HEADER);
  expect(token, `a ${HEADER} header`).not.toBeNull();
  expect(new TextEncoder().encode(token!).length).toBeLessThanOrEqual(2048);
  return token!;
};

describe("x-consistency-token: read-your-writes (contract §5)", () => {
  it("a product change answers a token at or after the write; reads sent with it see the change and answer a token", async () => {
    const { token: admin } = await adminToken();
    const product = await createProduct({ name: "Before Rename" });
    const before = await primaryBookmark();

    const renamed = `Renamed ${product.sku}`;
    const patch = await api("PATCH", v1(`/products/${product.id}`), { token: admin, body: { name: renamed } });
    expect(patch.status).toBe(200);
    const written = decodeToken(tokenOf(patch.headers));
    expect(written?.product).toBeDefined();
    expect(written!.product! > before, "the bookmark is after the state before the write").toBe(true);
    expect(written!.product! <= (await primaryBookmark())).toBe(true);

    const token = tokenOf(patch.headers);
    const read = await api("GET", v1(`/products/${product.id}`), { headers: { [HEADER]: token } });
    expect(read.status).toBe(200);
    expect(read.data.name).toBe(renamed);
    const carried = decodeToken(tokenOf(read.headers));
    expect(carried!.product! >= written!.product!).toBe(true);

    const listed = await api("GET", v1(`/products?q=${encodeURIComponent(renamed)}`), { headers: { [HEADER]: token } });
    expect(listed.data.map((p: { id: string }) => p.id)).toEqual([product.id]);
    expect(decodeToken(tokenOf(listed.headers))!.product! >= written!.product!).toBe(true);

    // Without the token the read may come from a replica (locally there is none, so it is current too) and carries
    // a token only because it read through a session.
    const plain = await api("GET", v1(`/products?q=${encodeURIComponent(renamed)}`));
    expect(plain.status).toBe(200);
    expect(plain.data.map((p: { id: string }) => p.id)).toEqual([product.id]);
  });

  it("a write answers a token that keeps the entries of the token it was sent with", async () => {
    const { token: admin } = await adminToken();
    const product = await createProduct();
    const sent = encodeToken({ review: "00000001-00000002-00000003-0123456789abcdef0123456789abcdef" });
    const patch = await api("PATCH", v1(`/products/${product.id}`), { token: admin, body: { name: "Merged Token" }, headers: { [HEADER]: sent } });
    expect(patch.status).toBe(200);
    const merged = decodeToken(tokenOf(patch.headers));
    expect(merged?.review).toBe("00000001-00000002-00000003-0123456789abcdef0123456789abcdef");
    expect(merged?.product).toBeDefined();
  });

  it("refuses a malformed, foreign or oversized token with 400 INVALID_CONSISTENCY_TOKEN and changes nothing", async () => {
    const { token: admin } = await adminToken();
    const product = await createProduct({ name: "Unchanged Name" });
    const bad = [
      "not a token!",
      encodeToken({}).slice(0, 3) + "@@",
      btoa(JSON.stringify({ v: 2, b: {} })).replace(/=+$/, ""),
      encodeToken({ product: "'; DROP TABLE products; --" }),
      "A".repeat(2049),
    ];
    for (const value of bad) {
      const read = await api("GET", v1(`/products/${product.id}`), { headers: { [HEADER]: value } });
      expect(read.status, value).toBe(400);
      expect(read.errors).toEqual([expect.objectContaining({ code: "INVALID_CONSISTENCY_TOKEN", field: HEADER })]);
      const write = await api("PATCH", v1(`/products/${product.id}`), { token: admin, body: { name: "Changed" }, headers: { [HEADER]: value } });
      expect(write.status, value).toBe(400);
      expect(write.errors[0]?.code).toBe("INVALID_CONSISTENCY_TOKEN");
    }
    expect((await api("GET", v1(`/products/${product.id}`))).data.name).toBe("Unchanged Name");
  });

  it("every write the storefront makes answers a token: cart add, checkout, review", async () => {
    const product = await createProduct();
    const customer = await aCustomer();
    const add = await api("POST", v1("/carts/me/items"), { token: customer.token, body: { productId: product.id, quantity: 1 } });
    expect(add.status).toBe(200);
    expect(decodeToken(tokenOf(add.headers))).not.toBeNull();
    const checkout = await api("POST", v1("/carts/me/checkout"), { token: customer.token, body: { shippingAddress: anAddress() } });
    expect(checkout.status).toBe(201);
    expect(decodeToken(tokenOf(checkout.headers))).not.toBeNull();

    const reviewer = await aReviewer();
    await deliveredOrder(reviewer.id, [product.id]);
    const review = await api("POST", v1("/reviews"), { token: reviewer.token, body: { productId: product.id, rating: 5, title: "Good", comment: "Exactly as described." } });
    expect(review.status).toBe(201);
    const reviewed = decodeToken(tokenOf(review.headers));
    expect(reviewed?.review).toBeDefined();

    // The reviewer's next read of the moderation-free list, sent with the token, answers one at or after it.
    const mine = await api("GET", v1(`/products/${product.id}/reviews`), { headers: { [HEADER]: tokenOf(review.headers) } });
    expect(mine.status).toBe(200);
    expect(decodeToken(tokenOf(mine.headers))!.review! >= reviewed!.review!).toBe(true);
  });
});
