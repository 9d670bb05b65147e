import { describe, expect, it } from "vitest";
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { createProduct } from "../support/mothers";
import { anEvent, publish } from "../support/events";
import { eventually, settle } from "../support/settle";
import { deliveryState, loggedEvents } from "../support/event-log";
import { RECEIVER, received, uniqueKey } from "../support/webhooks";
import { consumeBatch } from "../../workers/events/consumer";
import { db } from "../../workers/events/outbox-d1";
import { queueSender } from "../../workers/events/outbox";
import { productHandlers } from "../../workers/product/handlers";
import { deliverWebhooks } from "../../workers/integrations/deliver";
import { subscribedTypes } from "../../workers/integrations/subscriptions";
import { operationsMaintenance } from "../../workers/operations/maintenance";
import { enableMeter, meterCalls, meterEnv } from "../../workers/kernel/meter";
import { newId } from "../../workers/kernel/ids";
import { inbox } from "../../schema/shared/event-tables";
import { webhooks, webhookDeliveries } from "../../schema/operations/tables";

enableMeter();

const AMOUNT = { amount: 1250, currency: "USD" as const };
const inboxRows = async (eventId: string) => (await db(env.DB_PRODUCT).select().from(inbox).where(eq(inbox.eventId, eventId))).length;
const failingLog = async () => {
  throw new Error("event log unavailable");
};

describe("delivery records in the event log", () => {
  it("a crash between a handler's effect and its delivery record redelivers the message; the effect happens once and the story shows it", async () => {
    const p = await createProduct({ initialStock: 20, reorderPoint: 5 });
    await settle();
    const alert = anEvent("LowStockAlert", p.id, { productId: p.id, available: 2, reorderPoint: 5 }, { version: 60 });
    const first = createMessageBatch<unknown>("commerce-product-inbox", [{ id: "m-1", timestamp: new Date(), attempts: 1, body: alert }]);
    const ctx1 = createExecutionContext();
    await consumeBatch(first, env, ctx1, { product: productHandlers }, {}, failingLog);
    const r1 = await getQueueResult(first, ctx1);
    // The effect committed (its inbox row with it), the record did not: the message is not acked.
    expect(r1.explicitAcks).toEqual([]);
    expect(r1.retryMessages.map((m) => m.msgId)).toEqual(["m-1"]);
    expect(await inboxRows(alert.eventId)).toBe(1);
    expect(await deliveryState(alert, "product")).toBeNull();

    const again = createMessageBatch<unknown>("commerce-product-inbox", [{ id: "m-1", timestamp: new Date(), attempts: 2, body: alert }]);
    const ctx2 = createExecutionContext();
    await consumeBatch(again, env, ctx2, { product: productHandlers });
    expect((await getQueueResult(again, ctx2)).explicitAcks).toEqual(["m-1"]);
    expect(await inboxRows(alert.eventId)).toBe(1);
    // Delivered once, recorded on the second attempt as what it was: a duplicate of an applied event.
    expect(await deliveryState(alert, "product")).toMatchObject({ status: "DUPLICATE", attempts: 2 });
  });

  it("a log that stays down does not push a handled event to the dead-letter queue", async () => {
    const p = await createProduct({ initialStock: 20, reorderPoint: 5 });
    await settle();
    const alert = anEvent("LowStockAlert", p.id, { productId: p.id, available: 1, reorderPoint: 5 }, { version: 61 });
    const batch = createMessageBatch<unknown>("commerce-product-inbox", [{ id: "m-3", timestamp: new Date(), attempts: 3, body: alert }]);
    const ctx = createExecutionContext();
    await consumeBatch(batch, env, ctx, { product: productHandlers }, {}, failingLog);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["m-3"]);
    expect(await inboxRows(alert.eventId)).toBe(1);
  });

  it("records a relay's events in the shard of their order, without a queue hop, once however often they are sent", async () => {
    const orderId = newId("ord");
    const paymentId = newId("pay");
    const events = [
      anEvent("PaymentAuthorized", paymentId, { paymentId, orderId, amount: AMOUNT }),
      anEvent("InventoryReservationExpired", newId("prd"), { orderId, productId: newId("prd"), quantity: 1 }),
    ];
    const from = meterCalls().length;
    await queueSender(meterEnv(env)).send("operations", events.map((e) => JSON.stringify(e)));
    await queueSender(meterEnv(env)).send("operations", events.map((e) => JSON.stringify(e)));
    const calls = meterCalls().slice(from);
    expect(calls.filter((c) => c.kind === "queue")).toEqual([]);
    const writes = calls.filter((c) => c.store === "EventLogObject");
    // One call per send (both events of the order share a shard), to one shard.
    expect(writes).toHaveLength(2);
    expect(new Set(writes.map((c) => c.target)).size).toBe(1);
    // GET /admin/events?orderId= finds both (the payment's and the item's event are the order's story), once each.
    expect((await loggedEvents({ orderId })).map((e) => e.eventId).sort()).toEqual(events.map((e) => e.eventId).sort());
  });
});

