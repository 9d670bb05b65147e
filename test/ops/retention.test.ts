import { describe, expect, it } from "vitest";
import { createExecutionContext, createMessageBatch, env, getQueueResult, runInDurableObject } from "cloudflare:test";
import { createProduct } from "../support/mothers";
import { anEvent } from "../support/events";
import { settle } from "../support/settle";
import { loggedEvents } from "../support/event-log";
import { consumeBatch } from "../../workers/events/consumer";
import { productHandlers } from "../../workers/product/handlers";
import { INBOX_RETENTION_MS, PRUNE_BATCH, SENT_OUTBOX_RETENTION_MS, pruneEventTables } from "../../workers/events/retention";
import { eventLogShard, recordEvents, shardOf } from "../../workers/operations/event-log";
import { EVENT_LOG_RETENTION_MS, type EventLogObject } from "../../durable-objects/event-log/event-log-object";
import type { InventoryItemObject } from "../../durable-objects/inventory-item/inventory-item-object";
import { newId } from "../../workers/kernel/ids";
import { operationsMaintenance, REPLAYED_DEAD_LETTER_MS } from "../../workers/operations/maintenance";

const DAY = 86_400_000;
const inboxHas = async (eventId: string) =>
  (await env.DB_PRODUCT.prepare(`SELECT COUNT(*) AS n FROM inbox WHERE event_id = ?`).bind(eventId).first<{ n: number }>())!.n === 1;

async function deliver(body: unknown, attempts: number): Promise<string[]> {
  const batch = createMessageBatch<unknown>("commerce-product-inbox", [{ id: `m-${attempts}`, timestamp: new Date(), attempts, body }]);
  const ctx = createExecutionContext();
  await consumeBatch(batch, env, ctx, { product: productHandlers });
  return (await getQueueResult(batch, ctx)).explicitAcks;
}

