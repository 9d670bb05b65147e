import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../support/api";
import { aPrincipal } from "../support/principals";
import { newId } from "../../workers/kernel/ids";
import { recordEvents as recordInLog } from "../../workers/operations/event-log";
import type { AnyEnvelope } from "../../workers/events/envelope";

// Issue 17 item 3: the event log used to be read 500 rows at a time and paged in memory, so every event after the
// 500th (the newest ones) was unreachable. Pages are now ranges of the (occurredOn, eventId) index.

const AGGREGATE = `prd_${"PAGING".padEnd(26, "0")}`;

async function recordEvents(n: number, type: (i: number) => string) {
  const base = Date.parse("2026-01-01T00:00:00.000Z");
  const events = Array.from({ length: n }, (_, i) => {
    // Two events share each millisecond, so the tie on occurredOn is broken by eventId.
    const occurredOn = new Date(base + Math.floor(i / 2)).toISOString();
    const eventId = newId("evt", base + i);
    return { eventId, eventType: type(i), eventVersion: 1, occurredOn, aggregateType: "Product", aggregateId: AGGREGATE, aggregateVersion: i + 1, correlationId: "paging", causationId: null, data: { n: i } } as unknown as AnyEnvelope;
  });
  // Recorded as the relays record them: into the event log's shards, 100 at a time.
  for (let i = 0; i < events.length; i += 100) await recordInLog(env, events.slice(i, i + 100));
}

async function pageThrough(token: string, query: string): Promise<number[]> {
  const seen: number[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const res = await api("GET", `/api/v1/admin/events?aggregateId=${AGGREGATE}&limit=100${query}${cursor ? `&cursor=${cursor}` : ""}`, { token });
    expect(res.status).toBe(200);
    seen.push(...res.data.map((e: { data: { n: number } }) => e.data.n));
    cursor = res.body.metadata.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error("the cursor never ended");
}

describe("GET /admin/events paging", () => {
  it("reaches every one of 1,234 events, oldest first, each once, and ends with a null cursor", async () => {
    await recordEvents(1234, () => "ProductUpdated");
    const admin = await aPrincipal("ADMIN");
    const seen = await pageThrough(admin.token, "");
    expect(seen).toEqual(Array.from({ length: 1234 }, (_, i) => i));
  });

  it("pages past 500 events of one type too", async () => {
    await recordEvents(1300, (i) => (i % 2 ? "ProductPriceChanged" : "ProductUpdated"));
    const admin = await aPrincipal("ADMIN");
    const seen = await pageThrough(admin.token, "&type=ProductPriceChanged");
    expect(seen).toEqual(Array.from({ length: 650 }, (_, i) => 2 * i + 1));
  });

  it("refuses a cursor it did not issue with 400 INVALID_CURSOR", async () => {
    const admin = await aPrincipal("ADMIN");
    const res = await api("GET", `/api/v1/admin/events?cursor=${btoa("evt_nope")}`, { token: admin.token });
    expect(res.status).toBe(400);
    expect(res.errors[0]?.code).toBe("INVALID_CURSOR");
  });
});
