import { describe, expect, it } from "vitest";
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import { api, v1 } from "../support/api";
import { createProduct } from "../support/mothers";
import { anEvent, publish } from "../support/events";
import { eventually, settle } from "../support/settle";
import { consumeBatch, retryDelaySeconds, type HandlerTable } from "../../workers/events/consumer";
import { applyOnce } from "../../workers/events/inbox";
import { db } from "../../workers/events/outbox-d1";
import { productHandlers } from "../../workers/product/handlers";
import { products } from "../../schema/product/tables";
import { deadLetters } from "../../schema/operations/tables";
import { deliveryState, loggedEvents } from "../support/event-log";
import { inbox } from "../../schema/shared/event-tables";

const availabilityOf = async (id: string) => (await api("GET", v1(`/products/${id}`))).data.availability as string;
const inboxRows = async (eventId: string) => (await db(env.DB_PRODUCT).select().from(inbox).where(eq(inbox.eventId, eventId))).length;

describe("at-least-once delivery", () => {
  it("applies an event delivered twice through the real queue once", async () => {
    const p = await createProduct({ initialStock: 20, reorderPoint: 5 });
    await settle();
    const alert = anEvent("LowStockAlert", p.id, { productId: p.id, available: 3, reorderPoint: 5 }, { version: 50 });
    await publish(alert, 2);
    await eventually(() => availabilityOf(p.id), (a) => a === "LOW_STOCK");
    await settle();
    expect(await inboxRows(alert.eventId)).toBe(1);
    const logged = await loggedEvents({ eventId: alert.eventId });
    expect(logged).toHaveLength(1);
    const delivery = await deliveryState(alert, "product");
    expect(delivery?.status).toBe("HANDLED");
  });

  it("ignores an older stock event that arrives after a newer one (unordered delivery)", async () => {
    const p = await createProduct({ initialStock: 20, reorderPoint: 5 });
    await settle();
    await publish(anEvent("InventoryReplenished", p.id, { productId: p.id, available: 9 }, { version: 40 }));
    await settle();
    await publish(anEvent("LowStockAlert", p.id, { productId: p.id, available: 0, reorderPoint: 5 }, { version: 39 }));
    await settle();
    expect(await availabilityOf(p.id)).toBe("IN_STOCK");
  });

  it("runs an effect once when the same event is applied twice at the same moment", async () => {
    const p = await createProduct({ initialStock: 0 });
    const event = { eventId: `evt_${crypto.randomUUID()}`, eventType: "ReviewApproved" };
    // A counting effect: applied twice it would show 2 reviews. The inbox row in the same batch makes it once.
    const bump = () => applyOnce(env.DB_PRODUCT, event, (d) => [d.update(products).set({ reviewCount: sql`${products.reviewCount} + 1` }).where(eq(products.id, p.id))]);
    const results = await Promise.all([bump(), bump(), bump()]);
    expect(results.filter((r) => r === "handled")).toHaveLength(1);
    expect(results.filter((r) => r === "duplicate")).toHaveLength(2);
    expect(await bump()).toBe("duplicate");
    expect((await api("GET", v1(`/products/${p.id}`))).data.reviewCount).toBe(1);
  });
});

describe("per-message acknowledgement", () => {
  it("acks the good and the malformed messages of a mixed batch and retries only the failing one", async () => {
    const p = await createProduct({ initialStock: 20, reorderPoint: 5 });
    await settle();
    const good = anEvent("LowStockAlert", p.id, { productId: p.id, available: 2, reorderPoint: 5 }, { version: 60 });
    const failing = anEvent("InventoryReplenished", p.id, { productId: p.id, available: 30 }, { version: 61 });
    const table: HandlerTable = {
      product: {
        ...productHandlers,
        InventoryReplenished: async () => {
          throw new Error("database briefly unavailable");
        },
      },
    };
    const batch = createMessageBatch<unknown>("commerce-product-inbox", [
      { id: "m-good", timestamp: new Date(), attempts: 1, body: good },
      { id: "m-failing", timestamp: new Date(), attempts: 2, body: failing },
      { id: "m-malformed", timestamp: new Date(), attempts: 1, body: { eventType: "LowStockAlert", data: { productId: 42 } } },
    ]);
    const ctx = createExecutionContext();
    await consumeBatch(batch, env, ctx, table);
    const result = await getQueueResult(batch, ctx);

    expect(result.ackAll).toBe(false);
    expect(result.retryBatch.retry).toBe(false);
    expect(result.explicitAcks.sort()).toEqual(["m-good", "m-malformed"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m-failing"]);

    expect(await availabilityOf(p.id)).toBe("LOW_STOCK");
    const parked = await db(env.DB_OPERATIONS).select().from(deadLetters).where(eq(deadLetters.id, "dlq_m-malformed"));
    expect(parked[0]).toMatchObject({ context: "product", reason: expect.stringMatching(/^MALFORMED/) });
    const retrying = await deliveryState(failing, "product");
    expect(retrying).toMatchObject({ status: "RETRYING", attempts: 2, lastError: "database briefly unavailable" });
  });

  it("backs a failing message off exponentially from QUEUE_RETRY_BASE_SECONDS, capped at 10 minutes", () => {
    const prod = { ...env, QUEUE_RETRY_BASE_SECONDS: "2" };
    expect([1, 2, 3, 4, 20].map((attempts) => retryDelaySeconds(prod, attempts))).toEqual([2, 4, 8, 16, 600]);
  });

  it("acks a redelivered message as a duplicate without applying it again", async () => {
    const p = await createProduct({ initialStock: 20, reorderPoint: 5 });
    await settle();
    const alert = anEvent("LowStockAlert", p.id, { productId: p.id, available: 1, reorderPoint: 5 }, { version: 70 });
    for (const attempts of [1, 2]) {
      const batch = createMessageBatch<unknown>("commerce-product-inbox", [{ id: `m-${attempts}`, timestamp: new Date(), attempts, body: alert }]);
      const ctx = createExecutionContext();
      await consumeBatch(batch, env, ctx, { product: productHandlers });
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([`m-${attempts}`]);
    }
    expect(await inboxRows(alert.eventId)).toBe(1);
    const delivery = await deliveryState(alert, "product");
    expect(delivery).toMatchObject({ status: "HANDLED" });
  });
});
