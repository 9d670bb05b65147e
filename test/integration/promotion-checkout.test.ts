import { describe, expect, it } from "vitest";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anAddress, createProduct } from "../support/mothers";
import { eventually, settle } from "../support/settle";

const day = 86_400_000;
const code = () => `SAVE${Math.random().toString(36).slice(2, 10).toUpperCase()}`;

async function aPromotion(body: Record<string, unknown>) {
  const { token } = await adminToken();
  const res = await api("POST", v1("/promotions"), {
    token,
    body: { type: "PERCENTAGE", value: 10, startsAt: new Date(Date.now() - day).toISOString(), endsAt: new Date(Date.now() + day).toISOString(), ...body },
  });
  expect(res.status).toBe(201);
  return res.data as { id: string; code: string };
}

async function cartWithCode(productId: string, promo: string) {
  const c = await aCustomer();
  await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId, quantity: 1 } });
  const applied = await api("POST", v1("/carts/me/promotions"), { token: c.token, body: { code: promo } });
  expect(applied.status).toBe(200);
  const order = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: anAddress() } });
  expect(order.status).toBe(201);
  return { c, order: order.data as { id: string; discount: { amount: number }; total: { amount: number }; promotionCode: string } };
}

const submit = (token: string, orderId: string) => api("POST", v1(`/orders/${orderId}/submit`), { token, body: { paymentMethod: { type: "CARD", token: "tok_pending" } } });

describe("promotions through cart, checkout and submit", () => {
  it("limit 3 with 10 concurrent submits: exactly 3 go through with the discount, 7 get 409; a cancellation frees a use", async () => {
    const p = await createProduct({ initialStock: 50, price: { amount: 10_000, currency: "USD" } });
    const promo = await aPromotion({ code: code(), usageLimit: 3 });
    const carts = await Promise.all(Array.from({ length: 10 }, () => cartWithCode(p.id, promo.code)));
    for (const { order } of carts) expect(order).toMatchObject({ promotionCode: promo.code, discount: { amount: 1_000 }, total: { amount: 9_000 } });

    const results = await Promise.all(carts.map(({ c, order }) => submit(c.token, order.id)));
    const accepted = results.filter((r) => r.status === 202);
    const refused = results.filter((r) => r.status === 409);
    expect(accepted).toHaveLength(3);
    expect(refused).toHaveLength(7);
    refused.forEach((r) => expect(r.errors[0]?.code).toBe("PROMOTION_USAGE_LIMIT_REACHED"));
    accepted.forEach((r) => expect(r.data.total.amount).toBe(9_000));
    const waiting = carts.filter((_, i) => results[i]!.status === 409);
    for (const { c, order } of waiting) expect((await api("GET", v1(`/orders/${order.id}`), { token: c.token })).data.status).toBe("CREATED");

    const first = carts[results.findIndex((r) => r.status === 202)]!;
    expect((await api("POST", v1(`/orders/${first.order.id}/cancel`), { token: first.c.token, body: {} })).status).toBe(200);
    await settle();
    const retried = await eventually(() => submit(waiting[0]!.c.token, waiting[0]!.order.id), (r) => r.status === 202);
    expect(retried.data.discount.amount).toBe(1_000);
    expect((await submit(waiting[1]!.c.token, waiting[1]!.order.id)).errors[0]?.code).toBe("PROMOTION_USAGE_LIMIT_REACHED");
  });

  it("applies the welcome coupon for its owner only, and never discounts more than the subtotal", async () => {
    const cheap = await createProduct({ initialStock: 10, price: { amount: 500, currency: "USD" } });
    const owner = await aCustomer();
    const coupons = await eventually(() => api("GET", v1("/promotions/me"), { token: owner.token }), (r) => r.data?.length === 1);
    const welcome = coupons.data[0] as { code: string; usesLeft: number };
    expect(welcome).toMatchObject({ type: "PERCENTAGE", value: 10, usesLeft: 1 });
    await api("POST", v1("/carts/me/items"), { token: owner.token, body: { productId: cheap.id, quantity: 3 } });
    const cart = await api("POST", v1("/carts/me/promotions"), { token: owner.token, body: { code: welcome.code } });
    expect(cart.data).toMatchObject({ promotionCode: welcome.code, subtotal: { amount: 1_500 }, discount: { amount: 150 }, total: { amount: 1_350 } });

    const stranger = await aCustomer();
    await api("POST", v1("/carts/me/items"), { token: stranger.token, body: { productId: cheap.id, quantity: 1 } });
    const refused = await api("POST", v1("/carts/me/promotions"), { token: stranger.token, body: { code: welcome.code } });
    expect(refused.status).toBe(409);
    expect(refused.errors[0]?.code).toBe("PROMOTION_NOT_APPLICABLE");
    expect((await api("GET", v1("/carts/me"), { token: stranger.token })).data.promotionCode).toBeNull();

    const big = await aPromotion({ code: code(), type: "FIXED_AMOUNT", value: { amount: 100_000, currency: "USD" } });
    const capped = await api("POST", v1("/carts/me/promotions"), { token: stranger.token, body: { code: big.code } });
    expect(capped.data).toMatchObject({ subtotal: { amount: 500 }, discount: { amount: 500 }, total: { amount: 0 } });
  });
});
