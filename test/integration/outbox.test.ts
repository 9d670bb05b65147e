import { describe, expect, it } from "vitest";
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import { adminToken, api, v1 } from "../support/api";
import { aProduct, createProduct } from "../support/mothers";
import { alarmAt, dropAlarm, itemSql } from "../support/items";
import { eventually, settle } from "../support/settle";
import { itemStub } from "../../workers/inventory/stub";
import { createProduct as createProductCommand } from "../../workers/product/service";
import type { CreateProductInput } from "../../workers/product/domain";
import { db, relayD1, sweepD1Outboxes, SWEEP_GRACE_MS } from "../../workers/events/outbox-d1";
import type { EventSender } from "../../workers/events/outbox";
import { inbox, outbox } from "../../schema/shared/event-tables";
import type { InventoryItemObject } from "../../durable-objects/inventory-item/inventory-item-object";

const failingSender: EventSender = {
  async send() {
    throw new Error("queue unavailable");
  },
};

const productOutbox = (productId: string) =>
  db(env.DB_PRODUCT).select().from(outbox).where(sql`json_extract(${outbox.body}, '$.aggregateId') = ${productId}`);

async function eventLogCount(aggregateId: string, type: string): Promise<number> {
  const { token } = await adminToken();
  const res = await api("GET", v1(`/admin/events?aggregateId=${aggregateId}&type=${type}`), { token });
  expect(res.status).toBe(200);
  return res.data.length;
}

const productInboxRows = async (eventId: string) => (await db(env.DB_PRODUCT).select().from(inbox).where(eq(inbox.eventId, eventId))).length;

describe("D1 outbox", () => {
  it("keeps events pending when the post-commit relay cannot send, and the next sweep past the backoff sends them", async () => {
    const relays: Promise<unknown>[] = [];
    const rt = { env, waitUntil: (p: Promise<unknown>) => void relays.push(p), sender: failingSender };
    const input = aProduct({ initialStock: 20, reorderPoint: 5 }) as CreateProductInput;
    const created = await createProductCommand(rt, { id: "adm_OUTBOX", role: "ADMIN" }, input, { correlationId: "test-outbox", causationId: null });
    if (!created.ok) throw new Error(created.code);
    const productId = created.value.id;
    await Promise.all(relays);

    // The product is committed, its event is not lost, and nothing downstream has seen it.
    expect((await api("GET", v1(`/products/${productId}`))).status).toBe(200);
    const pending = await productOutbox(productId);
    expect(pending.map((r) => r.destination).sort()).toEqual(["cart", "integrations", "inventory", "notification", "operations"]);
    expect(pending.every((r) => r.sentAt === null && r.attempts === 1 && r.lastError === "queue unavailable")).toBe(true);

    // A relay that fails again reports it and still leaves the rows pending.
    const again = await relayD1(env, "product", { eventIds: [pending[0]!.eventId] }, failingSender);
    expect(again).toEqual({ sent: 0, failed: 5 });
    expect((await productOutbox(productId)).every((r) => r.sentAt === null)).toBe(true);

    // A sweep before the backoff has passed leaves them alone; one after it sends them.
    await sweepD1Outboxes(env, undefined, Date.now());
    expect((await productOutbox(productId)).every((r) => r.sentAt === null)).toBe(true);
    expect(await itemStub(env, productId).snapshot()).toBeNull();

    await sweepD1Outboxes(env, undefined, Date.now() + SWEEP_GRACE_MS + 60_000);
    expect((await productOutbox(productId)).every((r) => r.sentAt !== null)).toBe(true);
    const levels = await eventually(() => itemStub(env, productId).snapshot(), (l) => l !== null);
    expect(levels).toMatchObject({ onHand: 20, reorderPoint: 5 });
    await settle();
    expect(await eventLogCount(productId, "ProductCreated")).toBe(1);
  });

  it("sends a row twice when marking it sent was lost, and the consumers still apply it once", async () => {
    const p = await createProduct({ initialStock: 20, reorderPoint: 5 });
    const stub = itemStub(env, p.id);
    await eventually(() => stub.snapshot(), (l) => l !== null);
    await settle();
    const { token } = await adminToken();
    expect((await api("POST", v1(`/inventory/${p.id}/adjustments`), { token, body: { delta: 5, reason: "received" } })).status).toBe(200);

    // As if the relay crashed after sending but before recording it: the same ProductCreated goes out again.
    await db(env.DB_PRODUCT).update(outbox).set({ sentAt: null, nextAttemptAt: 0 }).where(sql`json_extract(${outbox.body}, '$.aggregateId') = ${p.id}`);
    await sweepD1Outboxes(env);
    await settle();
    // Re-initialising would have reset the stock to 20: the item keeps the adjustment.
    expect(await stub.snapshot()).toMatchObject({ onHand: 25, available: 25 });
    expect(await eventLogCount(p.id, "ProductCreated")).toBe(1);
    await dropAlarm(stub);
  });
});

describe("Durable Object outbox", () => {
  it("keeps an event pending when its relay fails; the alarm sends it later, and a second send has one effect", async () => {
    const p = await createProduct({ initialStock: 20, reorderPoint: 10 });
    const stub = itemStub(env, p.id);
    await eventually(() => stub.snapshot(), (l) => l !== null);
    await settle();

    const original = await runInDurableObject(stub, (instance: InventoryItemObject) => {
      const kept = instance.sender;
      instance.sender = failingSender;
      return kept;
    });
    const { token } = await adminToken();
    expect((await api("POST", v1(`/inventory/${p.id}/adjustments`), { token, body: { delta: -15, reason: "damaged" } })).status).toBe(200);

    type Row = { event_id: string; destination: string; attempts: number; sent_at: number | null; last_error: string | null };
    const pendingRows = () => itemSql<Row>(stub, "SELECT event_id, destination, attempts, sent_at, last_error FROM outbox WHERE event_type = 'LowStockAlert'");
    const failed = await eventually(pendingRows, (rows) => rows.length > 0 && rows.every((r) => r.attempts >= 1));
    expect(failed.map((r) => r.destination).sort()).toEqual(["integrations", "notification", "operations", "product"]);
    expect(failed.every((r) => r.sent_at === null && r.last_error === "queue unavailable")).toBe(true);
    expect(await alarmAt(stub)).not.toBeNull();
    await settle({ alarms: false });
    expect((await api("GET", v1(`/products/${p.id}`))).data.availability).toBe("IN_STOCK");

    // The queue is back; the retry time comes; the alarm relays.
    await runInDurableObject(stub, (instance: InventoryItemObject) => {
      instance.sender = original;
    });
    await itemSql(stub, "UPDATE outbox SET next_attempt_at = 0 WHERE sent_at IS NULL");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await pendingRows()).every((r) => r.sent_at !== null)).toBe(true);
    expect((await stub.report()).outboxPending).toBe(0);
    await eventually(async () => (await api("GET", v1(`/products/${p.id}`))).data.availability, (a) => a === "LOW_STOCK");

    // Sent again (the mark-as-sent was lost): the product context and the event log each take it once.
    const eventId = failed[0]!.event_id;
    await itemSql(stub, "UPDATE outbox SET sent_at = NULL, next_attempt_at = 0");
    await runInDurableObject(stub, (instance: InventoryItemObject) => instance.alarm());
    expect((await stub.report()).outboxPending).toBe(0);
    await settle();
    expect(await productInboxRows(eventId)).toBe(1);
    expect(await eventLogCount(p.id, "LowStockAlert")).toBe(1);
    await dropAlarm(stub);
  });
});