async function insertWebhookElsewhere(key: string, types: string[], createdAt = Date.now()): Promise<string> {
  // As another isolate creates it: this isolate's copy of the subscriptions is not told.
  const id = newId("whk");
  await db(env.DB_OPERATIONS).insert(webhooks).values({ id, url: `${RECEIVER}/hook/${key}`, eventTypes: JSON.stringify(types), secret: `whsec_${btoa("x".repeat(32))}`, createdAt });
  return id;
}

describe("the integrations inbox receives only subscribed event types", () => {
  it("sends a subscribed type to the integrations queue and skips a type no webhook wants", async () => {
    await insertWebhookElsewhere(uniqueKey(), ["ReviewApproved"]);
    // A fresh read of the subscriptions (the copy expires after SUBSCRIPTIONS_TTL_MS).
    expect((await subscribedTypes(env, Date.now() + 60_000))?.has("ReviewApproved")).toBe(true);
    const productId = newId("prd");
    const reviewId = newId("rev");
    const wanted = anEvent("ReviewApproved", reviewId, { reviewId, productId, customerId: newId("cus"), rating: 5 });
    const unwanted = anEvent("InventoryReplenished", productId, { productId, available: 3 });
    const from = meterCalls().length;
    await queueSender(meterEnv(env)).send("integrations", [JSON.stringify(unwanted)]);
    expect(meterCalls().slice(from).filter((c) => c.store === "Q_INTEGRATIONS")).toEqual([]);
    await queueSender(meterEnv(env)).send("integrations", [JSON.stringify(wanted)]);
    expect(meterCalls().slice(from).filter((c) => c.store === "Q_INTEGRATIONS")).toHaveLength(1);
  });

  it("a webhook created while a relay's copy of the subscriptions is stale still receives the events after its creation", async () => {
    const key = uniqueKey();
    // Some isolate's copy of the subscriptions, read before the webhook exists.
    await subscribedTypes(env, Date.now() + 120_000);
    const hook = await insertWebhookElsewhere(key, ["LowStockAlert"]);
    const productId = newId("prd");
    const alert = anEvent("LowStockAlert", productId, { productId, available: 2, reorderPoint: 5 }, { version: 9 });
    const from = meterCalls().length;
    // Published with the stale copy: the event log has it, the integrations inbox does not.
    await publish(alert);
    expect(meterCalls().slice(from).filter((c) => c.store === "Q_INTEGRATIONS")).toEqual([]);
    expect(await loggedEvents({ eventId: alert.eventId })).toHaveLength(1);
    // The cron's catch-up re-sends the young webhook's window from the log; twice delivers once.
    await operationsMaintenance(env);
    await operationsMaintenance(env);
    const got = await eventually(() => received(key), (r) => r.length >= 1);
    expect(JSON.parse(got[0]!.body)).toEqual(alert);
    await settle();
    const rows = await db(env.DB_OPERATIONS).select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook));
    expect(rows.map((r) => [r.eventId, r.status])).toEqual([[alert.eventId, "SUCCEEDED"]]);
  });

  it("an event that occurred before a webhook was created is not delivered to it, even if it is still in the queue", async () => {
    const key = uniqueKey();
    const productId = newId("prd");
    const alert = anEvent("LowStockAlert", productId, { productId, available: 2, reorderPoint: 5 }, { version: 4 });
    const hook = await insertWebhookElsewhere(key, ["LowStockAlert"], Date.parse(alert.occurredOn) + 5_000);
    expect(await deliverWebhooks(alert, { env, waitUntil: () => undefined })).toBe("handled");
    expect(await db(env.DB_OPERATIONS).select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook))).toEqual([]);
  });
});
