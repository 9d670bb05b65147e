import { loggedEvents } from "../support/event-log";
import { describe, expect, it } from "vitest";
import { createExecutionContext, createMessageBatch, env, evictDurableObject, getQueueResult, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import worker from "../../workers/index";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anOrder, aProduct, createProduct } from "../support/mothers";
import { anEvent, publish } from "../support/events";
import { eventually, settle } from "../support/settle";
import { hasRoute } from "../support/openapi";
import { itemStub } from "../../workers/inventory/stub";
import { createProduct as createProductService } from "../../workers/product/service";
import { queueSender, type EventSender } from "../../workers/events/outbox";
import { pendingOutboxCount, sweepD1Outboxes, type Runtime } from "../../workers/events/outbox-d1";
import { queueBinding } from "../../workers/events/routing";
import type { InventoryItemObject } from "../../durable-objects/inventory-item/inventory-item-object";

// Fault injection through test-only seams (reference §7.3–7.4): the object's `sender` field, the Runtime's sender
// and waitUntil, and a SQLite trigger that makes a handler's real database write fail. No production flag.

type ItemStub = DurableObjectStub<InventoryItemObject>;
const stubOf = (productId: string) => itemStub(env, productId) as unknown as ItemStub;
const failing: EventSender = { send: async () => { throw new Error("injected: queue unavailable"); } };
const neverAnswers: EventSender = { send: () => new Promise<void>(() => undefined) };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function logged(eventId: string): Promise<number> {
  return (await loggedEvents({ eventId })).length;
}
async function pendingIn(productId: string): Promise<{ eventId: string }[]> {
  return runInDurableObject(stubOf(productId), (_i: InventoryItemObject, state) =>
    state.storage.sql.exec<{ eventId: string }>(`SELECT DISTINCT event_id AS eventId FROM outbox WHERE sent_at IS NULL`).toArray());
}
const admin = async () => ({ id: (await adminToken()).id, role: "ADMIN" as const });

/** Makes the inventory context's inbox write fail for one event: its handler throws at commit, like an outage. */
async function breakInboxFor(eventId: string): Promise<void> {
  await env.DB_INVENTORY.prepare(`CREATE TRIGGER fault_${eventId} BEFORE INSERT ON inbox WHEN NEW.event_id = '${eventId}' BEGIN SELECT RAISE(ABORT, 'injected fault'); END`).run();
}
async function repairInboxFor(eventId: string): Promise<void> {
  await env.DB_INVENTORY.prepare(`DROP TRIGGER IF EXISTS fault_${eventId}`).run();
}

async function submittedEvent() {
  const product = await createProduct({ initialStock: 10, reorderPoint: 0 });
  const customer = await aCustomer();
  await settle();
  const order = await anOrder(customer.token, [{ productId: product.id, quantity: 3 }]);
  const event = anEvent("OrderSubmitted", order.id, { orderId: order.id, customerId: customer.id, items: [{ productId: product.id, quantity: 3 }], total: order.total, paymentMethod: { type: "CARD", token: "tok_visa" } });
  return { product, order, event };
}

