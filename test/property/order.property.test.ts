import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { env, runInDurableObject } from "cloudflare:test";
import * as order from "../../durable-objects/order/order";
import type { OrderObject } from "../../durable-objects/order/order-object";
import type { AnyEnvelope } from "../../workers/events/envelope";
import { orderStub } from "../../workers/order/stub";
import { newId } from "../../workers/kernel/ids";
import { anEvent } from "../support/events";
import { anAddress } from "../support/mothers";
import { ObjectItem } from "../support/inventory-under-test";
import { HAPPY_PATH, OrderModel, orderStory, orderViolations, type OrderInput } from "../support/order-model";
import { fcParams } from "../support/property";

// Random orderings and duplications of everything an order can receive (reference §7.2): never an illegal
// transition, CONFIRMED only with both the reservation and the authorization, cancelled stays cancelled.

const AT = "2026-01-01T00:00:00.000Z";
const CAUSE = { correlationId: "order-property", causationId: null };
const lines = (productId: string) => [{ productId, name: "Kettle", unitPrice: { amount: 2_500, currency: "USD" as const }, quantity: 2 }];
const createCmd = (id: string, productId: string): order.CreateOrder => ({
  id, customerId: "cus_PROPERTY", items: lines(productId), discount: { amount: 0, currency: "USD" }, promotionCode: null, shippingAddress: anAddress(),
});

function fail(step: unknown, problems: string[]): void {
  if (problems.length) throw new Error(`after ${JSON.stringify(step)}: ${problems.join("; ")}`);
}

