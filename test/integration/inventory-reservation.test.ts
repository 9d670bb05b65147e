import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { createProduct } from "../support/mothers";
import { anEvent } from "../support/events";
import { settle } from "../support/settle";
import { reserveOrder } from "../../workers/inventory/service";
import { itemStub } from "../../workers/inventory/stub";
import type { Runtime } from "../../workers/events/outbox-d1";
import type { InboxContext } from "../../workers/events/routing";
import { newId } from "../../workers/kernel/ids";

/** A runtime whose relay hands events to the test instead of the queues, so the outcome can be inspected. */
function capturingRuntime() {
  const pending: Promise<unknown>[] = [];
  const sent: { destination: InboxContext; body: { eventType: string; data: Record<string, unknown> } }[] = [];
  const rt: Runtime = {
    env,
    waitUntil: (p) => void pending.push(p),
    sender: { send: async (destination, bodies) => void sent.push(...bodies.map((b) => ({ destination, body: JSON.parse(b) }))) },
  };
  return { rt, sent, drain: () => Promise.all(pending) };
}

const submitted = (orderId: string, items: { productId: string; quantity: number }[]) =>
  anEvent("OrderSubmitted", orderId, { orderId, customerId: "cus_TEST", items, total: { amount: 100, currency: "USD" }, paymentMethod: { type: "CARD", token: "tok_visa" } });

describe("reserving an order's items (inventory context)", () => {
  it("sums the lines of one product before reserving, so two lines cannot each pass alone", async () => {
    const p = await createProduct({ initialStock: 3 });
    await settle();
    const { rt, sent, drain } = capturingRuntime();
    expect(await reserveOrder(rt, submitted(newId("ord"), [{ productId: p.id, quantity: 2 }, { productId: p.id, quantity: 2 }]))).toBe("handled");
    await drain();
    const failed = sent.find((s) => s.destination === "order")?.body;
    expect(failed?.eventType).toBe("InventoryReservationFailed");
    expect(failed?.data).toMatchObject({ productId: p.id, requested: 4, available: 3 });
    expect(await itemStub(env, p.id).snapshot()).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it("takes every hold or none, and a redelivered event reaches the same decision without new holds", async () => {
    const a = await createProduct({ initialStock: 5 });
    const b = await createProduct({ initialStock: 1 });
    await settle();
    const orderId = newId("ord");
    const event = submitted(orderId, [{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 2 }]);
    const first = capturingRuntime();
    await reserveOrder(first.rt, event);
    await first.drain();
    expect(await itemStub(env, a.id).snapshot()).toMatchObject({ reserved: 0, available: 5 });
    expect(await itemStub(env, b.id).snapshot()).toMatchObject({ reserved: 0, available: 1 });
    const again = capturingRuntime();
    expect(await reserveOrder(again.rt, event)).toBe("duplicate");
    await again.drain();
    expect(again.sent).toEqual([]);
    expect((await itemStub(env, a.id).holdOf(orderId))?.status).toBe("RELEASED");
  });

  it("reserves every item of an order and reports the earliest hold expiry", async () => {
    const a = await createProduct({ initialStock: 5 });
    const b = await createProduct({ initialStock: 5 });
    await settle();
    const { rt, sent, drain } = capturingRuntime();
    const before = Date.now();
    await reserveOrder(rt, submitted(newId("ord"), [{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 5 }]));
    await drain();
    const reserved = sent.find((s) => s.destination === "order")?.body;
    expect(reserved?.eventType).toBe("InventoryReserved");
    const until = Date.parse(String(reserved?.data.reservedUntil));
    expect(until).toBeGreaterThanOrEqual(before + Number(env.RESERVATION_TTL_SECONDS) * 1000 - 1000);
    expect(await itemStub(env, b.id).snapshot()).toMatchObject({ reserved: 5, available: 0 });
  });
});
