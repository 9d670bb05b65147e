import { deliveryById } from "../support/event-log";
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { adminToken, api, v1 } from "../support/api";
import { anEvent, publish } from "../support/events";
import { createProduct } from "../support/mothers";
import { eventually, settle } from "../support/settle";
import { breakProductTable, repairProductTable } from "../support/failures";
import { tokenFor } from "../support/webhooks";
import { db } from "../../workers/events/outbox-d1";

async function deadLetters(query = "") {
  const { token } = await adminToken();
  const res = await api("GET", v1(`/admin/dead-letters${query}`), { token });
  expect(res.status).toBe(200);
  return res.data as { id: string; context: string; eventId: string | null; reason: string; attempts: number; replayedAt: string | null }[];
}

const inboxRows = async (eventId: string) =>
  Number((await db(env.DB_PRODUCT).all<{ n: number }>(sql`SELECT COUNT(*) AS n FROM inbox WHERE event_id = ${eventId}`))[0]?.n);

const delivery = async (eventId: string, context: string) => {
  const d = await deliveryById(eventId, context);
  return d ? { status: d.status, attempts: d.attempts } : undefined;
};

describe("dead letters", () => {
  it("replays exactly the context's dead-lettered messages, and the idempotent handler applies the event once", async () => {
    const product = await createProduct({ initialStock: 20, reorderPoint: 5 });
    await settle();
    const handledBefore = anEvent("InventoryReplenished", product.id, { productId: product.id, available: 20 }, { version: 1 });
    await publish(handledBefore);
    await settle();

    await breakProductTable();
    const lost = anEvent("LowStockAlert", product.id, { productId: product.id, available: 3, reorderPoint: 5 }, { version: 7 });
    await publish(lost, 2); // delivered twice (at least once), so two dead letters carry the same event
    await env.Q_PRODUCT.send({ not: "an event" }, { contentType: "json" });
    await env.Q_INVENTORY.send({ also: "garbage" }, { contentType: "json" });
    await eventually(() => deadLetters("?context=product"), (l) => l.length === 3);
    await settle();
    await repairProductTable();

    const parked = await deadLetters("?context=product");
    expect(parked.filter((d) => d.eventId === lost.eventId).map((d) => d.reason)).toEqual([expect.stringMatching(/^RETRIES_EXHAUSTED/), expect.stringMatching(/^RETRIES_EXHAUSTED/)]);
    expect(parked.filter((d) => d.reason.startsWith("MALFORMED"))).toHaveLength(1);
    expect(await inboxRows(lost.eventId)).toBe(0);
    expect((await api("GET", v1(`/products/${product.id}`))).data.availability).toBe("IN_STOCK");

    const { token } = await adminToken();
    const replay = await api("POST", v1("/admin/dead-letters/product/replay"), { token });
    expect(replay.status).toBe(200);
    expect(replay.data).toEqual({ context: "product", replayed: 2, skippedMalformed: 1 });

    await eventually(() => api("GET", v1(`/products/${product.id}`)), (r) => r.data.availability === "LOW_STOCK");
    await settle();
    expect(await inboxRows(lost.eventId)).toBe(1);
    expect(await delivery(lost.eventId, "product")).toMatchObject({ status: "HANDLED" });
    // The event handled before the outage was not re-sent: still one attempt.
    expect(await delivery(handledBefore.eventId, "product")).toEqual({ status: "HANDLED", attempts: 1 });
    const after = await deadLetters();
    expect(after.filter((d) => d.context === "product" && d.eventId === lost.eventId).every((d) => d.replayedAt !== null)).toBe(true);
    expect(after.filter((d) => d.context === "inventory")).toEqual([expect.objectContaining({ replayedAt: null })]);
    expect(after).toHaveLength(4); // the replay did not dead-letter anything again
    expect((await deadLetters("?context=product&replayed=false")).map((d) => d.reason)).toEqual([expect.stringMatching(/^MALFORMED/)]);

    const again = await api("POST", v1("/admin/dead-letters/product/replay"), { token });
    expect(again.data).toEqual({ context: "product", replayed: 0, skippedMalformed: 1 });
  });

  it("lists dead letters newest first with a working cursor", async () => {
    for (let i = 0; i < 3; i++) await env.Q_CART.send({ junk: i }, { contentType: "json" });
    await eventually(() => deadLetters("?context=cart"), (l) => l.length === 3);
    const { token } = await adminToken();
    const first = await api("GET", v1("/admin/dead-letters?context=cart&limit=2"), { token });
    expect(first.data).toHaveLength(2);
    expect(first.body.metadata.nextCursor).toEqual(expect.any(String));
    const second = await api("GET", v1(`/admin/dead-letters?context=cart&limit=2&cursor=${first.body.metadata.nextCursor}`), { token });
    expect(second.data).toHaveLength(1);
    expect(second.body.metadata.nextCursor).toBeNull();
    expect(new Set([...first.data, ...second.data].map((d: { id: string }) => d.id)).size).toBe(3);
  });

  it("rejects bad input with 400 and non-admins with 401/403 on both endpoints", async () => {
    const { token } = await adminToken();
    expect((await api("GET", v1("/admin/dead-letters?context=nowhere"), { token })).status).toBe(400);
    expect((await api("GET", v1("/admin/dead-letters?replayed=maybe"), { token })).status).toBe(400);
    expect((await api("GET", v1("/admin/dead-letters?cursor=%%%"), { token })).status).toBe(400);
    expect((await api("GET", v1("/admin/dead-letters?limit=1000"), { token })).status).toBe(400);
    const bad = await api("POST", v1("/admin/dead-letters/nowhere/replay"), { token });
    expect(bad.status).toBe(400);
    expect(bad.errors[0]?.code).toBe("VALIDATION_FAILED");
    for (const role of ["CUSTOMER", "SELLER"] as const) {
      const t = await tokenFor(role);
      expect((await api("GET", v1("/admin/dead-letters"), { token: t })).status).toBe(403);
      expect((await api("POST", v1("/admin/dead-letters/product/replay"), { token: t })).status).toBe(403);
    }
    expect((await api("GET", v1("/admin/dead-letters"))).status).toBe(401);
    expect((await api("POST", v1("/admin/dead-letters/product/replay"))).status).toBe(401);
  });
});
