import { describe, expect, it } from "vitest";
import { env, runInDurableObject } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import { api, v1 } from "../support/api";
import { aCustomer, anOrder, createProduct } from "../support/mothers";
import { createPromotion, cause } from "../support/promotions";
import { settle } from "../support/settle";
import { db } from "../../workers/events/outbox-d1";
import { promotions, redemptions } from "../../schema/promotion/tables";
import { orderStub } from "../../workers/order/stub";
import type { OrderObject } from "../../durable-objects/order/order-object";

// Issue 17 item 10: the submit's redemption and the order's move to PENDING agree. The seam slips a cancellation,
// and the cancellation's restore (which finds nothing yet), in between the submit's checks and its redemption.
describe("promotion redemption and submit agree", () => {
  async function orderWithCode(usageLimit: number) {
    const p = await createProduct({ initialStock: 10, price: { amount: 1_000, currency: "USD" } });
    await settle();
    const promo = await createPromotion({ usageLimit });
    const c = await aCustomer();
    await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 1 } });
    expect((await api("POST", v1("/carts/me/promotions"), { token: c.token, body: { code: promo.code } })).status).toBe(200);
    return { c, promo, order: await anOrder(c.token, []) };
  }
  const restoredByHandler = async () =>
    Number((await db(env.DB_PROMOTION).all<{ n: number }>(sql`SELECT count(*) AS n FROM inbox WHERE event_type = 'OrderCancelled'`))[0]?.n ?? 0);
  const used = async (id: string) => (await db(env.DB_PROMOTION).select().from(promotions).where(eq(promotions.id, id)))[0]!.used;

  it("gives the use back when the order is cancelled while its submit is redeeming the code", async () => {
    const { c, promo, order } = await orderWithCode(5);
    await runInDurableObject(orderStub(env, order.id), (o: OrderObject) => {
      o.beforeRedemption = async () => {
        o.beforeRedemption = null;
        const before = await restoredByHandler();
        expect((await o.cancel("CUSTOMER_REQUEST", cause())).ok).toBe(true);
        // The promotion context handles OrderCancelled (its restore finds no redemption yet) before the submit goes on.
        for (let i = 0; i < 200 && (await restoredByHandler()) === before; i++) await new Promise((r) => setTimeout(r, 25));
        expect(await restoredByHandler()).toBe(before + 1);
      };
    });
    const submitted = await api("POST", v1(`/orders/${order.id}/submit`), { token: c.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } });
    expect(submitted.status).toBe(409);
    expect(submitted.errors[0]?.code).toBe("ORDER_INVALID_STATE");
    await settle();
    expect((await api("GET", v1(`/orders/${order.id}`), { token: c.token })).data.status).toBe("CANCELLED");
    expect(await used(promo.id)).toBe(0);
    const rows = await db(env.DB_PROMOTION).select().from(redemptions).where(eq(redemptions.orderId, order.id));
    expect(rows.map((r) => r.status)).toEqual(["RESTORED"]);
  });

  it("redeems once and moves to PENDING when nothing interferes, and a retried submit redeems nothing more", async () => {
    const { c, promo, order } = await orderWithCode(5);
    const submit = () => api("POST", v1(`/orders/${order.id}/submit`), { token: c.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } });
    const first = await submit();
    expect(first.status).toBe(202);
    expect(first.data).toMatchObject({ status: "PENDING", discount: { amount: 100 } });
    expect((await submit()).errors[0]?.code).toBe("ORDER_INVALID_STATE");
    await settle();
    expect(await used(promo.id)).toBe(1);
  });
});
