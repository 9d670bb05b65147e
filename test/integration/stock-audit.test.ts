import { describe, expect, it } from "vitest";
import { env, runInDurableObject } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anOrder, createProduct } from "../support/mothers";
import { sellerAccount } from "../support/accounts";
import { settle } from "../support/settle";
import { itemStub } from "../../workers/inventory/stub";
import type { InventoryItemObject } from "../../durable-objects/inventory-item/inventory-item-object";

type Customer = Awaited<ReturnType<typeof aCustomer>>;
const stubOf = (productId: string) => itemStub(env, productId) as unknown as DurableObjectStub<InventoryItemObject>;
const auditOf = async (productId: string, token?: string) => api("GET", v1(`/admin/inventory/${productId}/audit`), { token: token ?? (await adminToken()).token });
const submit = async (c: Customer, orderId: string, card: string) =>
  expect((await api("POST", v1(`/orders/${orderId}/submit`), { token: c.token, body: { paymentMethod: { type: "CARD", token: card } } })).status).toBe(202);

/** Stock 10: a confirmed order of 2, a declined one of 1, a pending one of 3 (its hold live), a cancelled one of 4, +5 received. */
async function aBusyItem(seller?: { token: string }) {
  const p = await createProduct({ initialStock: 10, reorderPoint: 0 }, seller?.token);
  const c = await aCustomer();
  await settle();
  const confirmed = await anOrder(c.token, [{ productId: p.id, quantity: 2 }]);
  await submit(c, confirmed.id, "tok_visa");
  const declined = await anOrder(c.token, [{ productId: p.id, quantity: 1 }]);
  await submit(c, declined.id, "tok_chargeDeclined");
  const pending = await anOrder(c.token, [{ productId: p.id, quantity: 3 }]);
  await submit(c, pending.id, "tok_pending");
  const cancelled = await anOrder(c.token, [{ productId: p.id, quantity: 4 }]);
  await submit(c, cancelled.id, "tok_pending");
  await settle();
  expect((await api("POST", v1(`/orders/${cancelled.id}/cancel`), { token: c.token })).status).toBe(200);
  const { token } = await adminToken();
  expect((await api("POST", v1(`/inventory/${p.id}/adjustments`), { token, body: { delta: 5, reason: "received" } })).status).toBe(200);
  await settle();
  return { productId: p.id, cancelledOrderId: cancelled.id };
}

describe("stock audit of one item", () => {
  it("recomputes the levels from the ledger and holds and finds a healthy item consistent", async () => {
    const { productId } = await aBusyItem();
    const res = await auditOf(productId);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({
      productId,
      consistent: true,
      levels: { onHand: 13, reserved: 3, available: 10 },
      ledger: { initial: 10, adjustments: 5, fulfilled: 2, activeHolds: 3 },
      orders: { confirmedQuantity: 2, activeQuantity: 3 },
      discrepancies: [],
    });
  });

  it("reports a removed movement row with its code, expected and actual values", async () => {
    const { productId } = await aBusyItem();
    await runInDurableObject(stubOf(productId), (_o: InventoryItemObject, ctx) => void ctx.storage.sql.exec(`DELETE FROM movements WHERE reason = 'received'`));
    const res = await auditOf(productId);
    expect(res.data.consistent).toBe(false);
    expect(res.data.discrepancies).toEqual([{ code: "ON_HAND_MISMATCH", expected: 8, actual: 13, detail: expect.any(String) }]);
  });

  it("reports a hold left HELD for a cancelled order", async () => {
    const { productId, cancelledOrderId } = await aBusyItem();
    await runInDurableObject(stubOf(productId), (_o: InventoryItemObject, ctx) => void ctx.storage.sql.exec(`UPDATE holds SET status = 'HELD' WHERE order_id = ?`, cancelledOrderId));
    const res = await auditOf(productId);
    expect(res.data.consistent).toBe(false);
    expect(res.data.discrepancies).toEqual(expect.arrayContaining([
      { code: "CANCELLED_ORDER_HOLD_ACTIVE", expected: 0, actual: 4, detail: expect.stringContaining(cancelledOrderId) },
      { code: "RESERVED_MISMATCH", expected: 7, actual: 3, detail: expect.any(String) },
    ]));
  });

  it("reports a confirmed order whose stock was fulfilled twice", async () => {
    const p = await createProduct({ initialStock: 5, reorderPoint: 0 });
    const c = await aCustomer();
    await settle();
    const order = await anOrder(c.token, [{ productId: p.id, quantity: 2 }]);
    await submit(c, order.id, "tok_visa");
    await settle();
    await runInDurableObject(stubOf(p.id), (_o: InventoryItemObject, ctx) => {
      ctx.storage.sql.exec(`INSERT INTO movements (delta, reason, order_id, at) VALUES (-2, 'FULFILLED', ?, ?)`, order.id, Date.now());
      ctx.storage.sql.exec(`UPDATE item SET on_hand = on_hand - 2`);
    });
    const res = await auditOf(p.id);
    expect(res.data.discrepancies).toEqual([{ code: "CONFIRMED_NOT_FULFILLED_ONCE", expected: 2, actual: 4, detail: expect.stringContaining(order.id) }]);
  });

  it("is for the item's seller and admins: other sellers 404, customers 403, anonymous 401, bad ids 400", async () => {
    const seller = await sellerAccount();
    const p = await createProduct({ initialStock: 3 }, seller.token);
    await settle();
    expect((await auditOf(p.id, seller.token)).data.consistent).toBe(true);
    expect((await auditOf(p.id, (await sellerAccount()).token)).status).toBe(404);
    expect((await auditOf(p.id, (await aCustomer()).token)).status).toBe(403);
    expect((await api("GET", v1(`/admin/inventory/${p.id}/audit`))).status).toBe(401);
    expect((await auditOf("prd_00000000000000000000000000")).status).toBe(404);
    expect((await auditOf("nope")).status).toBe(400);
  });
});

describe("stock audit sweep", () => {
  it("pages through every item and names the inconsistent ones; admin only; a forged cursor is 400", async () => {
    const { productId: broken } = await aBusyItem();
    const { productId: healthy } = await aBusyItem();
    await runInDurableObject(stubOf(broken), (_o: InventoryItemObject, ctx) => void ctx.storage.sql.exec(`UPDATE item SET reserved = reserved + 1`));
    const { token } = await adminToken();
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const res = await api("POST", v1("/admin/inventory/audits"), { token, body: cursor ? { cursor } : {} });
      expect(res.status).toBe(200);
      seen.push(...(res.data.inconsistent as string[]));
      cursor = res.data.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(seen).toContain(broken);
    expect(seen).not.toContain(healthy);
    expect((await api("POST", v1("/admin/inventory/audits"), { token: (await sellerAccount()).token, body: {} })).status).toBe(403);
    expect((await api("POST", v1("/admin/inventory/audits"), { token, body: { cursor: "forged" } })).status).toBe(400);
    expect((await api("POST", v1("/admin/inventory/audits"), { token })).status).toBe(200);
  });
});
