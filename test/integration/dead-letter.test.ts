import { afterEach, describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { eq, sql } from "drizzle-orm";
import { adminToken, api, v1 } from "../support/api";
import { createProduct } from "../support/mothers";
import { anEvent, publish } from "../support/events";
import { eventually, settle } from "../support/settle";
import { db } from "../../workers/events/outbox-d1";
import { deadLetters } from "../../schema/operations/tables";
import { deliveryState } from "../support/event-log";

// Its own file: the test breaks the product context's database on purpose, and no other test may see that.
const inboxDdl = (): string => {
  const ddl = env.TEST_MIGRATIONS.product?.flatMap((m) => m.queries).find((q) => /CREATE TABLE `inbox`/.test(q));
  if (!ddl) throw new Error("the product migrations no longer create the inbox table");
  return ddl;
};

afterEach(async () => {
  await env.DB_PRODUCT.prepare(inboxDdl().replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS")).run();
});

describe("dead-letter queue", () => {
  it("moves a message whose real handler keeps failing to the dead-letter queue after max_retries, recorded for replay", async () => {
    const p = await createProduct({ initialStock: 20, reorderPoint: 5 });
    await settle();
    const maxRetries = env.TEST_WRANGLER_QUEUES.consumers?.find((c) => c.queue === "commerce-product-inbox")?.max_retries;
    expect(maxRetries).toBeGreaterThan(0);

    // A real outage of the product context's storage: its handler throws on every attempt.
    await env.DB_PRODUCT.prepare("DROP TABLE inbox").run();
    const alert = anEvent("LowStockAlert", p.id, { productId: p.id, available: 2, reorderPoint: 5 }, { version: 80 });
    await publish(alert);

    const [dead] = await eventually(
      () => db(env.DB_OPERATIONS).select().from(deadLetters).where(sql`${deadLetters.eventId} = ${alert.eventId} AND ${deadLetters.context} = 'product'`),
      (rows) => rows.length > 0,
      30_000,
    );
    expect(dead).toMatchObject({ eventType: "LowStockAlert", reason: expect.stringMatching(/^RETRIES_EXHAUSTED: .*inbox/), replayedAt: null });
    expect(JSON.parse(dead!.body)).toMatchObject({ eventId: alert.eventId });
    const delivery = await deliveryState(alert, "product");
    expect(delivery).toMatchObject({ status: "DEAD" });
    // The first delivery plus max_retries retries, then the dead-letter queue.
    expect(delivery!.attempts).toBe(maxRetries! + 1);

    // The poison message hurt no one else: the event log has it, and the product did not change.
    const { token } = await adminToken();
    const log = await eventually(
      async () => (await api("GET", v1(`/admin/events?aggregateId=${p.id}&type=LowStockAlert`), { token })).data as { eventId: string; deliveries: Record<string, { status: string }> }[],
      (events) => events.length === 1 && events[0]?.deliveries.product?.status === "DEAD",
    );
    expect(log[0]?.eventId).toBe(alert.eventId);
    expect((await api("GET", v1(`/products/${p.id}`))).data.availability).toBe("IN_STOCK");
    const recorded = await db(env.DB_OPERATIONS).select().from(deadLetters).where(eq(deadLetters.eventId, alert.eventId));
    expect(recorded).toHaveLength(1);
  });
});