describe("retention of the event backbone's stores", () => {
  it("never prunes an inbox id inside the redelivery window: a redelivery the day before it ends is still a duplicate", async () => {
    const p = await createProduct({ initialStock: 20, reorderPoint: 5 });
    await settle();
    const alert = anEvent("LowStockAlert", p.id, { productId: p.id, available: 2, reorderPoint: 5 }, { version: 80 });
    expect(await deliver(alert, 1)).toEqual(["m-1"]);
    const handledAt = Date.now();

    await pruneEventTables(env, handledAt + INBOX_RETENTION_MS - DAY);
    expect(await inboxHas(alert.eventId)).toBe(true);
    // The queue brings the same message back (at-least-once): recognised, not applied again.
    const writesBefore = (await env.DB_PRODUCT.prepare(`SELECT COUNT(*) AS n FROM inbox`).first<{ n: number }>())!.n;
    expect(await deliver(alert, 2)).toEqual(["m-2"]);
    expect((await env.DB_PRODUCT.prepare(`SELECT COUNT(*) AS n FROM inbox`).first<{ n: number }>())!.n).toBe(writesBefore);

    // Past the window (longer than any queue keeps a message) the id goes.
    await pruneEventTables(env, handledAt + INBOX_RETENTION_MS + 60_000);
    expect(await inboxHas(alert.eventId)).toBe(false);
  });

  it("keeps the inbox bounded under a steady stream: ids older than the window go, however many there are", async () => {
    const prefix = `bounded-${newId("evt")}-`;
    const count = async () => (await env.DB_NOTIFICATION.prepare(`SELECT COUNT(*) AS n FROM inbox WHERE event_id LIKE ?`).bind(`${prefix}%`).first<{ n: number }>())!.n;
    // `perStep` ids handled at one instant, inserted by one statement (a recursive series, not 100-parameter chunks).
    const handle = (step: number, perStep: number, at: number) => env.DB_NOTIFICATION.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO inbox (event_id, event_type, handled_at) SELECT ? || ? || '-' || i, 'OrderPlaced', ? FROM n`,
    ).bind(perStep, prefix, step, at).run();
    const start = Date.now() - 10 * DAY;
    // A backlog of more than two statements' worth, all past the window, goes in one cron run.
    await handle(0, 2 * PRUNE_BATCH + 500, start);
    await pruneEventTables(env, start + INBOX_RETENTION_MS + 60_000);
    expect(await count()).toBe(0);

    // Then a steady stream of 200 ids every 6 hours for 5 days, pruned as it goes: the inbox levels off at the
    // window's worth of ids (30 hours = 5 steps, plus the current one) instead of growing with time.
    const STEP = DAY / 4;
    const PER_STEP = 200;
    const sizes: number[] = [];
    for (let step = 1; step <= 20; step++) {
      const now = start + step * STEP;
      await handle(step, PER_STEP, now);
      await pruneEventTables(env, now);
      sizes.push(await count());
    }
    const windowSteps = INBOX_RETENTION_MS / STEP;
    expect(Math.max(...sizes)).toBe((windowSteps + 1) * PER_STEP);
    expect(sizes.slice(-10)).toEqual(Array(10).fill((windowSteps + 1) * PER_STEP));
    await env.DB_NOTIFICATION.prepare(`DELETE FROM inbox WHERE event_id LIKE ?`).bind(`${prefix}%`).run();
  });

  it("drops sent outbox rows after their hour and never an unsent one, however old", async () => {
    const now = Date.now();
    const row = (eventId: string, createdAt: number, sentAt: number | null) =>
      env.DB_PRODUCT.prepare(`INSERT INTO outbox (event_id, event_type, destination, body, created_at, attempts, next_attempt_at, sent_at) VALUES (?, 'ProductUpdated', 'cart', '{}', ?, 0, ?, ?)`)
        .bind(eventId, createdAt, createdAt, sentAt);
    const [oldSent, freshSent, unsent] = [newId("evt"), newId("evt"), newId("evt")];
    // Parked unsent rows would be relayed by a sweep; they are placed in the future so the sweep leaves them be.
    await env.DB_PRODUCT.batch([row(oldSent, now - 3 * DAY, now - 2 * DAY), row(freshSent, now - 60_000, now - 30_000), row(unsent, now + 3_600_000, null)]);
    await pruneEventTables(env, now);
    const left = await env.DB_PRODUCT.prepare(`SELECT event_id FROM outbox WHERE event_id IN (?, ?, ?)`).bind(oldSent, freshSent, unsent).all<{ event_id: string }>();
    expect(left.results.map((r) => r.event_id).sort()).toEqual([freshSent, unsent].sort());
    // Ten days on, the fresh row has had its hour; the unsent one is still waiting for its relay.
    await pruneEventTables(env, now + 10 * DAY);
    const later = await env.DB_PRODUCT.prepare(`SELECT event_id FROM outbox WHERE event_id IN (?, ?, ?)`).bind(oldSent, freshSent, unsent).all<{ event_id: string }>();
    expect(later.results.map((r) => r.event_id)).toEqual([unsent]);
    expect(SENT_OUTBOX_RETENTION_MS).toBeLessThan(10 * DAY);
    // The parked row is the test's own: removed so the other tests' settle() does not wait for it.
    await env.DB_PRODUCT.prepare(`DELETE FROM outbox WHERE event_id = ?`).bind(unsent).run();
  });

  it("keeps an order's story for the log's retention, then its shard's alarm prunes it", async () => {
    const orderId = newId("ord");
    const paymentId = newId("pay");
    const event = anEvent("PaymentAuthorized", paymentId, { paymentId, orderId, amount: { amount: 500, currency: "USD" } });
    await recordEvents(env, [event]);
    const shard = eventLogShard(env, shardOf(orderId)) as unknown as DurableObjectStub<EventLogObject>;
    const alarm = await runInDurableObject(shard, (_o: EventLogObject, state) => state.storage.getAlarm());
    expect(alarm, "a shard with rows has its pruning alarm").not.toBeNull();

    await shard.prune(Date.now() + EVENT_LOG_RETENTION_MS - DAY);
    expect(await loggedEvents({ orderId })).toHaveLength(1);
    await shard.prune(Date.now() + EVENT_LOG_RETENTION_MS + DAY);
    expect(await loggedEvents({ orderId })).toHaveLength(0);
  });

  it("compacts settled holds past the redelivery window as the item decides, never a live one nor a recent one", async () => {
    const p = await createProduct({ initialStock: 50 });
    await settle();
    const stub = env.INVENTORY_ITEM.get(env.INVENTORY_ITEM.idFromName(p.id)) as DurableObjectStub<InventoryItemObject>;
    const old = Date.now() - INBOX_RETENTION_MS - DAY;
    await runInDurableObject(stub, (_o: InventoryItemObject, state) => {
      const put = (orderId: string, status: string, updatedAt: number) =>
        state.storage.sql.exec(`INSERT INTO holds (order_id, quantity, expires_at, status, available_at_rejection, updated_at) VALUES (?, 1, ?, ?, NULL, ?)`, orderId, Date.now() + 3_600_000, status, updatedAt);
      put("ord-old-released", "RELEASED", old);
      put("ord-old-fulfilled", "FULFILLED", old);
      put("ord-recent-expired", "EXPIRED", Date.now() - DAY);
      put("ord-old-committed", "COMMITTED", old);
    });
    // Any decision of the item compacts (here a reservation of one unit).
    const r = await stub.reserve(newId("ord"), 1, 900, { correlationId: "retention", causationId: null });
    expect(r.status).toBe("HELD");
    const kept = await runInDurableObject(stub, (_o: InventoryItemObject, state) =>
      state.storage.sql.exec<{ order_id: string }>(`SELECT order_id FROM holds WHERE order_id LIKE 'ord-%-%'`).toArray().map((x) => x.order_id).sort());
    expect(kept).toEqual(["ord-old-committed", "ord-recent-expired"]);
  });

  it("prunes replayed dead letters after their retention and never one still waiting for its replay", async () => {
    const now = Date.now();
    const put = (id: string, recordedAt: number, replayedAt: number | null) =>
      env.DB_OPERATIONS.prepare(`INSERT INTO dead_letters (id, context, event_id, event_type, body, reason, attempts, recorded_at, replayed_at) VALUES (?, 'product', NULL, NULL, '{}', 'test', 6, ?, ?)`)
        .bind(id, recordedAt, replayedAt);
    const ids = { oldReplayed: `dlq_${newId("evt")}`, recentReplayed: `dlq_${newId("evt")}`, waiting: `dlq_${newId("evt")}` };
    await env.DB_OPERATIONS.batch([
      put(ids.oldReplayed, now - REPLAYED_DEAD_LETTER_MS - 2 * DAY, now - REPLAYED_DEAD_LETTER_MS - DAY),
      put(ids.recentReplayed, now - 2 * DAY, now - DAY),
      put(ids.waiting, now - 2 * REPLAYED_DEAD_LETTER_MS, null),
    ]);
    await operationsMaintenance(env, now);
    const left = await env.DB_OPERATIONS.prepare(`SELECT id FROM dead_letters WHERE id IN (?, ?, ?)`).bind(ids.oldReplayed, ids.recentReplayed, ids.waiting).all<{ id: string }>();
    expect(left.results.map((r) => r.id).sort()).toEqual([ids.recentReplayed, ids.waiting].sort());
    await env.DB_OPERATIONS.prepare(`DELETE FROM dead_letters WHERE id IN (?, ?)`).bind(ids.recentReplayed, ids.waiting).run();
  });
});
