import { describe, expect, it } from "vitest";
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { api, v1 } from "../support/api";
import { aCustomer, anOrder, createProduct } from "../support/mothers";
import { anEvent } from "../support/events";
import { eventually, settle } from "../support/settle";
import { itemStub } from "../../workers/inventory/stub";
import { orderStub } from "../../workers/order/stub";
import type { InventoryItemObject } from "../../durable-objects/inventory-item/inventory-item-object";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Moves one order's hold to expire at `at` and arms the item's alarm for then. */
async function expireHoldAt(productId: string, orderId: string, at: number) {
  await runInDurableObject(itemStub(env, productId) as unknown as DurableObjectStub<InventoryItemObject>, async (_instance, state) => {
    state.storage.sql.exec(`UPDATE holds SET expires_at = ? WHERE order_id = ?`, at, orderId);
    await state.storage.setAlarm(at);
  });
}

describe("hold expiry racing the order's confirmation", () => {
  it("has one winner every time: confirmed with its stock, or cancelled with the stock back", async () => {
    const ROUNDS = 12;
    const product = await createProduct({ initialStock: ROUNDS, reorderPoint: 0 });
    const customer = await aCustomer();
    await settle();
    const orders: { id: string; total: { amount: number; currency: "USD" } }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const order = await anOrder(customer.token, [{ productId: product.id, quantity: 1 }]);
      // tok_pending: the sandbox leaves the authorization open, so the test decides when it arrives.
      const submit = await api("POST", v1(`/orders/${order.id}/submit`), { token: customer.token, body: { paymentMethod: { type: "CARD", token: "tok_pending" } } });
      expect(submit.status).toBe(202);
      orders.push(order);
    }
    await settle();
    for (const order of orders) {
      const s = await orderStub(env, order.id).snapshot();
      expect(s?.reservation).toBe("RESERVED");
    }

    // Race: the authorization that completes the order, against the alarm that expires its hold. The hold's
    // deadline is spread over the time a confirmation takes, so each side wins some rounds.
    await Promise.all(
      orders.map(async (order, i) => {
        const offset = i * 150;
        await expireHoldAt(product.id, order.id, Date.now() + offset);
        const authorized = anEvent("PaymentAuthorized", `pay_${i}`, { paymentId: `pay_${i}`, orderId: order.id, amount: order.total });
        await Promise.all([
          orderStub(env, order.id).receive(authorized),
          sleep(offset).then(() => runDurableObjectAlarm(itemStub(env, product.id))),
        ]);
      }),
    );
    await settle();

    let confirmed = 0;
    let expired = 0;
    for (const order of orders) {
      const s = (await orderStub(env, order.id).snapshot())!;
      const hold = await itemStub(env, product.id).holdOf(order.id);
      if (s.status === "CONFIRMED") {
        confirmed++;
        expect(hold?.status).toBe("FULFILLED");
      } else {
        expired++;
        expect(s.status).toBe("CANCELLED");
        expect(s.cancellationReason).toBe("RESERVATION_EXPIRED");
        expect(hold?.status).toBe("EXPIRED");
      }
    }
    const levels = await eventually(() => itemStub(env, product.id).snapshot(), (l) => l !== null && l.reserved === 0);
    // Conservation: every unit is either shipped to a confirmed order or back on the shelf.
    expect(levels).toMatchObject({ onHand: ROUNDS - confirmed, reserved: 0, available: ROUNDS - confirmed });
    expect(confirmed + expired).toBe(ROUNDS);
    // The deadlines span the confirmation's latency, so both sides must have won at least once.
    expect(confirmed).toBeGreaterThan(0);
    expect(expired).toBeGreaterThan(0);
    console.info(`race outcome: ${confirmed} confirmed, ${expired} expired`);
  });

  it("cancels a pending order whose hold expires while the payment never completes", async () => {
    const product = await createProduct({ initialStock: 5 });
    const customer = await aCustomer();
    await settle();
    const order = await anOrder(customer.token, [{ productId: product.id, quantity: 2 }]);
    await api("POST", v1(`/orders/${order.id}/submit`), { token: customer.token, body: { paymentMethod: { type: "CARD", token: "tok_pending" } } });
    await eventually(() => itemStub(env, product.id).snapshot(), (l) => l?.reserved === 2);
    await expireHoldAt(product.id, order.id, Date.now() - 1);
    // The alarm may already have fired on its own (it was due); running it again must change nothing.
    await runDurableObjectAlarm(itemStub(env, product.id));
    await settle();
    const res = await api("GET", v1(`/orders/${order.id}`), { token: customer.token });
    expect(res.data.status).toBe("CANCELLED");
    expect(res.data.cancellationReason).toBe("RESERVATION_EXPIRED");
    expect(await itemStub(env, product.id).snapshot()).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
  });
});