describe("order process manager against its model", () => {
  it("the pure decider: any order and duplication of inputs keeps the state machine legal", () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(orderStory(true, 35), (inputs) => {
        const created = order.create(createCmd("ord_PURE", "prd_PURE"), AT) as order.Outcome;
        let s = created.state;
        const model = new OrderModel();
        const emitted = created.events.map((e) => e.type as string);
        let last: order.Incoming | null = null;
        for (const input of inputs) {
          const step: Exclude<OrderInput, { kind: "redeliver" }> | null = input.kind === "redeliver" ? (last ? { kind: "event", event: last } : null) : input;
          if (!step) continue;
          const waiting = model.awaitingCommit;
          const expectedRefusal = model.apply(step);
          let outcome: order.Outcome | order.Refusal;
          if (step.kind === "submit") outcome = order.submit(s, { type: "CARD", token: "tok_visa" }, AT);
          else if (step.kind === "cancel") outcome = order.cancel(s, "CUSTOMER_REQUEST", AT);
          else if (step.kind === "holdsCommitted") outcome = order.holdsCommitted(s, step.all, AT);
          else {
            last = step.event;
            outcome = order.receive(s, step.event, AT);
          }
          if ("ok" in outcome) {
            expect(outcome.code, `refusal of ${JSON.stringify(step)}`).toBe(expectedRefusal);
            continue;
          }
          expect(expectedRefusal, `${JSON.stringify(step)} was accepted`).toBeNull();
          fail(step, orderViolations(s, outcome.state));
          // Liveness: the step that completes both halves must ask for the holds to be committed, and only that one.
          expect(outcome.commitHolds, `commitHolds after ${JSON.stringify(step)}`).toBe(!waiting && model.awaitingCommit);
          s = outcome.state;
          emitted.push(...outcome.events.map((e) => e.type));
          expect({ status: s.status, reason: s.cancellationReason }).toEqual({ status: model.status, reason: model.reason });
        }
        const count = (t: string) => emitted.filter((e) => e === t).length;
        expect(count("OrderCreated")).toBe(1);
        expect(count("OrderSubmitted")).toBe(s.history.some((h) => h.status === "PENDING") ? 1 : 0);
        expect(count("OrderConfirmed")).toBe(s.history.some((h) => h.status === "CONFIRMED") ? 1 : 0);
        expect(count("OrderCancelled")).toBe(s.status === "CANCELLED" ? 1 : 0);
        reached.add(s.status);
      }),
      fcParams(3000),
    );
    // Guard against a vacuous run: the histories must have reached every status.
    if (!env.FC_PATH) expect([...reached].sort()).toEqual(["CANCELLED", "CONFIRMED", "CREATED", "DELIVERED", "PENDING", "SHIPPED"]);
  });

  it("the real object: receive() with redeliveries, commands and the hold commit stay legal", async () => {
    let confirmedRuns = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), orderStory(false, 8), async (holdLive, inputs) => {
        const orderId = newId("ord");
        const productId = `prd_ORDPROP${newId("evt").slice(4)}`;
        const item = await ObjectItem.create(productId, 100, 0);
        // A live hold lets the confirmation commit it; without one the order must lose the race and cancel.
        if (holdLive) await item.stub.reserve(orderId, 2, 3600, CAUSE);
        const stub = orderStub(env, orderId) as unknown as DurableObjectStub<OrderObject>;
        await runInDurableObject(stub, (instance: OrderObject) => {
          instance.sender = { send: async () => undefined };
        });
        const created = await stub.create(createCmd(orderId, productId), CAUSE);
        if (!created.ok) throw new Error(created.code);
        let before = created.order;
        const model = new OrderModel();
        let last: AnyEnvelope | null = null;
        for (const input of inputs) {
          let refusal: string | null = null;
          if (input.kind === "submit" || input.kind === "cancel") {
            const expected = model.apply(input);
            const r = input.kind === "submit" ? await stub.submit({ type: "CARD", token: "tok_visa" }, CAUSE) : await stub.cancel("CUSTOMER_REQUEST", CAUSE);
            refusal = r.ok ? null : r.code;
            expect(refusal, `answer to ${input.kind}`).toBe(expected);
          } else if (input.kind === "redeliver") {
            if (last) expect(await stub.receive(last)).toBe("duplicate");
          } else if (input.kind === "event") {
            last = envelopeOf(input.event, orderId, productId);
            const waiting = model.awaitingCommit;
            model.apply(input);
            if (!waiting && model.awaitingCommit) model.apply({ kind: "holdsCommitted", all: holdLive });
            expect(await stub.receive(last)).not.toBe("duplicate");
          }
          const after = (await stub.snapshot())!;
          fail(input, orderViolations(before, after));
          expect({ status: after.status, reason: after.cancellationReason }, `after ${JSON.stringify(input)}`).toEqual({ status: model.status, reason: model.reason });
          before = after;
        }
        const published = await runInDurableObject(stub, (_i: OrderObject, state) =>
          Object.fromEntries(state.storage.sql.exec<{ t: string; n: number }>(`SELECT event_type AS t, COUNT(DISTINCT event_id) AS n FROM outbox GROUP BY event_type`).toArray().map((r) => [r.t, r.n])),
        );
        const everConfirmed = before.history.some((h) => h.status === "CONFIRMED");
        expect(published.OrderConfirmed ?? 0).toBe(everConfirmed ? 1 : 0);
        expect(published.OrderCancelled ?? 0).toBe(before.status === "CANCELLED" ? 1 : 0);
        if (everConfirmed) expect((await item.stub.holdOf(orderId))?.status).toBe("COMMITTED");
        if (everConfirmed) confirmedRuns++;
      }),
      // The happy path runs first on every run, so CONFIRMED is always exercised against the real object.
      fcParams(20, { examples: [[true, HAPPY_PATH]] }),
    );
    if (!env.FC_PATH) expect(confirmedRuns, "no run reached CONFIRMED").toBeGreaterThan(0);
  });
});

function envelopeOf(e: order.Incoming, orderId: string, productId: string): AnyEnvelope {
  const items = [{ productId, quantity: 2 }];
  switch (e.type) {
    case "InventoryReserved": return anEvent(e.type, orderId, { orderId, items, reservedUntil: AT });
    case "InventoryReservationFailed": return anEvent(e.type, orderId, { orderId, productId, requested: 2, available: 0 });
    case "InventoryReservationExpired": return anEvent(e.type, productId, { orderId, productId, quantity: 2 });
    case "InventoryFulfilled": return anEvent(e.type, orderId, { orderId, items });
    case "PaymentAuthorized": return anEvent(e.type, e.paymentId, { paymentId: e.paymentId, orderId, amount: { amount: 5_000, currency: "USD" } });
    case "PaymentFailed": return anEvent(e.type, e.paymentId, { paymentId: e.paymentId, orderId, reason: e.reason });
    case "ShipmentCreated": return anEvent(e.type, e.shipmentId, { shipmentId: e.shipmentId, orderId, carrier: e.carrier, trackingNumber: e.trackingNumber });
    case "ShipmentDispatched": return anEvent(e.type, e.shipmentId, { shipmentId: e.shipmentId, orderId });
    case "ShipmentDelivered": return anEvent(e.type, e.shipmentId, { shipmentId: e.shipmentId, orderId, items });
  }
}