describe("fault injection", () => {
  it("relay send fails in the item object: events stay pending, then go with the next alarm, once", async () => {
    const product = await createProduct({ initialStock: 10, reorderPoint: 5 });
    await settle();
    await runInDurableObject(stubOf(product.id), (i: InventoryItemObject) => void (i.sender = failing));
    await stubOf(product.id).adjust(-6, "shrinkage", { correlationId: "fault-test", causationId: null });
    const pending = await pendingIn(product.id);
    expect(pending.length).toBe(1); // LowStockAlert: available 4 fell below 5
    await sleep(300);
    expect(await logged(pending[0]!.eventId)).toBe(0);
    await runInDurableObject(stubOf(product.id), (i: InventoryItemObject) => void (i.sender = queueSender(env)));
    await sleep(1_100); // past the first retry's backoff
    await runDurableObjectAlarm(stubOf(product.id));
    expect(await pendingIn(product.id)).toEqual([]);
    await settle();
    expect(await logged(pending[0]!.eventId)).toBe(1);
  });

  it("relay send fails after a D1 commit: the row stays pending with its error, and the sweep sends it once", async () => {
    const waits: Promise<unknown>[] = [];
    const rt: Runtime = { env, waitUntil: (p) => void waits.push(p), sender: failing };
    const created = await createProductService(rt, await admin(), { ...aProduct({ initialStock: 4 }), price: { amount: 1_000, currency: "USD" as const } }, { correlationId: "fault-d1", causationId: null });
    if (!created.ok) throw new Error(created.code);
    await Promise.all(waits);
    const row = await env.DB_PRODUCT.prepare(`SELECT event_id, attempts, last_error FROM outbox WHERE sent_at IS NULL AND event_type = 'ProductCreated' AND body LIKE ?`).bind(`%${created.value.id}%`).first<{ event_id: string; attempts: number; last_error: string }>();
    expect(row).toMatchObject({ attempts: 1, last_error: "injected: queue unavailable" });
    expect(await stubOf(created.value.id).snapshot()).toBeNull();
    await sweepD1Outboxes(env, undefined, Date.now() + 600_000);
    await settle();
    expect(await stubOf(created.value.id).snapshot()).toMatchObject({ onHand: 4 });
    expect(await logged(row!.event_id)).toBe(1);
  });

  it("the process dies between the D1 commit and the send: nothing is lost after the sweep", async () => {
    // waitUntil drops the relay and the send never completes: the state is committed, the event only in the outbox.
    const rt: Runtime = { env, waitUntil: () => undefined, sender: neverAnswers };
    const created = await createProductService(rt, await admin(), { ...aProduct({ initialStock: 7 }), price: { amount: 1_000, currency: "USD" as const } }, { correlationId: "fault-crash", causationId: null });
    if (!created.ok) throw new Error(created.code);
    expect(await pendingOutboxCount(env, "product")).toBeGreaterThan(0);
    await settle();
    expect(await stubOf(created.value.id).snapshot()).toMatchObject({ onHand: 7 });
    expect(await pendingOutboxCount(env, "product")).toBe(0);
  });

  it("the item object dies between its commit and the send: the next instance's alarm sends the event", async () => {
    const product = await createProduct({ initialStock: 10, reorderPoint: 5 });
    await settle();
    await runInDurableObject(stubOf(product.id), (i: InventoryItemObject) => void (i.sender = neverAnswers));
    await stubOf(product.id).adjust(-8, "damaged", { correlationId: "fault-evict", causationId: null });
    const pending = await pendingIn(product.id);
    expect(pending.length).toBe(1);
    await evictDurableObject(stubOf(product.id));
    await runDurableObjectAlarm(stubOf(product.id));
    await settle();
    expect(await pendingIn(product.id)).toEqual([]);
    expect(await logged(pending[0]!.eventId)).toBe(1);
    expect(await stubOf(product.id).snapshot()).toMatchObject({ onHand: 2, level: "LOW" });
  });

  it("a handler that throws once is retried and applied once", async () => {
    const { product, event } = await submittedEvent();
    await breakInboxFor(event.eventId);
    const deliver = async (attempts: number) => {
      const batch = createMessageBatch("commerce-inventory-inbox", [{ id: `msg-${attempts}`, timestamp: new Date(), attempts, body: event }]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      return getQueueResult(batch, ctx);
    };
    const first = await deliver(1);
    expect(first.retryMessages.map((m) => m.msgId)).toEqual(["msg-1"]);
    await repairInboxFor(event.eventId);
    expect((await deliver(2)).explicitAcks).toEqual(["msg-2"]);
    expect((await deliver(3)).explicitAcks).toEqual(["msg-3"]); // a redelivery after success: acked, not applied
    await settle();
    expect(await stubOf(product.id).snapshot()).toMatchObject({ reserved: 3 });
    const reserved = await env.DB_INVENTORY.prepare(`SELECT COUNT(DISTINCT event_id) AS n FROM outbox WHERE event_type = 'InventoryReserved' AND body LIKE ?`).bind(`%${event.data.orderId}%`).first<{ n: number }>();
    expect(reserved?.n).toBe(1);
  });

  it("a handler that always throws is dead-lettered; replayed after the fix it is applied once", async () => {
    const { product, event } = await submittedEvent();
    await breakInboxFor(event.eventId);
    await publish(event);
    const dead = await eventually(
      () => env.DB_OPERATIONS.prepare(`SELECT body FROM dead_letters WHERE event_id = ? AND context = 'inventory'`).bind(event.eventId).first<{ body: string }>(),
      (row) => row !== null, 30_000,
    );
    expect(await env.DB_INVENTORY.prepare(`SELECT COUNT(*) AS n FROM inbox WHERE event_id = ?`).bind(event.eventId).first<{ n: number }>()).toEqual({ n: 0 });
    await repairInboxFor(event.eventId);
    // The replay endpoint arrives with issue 6; until then the recorded body is re-sent with the real producer.
    const replay = async () => {
      if (await hasRoute("POST /api/v1/admin/dead-letters/{context}/replay")) {
        expect((await api("POST", v1("/admin/dead-letters/inventory/replay"), { token: (await adminToken()).token })).status).toBe(200);
      } else {
        await queueBinding(env, "inventory").send(JSON.parse(dead!.body), { contentType: "json" });
      }
      await settle();
    };
    await replay();
    await replay();
    expect(await env.DB_INVENTORY.prepare(`SELECT COUNT(*) AS n FROM inbox WHERE event_id = ?`).bind(event.eventId).first<{ n: number }>()).toEqual({ n: 1 });
    expect(await stubOf(product.id).snapshot()).toMatchObject({ reserved: 3, onHand: 10 });
    const published = { n: (await loggedEvents({ orderId: event.data.orderId, type: "InventoryReserved" })).length };
    expect(published?.n).toBe(1);
  });
});
