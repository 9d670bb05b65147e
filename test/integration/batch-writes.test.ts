import { beforeAll, describe, expect, it } from "vitest";
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { consumeBatch, type HandlerTable } from "../../workers/events/consumer";
import { applyOnce } from "../../workers/events/inbox";
import { rawStatement } from "../../workers/events/outbox-d1";
import { enableMeter, meterCalls, meterEnv } from "../../workers/kernel/meter";
import { anEvent } from "../support/events";
import { newId } from "../../workers/kernel/ids";

// A queue batch's handlers share one D1 write transaction per database (workers/events/batch-writes.ts), and a
// shared transaction that fails gives each message its own outcome back: nothing applied twice, nothing lost.

enableMeter();

/** An effect that is not idempotent by itself (no unique key): applying a message twice would show as two rows. */
const effects = async (eventIds: string[]) => {
  const rows = await env.DB_PROMOTION.prepare(`SELECT event_id FROM batch_effects WHERE event_id IN (${eventIds.map(() => "?").join(",")})`).bind(...eventIds).all<{ event_id: string }>();
  return rows.results.map((r) => r.event_id).sort();
};

type Alert = ReturnType<typeof alert>;
const alert = (poison = false) => {
  const productId = newId("prd");
  return anEvent("LowStockAlert", productId, { productId, available: poison ? 0 : 1, reorderPoint: 5 });
};

/** Test subscribers on the promotion queue: each writes its effect with its inbox row; `available: 0` is a poison message. */
function table(onHandle?: (e: Alert) => Promise<void>): HandlerTable {
  return {
    promotion: {
      LowStockAlert: async (e, rt) => {
        await onHandle?.(e);
        return applyOnce(rt.env.DB_PROMOTION, e, (d) => [
          e.data.available === 0 ? rawStatement(d, sql`INSERT INTO no_such_table VALUES (1)`) : rawStatement(d, sql`INSERT INTO batch_effects (event_id) VALUES (${e.eventId})`),
        ]);
      },
    },
  };
}

async function deliver(events: Alert[], handlers: HandlerTable) {
  const batch = createMessageBatch<unknown>("commerce-promotion-inbox", events.map((body, i) => ({ id: `bw-${body.eventId}-${i}`, timestamp: new Date(), attempts: 1, body })));
  const ctx = createExecutionContext();
  const from = meterCalls().length;
  await consumeBatch(batch, meterEnv(env), ctx, handlers);
  const result = await getQueueResult(batch, ctx);
  const writes = meterCalls().slice(from).filter((c) => c.store === "DB_PROMOTION" && c.access === "write");
  const idOf = (messageId: string) => events.find((e, i) => `bw-${e.eventId}-${i}` === messageId)!.eventId;
  return { acked: result.explicitAcks.map(idOf).sort(), retried: result.retryMessages.map((m) => idOf(m.msgId)).sort(), writes: writes.length };
}

beforeAll(async () => {
  // The test's own scratch table in a real context database (not part of the schema).
  await env.DB_PROMOTION.prepare(`CREATE TABLE IF NOT EXISTS batch_effects (event_id TEXT NOT NULL)`).run();
});

describe("one write transaction per database per queue batch", () => {
  it("applies ten messages of one batch in one write to their database", async () => {
    const events = Array.from({ length: 10 }, () => alert());
    const r = await deliver(events, table());
    expect(r.acked).toEqual(events.map((e) => e.eventId).sort());
    expect(r.writes).toBe(1);
    expect(await effects(events.map((e) => e.eventId))).toEqual(events.map((e) => e.eventId).sort());
  });

  it("a redelivered message and a poison message in the batch: the rest applied once, the duplicate ignored, the poison retried", async () => {
    const seen = alert();
    expect((await deliver([seen], table())).acked).toEqual([seen.eventId]);
    const fresh = Array.from({ length: 4 }, () => alert());
    const poison = alert(true);
    // The shared transaction fails (the duplicate's inbox row, the poison's statement) and applies nothing; each
    // message's own batch then decides its outcome.
    const r = await deliver([...fresh.slice(0, 2), seen, poison, ...fresh.slice(2)], table());
    expect(r.acked).toEqual([...fresh, seen].map((e) => e.eventId).sort());
    expect(r.retried).toEqual([poison.eventId]);
    expect(await effects([...fresh, seen, poison].map((e) => e.eventId))).toEqual([...fresh, seen].map((e) => e.eventId).sort());

    // The whole batch comes again (a lost ack): nothing is applied a second time, and the poison is still retried.
    const again = await deliver([...fresh, seen, poison], table());
    expect(again.acked).toEqual([...fresh, seen].map((e) => e.eventId).sort());
    expect(again.retried).toEqual([poison.eventId]);
    expect(await effects([...fresh, seen].map((e) => e.eventId))).toEqual([...fresh, seen].map((e) => e.eventId).sort());
  });

  it("a handler waiting on something else does not hold the others' write forever", async () => {
    // The first message waits until the second one's effect is committed: the second cannot wait for the first.
    const [first, second] = [alert(), alert()];
    let secondApplied: () => void = () => {};
    const applied = new Promise<void>((resolve) => (secondApplied = resolve));
    const handlers = table(async (e) => {
      if (e.eventId === first.eventId) await applied;
    });
    const wrapped: HandlerTable = {
      promotion: {
        LowStockAlert: async (e, rt) => {
          const result = await handlers.promotion!.LowStockAlert!(e, rt);
          if (e.eventId === second.eventId) secondApplied();
          return result;
        },
      },
    };
    const r = await deliver([first, second], wrapped);
    expect(r.acked).toEqual([first, second].map((e) => e.eventId).sort());
    expect(await effects([first.eventId, second.eventId])).toEqual([first, second].map((e) => e.eventId).sort());
  });
});
