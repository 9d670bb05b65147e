import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { enableMeter, meterCalls, type MeterCall } from "../../workers/kernel/meter";
import { EVENT_LOG_SHARDS } from "../../workers/operations/event-log";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anAddress, createProduct } from "../support/mothers";
import { eventually, settle } from "../support/settle";
import { readLog } from "../../workers/operations/event-log";
import { D1_CONTEXTS, contextDatabase } from "../../workers/events/outbox-d1";
import { INBOX_RETENTION_MS } from "../../workers/events/retention";

// The write fan-in table (issue 12; architecture.md "Where state lives, and what each request may cost"): for one
// order (checkout → CONFIRMED → shipped) the write transactions each single-writer store receives, and what that
// implies at the modelled 1,000 orders per second. A D1 database takes ~500 write transactions per second, one
// Durable Object ~400; an order's writes to a store shared by every order add up, while a store per entity (one
// order object per order, one cart per customer) sees the same load at any order rate.

declare module "vitest" {
  interface TaskMeta {
    budgetTable?: string;
  }
}

enableMeter();

const MODELLED_ORDERS_PER_S = 1_000;
const D1_WRITES_PER_S = 500;
const OBJECT_WRITES_PER_S = 400;
// The inbox's steady state (README "Storage model"): at this order rate, ids kept INBOX_RETENTION_MS, each ~150 B with
// its two indexes (event_id unique, handled_at), must fit a D1 database's 10 GB with room for the context's own data.
const STORAGE_ORDERS_PER_S = 100;
const INBOX_ROW_BYTES = 150;
const D1_MAX_BYTES = 10e9;

async function inboxIds(): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(D1_CONTEXTS.map(async (c) =>
    [c, (await contextDatabase(env, c).prepare(`SELECT COUNT(*) AS n FROM inbox`).first<{ n: number }>())!.n] as const)));
}

/**
 * How many instances share the order stream. A D1 database is one writer for all orders; the event log spreads
 * orders over its shards by order id; an order object or cart is one per order or per customer, so the order rate
 * does not reach one of them (null). An item object is shown worst case: a hot item every order buys.
 */
function spread(c: MeterCall): number | null {
  if (c.kind === "d1") return 1;
  if (c.store === "EventLogObject") return EVENT_LOG_SHARDS;
  if (c.store === "OrderObject" || c.store === "CartObject") return null;
  return 1;
}

/**
 * Write transactions per order allowed per store: the order chain as it is now, so a new write on the order's path
 * is a decision, not an accident. The operations database is off the order's path: its only writes are the two
 * isolate rollups (request and event metrics), each flushed at most every 5 s whatever the order rate, so an order
 * of a few seconds meets at most one of each. The event log's budget is its ceiling: 128 shards at 400 writes/s
 * carry 1,000 orders/s at up to 51 writes per order.
 */
/** The store whose writes (within its budget) are the time-based metric rollups, not a cost of each order. */
const ROLLUPS_ONLY = "DB_OPERATIONS";

const BUDGET: Record<string, number> = {
  DB_OPERATIONS: 2,
  EventLogObject: Math.floor((OBJECT_WRITES_PER_S * EVENT_LOG_SHARDS) / MODELLED_ORDERS_PER_S),
  DB_INVENTORY: 4,
  DB_NOTIFICATION: 6,
  DB_ORDER: 8,
  DB_PAYMENT: 5,
  DB_REVIEW: 1,
  DB_SHIPPING: 4,
  InventoryItemObject: 3,
  OrderObject: 7,
  CartObject: 1,
};

/**
 * A queue consumer's D1 batches are shared by every message of its queue batch (workers/events/batch-writes.ts):
 * at a high order rate each batch is full (max_batch_size 10 in wrangler.toml), so such a write costs an order a
 * tenth of a transaction. Writes made on a request, by an object, or as a single statement are not shared.
 */
const FULL_QUEUE_BATCH = 10;
const sharedByBatch = (c: MeterCall) => c.kind === "d1" && c.scope?.startsWith("queue:") === true && c.parent === null && c.op.startsWith("BATCH(");
/** The range of write transactions per second one D1 database or object sustains (architecture.md). */
const CAPACITY_RANGE = [400, 1_000] as const;

/**
 * Write transactions per order allowed per context database when the queue batches are full: what batching the
 * consumer's writes buys, held so that a new unshared write on a consumer's path (a single-statement `run()`) is seen.
 */
const FULL_BATCH_BUDGET: Record<string, number> = {
  DB_INVENTORY: 0.4,
  DB_NOTIFICATION: 0.6,
  DB_PAYMENT: 0.5,
  DB_REVIEW: 0.1,
  // The two unshared writes are the carrier's status update (a request), not the consumer's.
  DB_SHIPPING: 2.2,
  // The order object's read-model writes (one per status change) are not shared: the open part of issue 12.
  DB_ORDER: 8,
};

interface Row {
  store: string;
  writes: number;
  /** Of those, writes a queue batch shares. */
  shared: number;
  /** Write transactions per order when every queue batch is full. */
  atFullBatches: number;
  instances: number | null;
  perInstancePerS: number | null;
  capacity: number;
  ceiling: number | null;
  /** Orders/s at full batches, at each end of CAPACITY_RANGE. */
  ceilingRange: [number, number] | null;
}

function fanIn(work: readonly MeterCall[]): Row[] {
  const by = new Map<string, { writes: number; shared: number; spread: number | null; kind: MeterCall["kind"] }>();
  for (const c of work) {
    if (c.access !== "write" || (c.kind !== "d1" && c.kind !== "object")) continue;
    const row = by.get(c.store) ?? { writes: 0, shared: 0, spread: spread(c), kind: c.kind };
    row.writes++;
    if (sharedByBatch(c)) row.shared++;
    by.set(c.store, row);
  }
  return [...by].sort(([a], [b]) => a.localeCompare(b)).map(([store, r]) => {
    const capacity = r.kind === "d1" ? D1_WRITES_PER_S : OBJECT_WRITES_PER_S;
    const perInstancePerS = r.spread === null ? null : (r.writes * MODELLED_ORDERS_PER_S) / r.spread;
    const atFullBatches = r.writes - r.shared + r.shared / FULL_QUEUE_BATCH;
    const at = (cap: number) => Math.floor((cap * r.spread!) / atFullBatches);
    return {
      store, writes: r.writes, shared: r.shared, atFullBatches, instances: r.spread, perInstancePerS, capacity,
      ceiling: r.spread === null ? null : Math.floor((capacity * r.spread) / r.writes),
      ceilingRange: r.spread === null ? null : [at(CAPACITY_RANGE[0]), at(CAPACITY_RANGE[1])],
    };
  });
}

function table(rows: Row[]): string {
  const head = ["store", "writes per order", "shared by a queue batch", `at full batches (${FULL_QUEUE_BATCH})`, "instances sharing the orders", `writes/s on one at ${MODELLED_ORDERS_PER_S} orders/s, full batches`, "ceiling orders/s, one order per batch", `ceiling at ${CAPACITY_RANGE[0]}–${CAPACITY_RANGE[1]} writes/s`, "note"];
  const body = rows.map((r) => [
    r.store, String(r.writes), String(r.shared), String(Math.round(r.atFullBatches * 10) / 10), r.instances === null ? "one per entity" : String(r.instances),
    r.perInstancePerS === null || r.store === ROLLUPS_ONLY ? "–" : String(Math.round((r.atFullBatches * MODELLED_ORDERS_PER_S) / r.instances!)),
    r.store === ROLLUPS_ONLY ? "not per order" : r.ceiling === null ? "unbounded" : String(r.ceiling),
    r.store === ROLLUPS_ONLY ? "not per order" : r.ceilingRange === null ? "unbounded" : `${r.ceilingRange[0]}–${r.ceilingRange[1]}`,
    r.store === ROLLUPS_ONLY ? "metric rollups only: each flushed at most every 5 s per isolate, whatever the order rate"
    : r.ceilingRange !== null && r.ceilingRange[1] < MODELLED_ORDERS_PER_S
      ? r.store.startsWith("DB_") ? "over: writes on requests or in objects, not shared by a queue batch" : "over: shard it (issue 13 for a hot item)"
      : "",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

describe("write fan-in of one order", () => {
  it("prints writes per store and the implied ceiling, and holds the operations stores to their budgets", async ({ task }) => {
    const c = await aCustomer();
    const { token: admin } = await adminToken();
    const product = await createProduct({ initialStock: 10 });
    await settle();
    await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: product.id, quantity: 2 } });
    await settle();
    const from = meterCalls().length;
    const idsBefore = await inboxIds();
    const order = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: anAddress() } });
    expect(order.status).toBe(201);
    expect((await api("POST", v1(`/orders/${order.data.id}/submit`), { token: c.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } })).status).toBe(202);
    let polls = 0;
    const poll = () => api("GET", v1(`/orders/${order.data.id}`), { token: c.token, headers: { "x-request-id": `fan-in-poll-${++polls}` } });
    const confirmed = await eventually(poll, (r) => r.data.status === "CONFIRMED" && r.data.shipment !== null);
    expect((await api("POST", v1(`/shipments/${confirmed.data.shipment.id}/events`), { token: admin, body: { status: "IN_TRANSIT" } })).status).toBe(200);
    await eventually(poll, (r) => r.data.status === "SHIPPED");
    await settle();
    const work = meterCalls().slice(from).filter((k) => !k.scope?.startsWith("fan-in-poll-"));
    const rows = fanIn(work);
    const idsAfter = await inboxIds();
    const inboxRows = D1_CONTEXTS.map((c) => ({ context: c, ids: idsAfter[c]! - idsBefore[c]! })).filter((r) => r.ids > 0);
    const steadyBytes = (ids: number) => ids * STORAGE_ORDERS_PER_S * (INBOX_RETENTION_MS / 1000) * INBOX_ROW_BYTES;
    const inboxTable = inboxRows.map((r) => `| ${r.context} | ${r.ids} | ${(steadyBytes(r.ids) / 1e9).toFixed(1)} GB |`).join("\n");
    // What the order's story weighs in its shard (README "Storage model"): events and delivery rows, as stored.
    const story = await readLog(env, { orderId: order.data.id, limit: 100 });
    const bodyBytes = story.items.reduce((n, e) => n + e.body.length, 0);
    const deliveryRows = story.items.reduce((n, e) => n + e.deliveries.length, 0);
    task.meta.budgetTable = `story of one order in its event-log shard: ${story.items.length} events, ${bodyBytes} bytes of bodies, ${deliveryRows} delivery rows\n\nwrite fan-in of one order, checkout → CONFIRMED → shipped (write transactions per single-writer store; modelled at ${MODELLED_ORDERS_PER_S} orders/s, ${D1_WRITES_PER_S} writes/s per D1 database, ${OBJECT_WRITES_PER_S} per object)\n${table(rows)}\n\ninbox ids per order and the inbox's steady state at ${STORAGE_ORDERS_PER_S} orders/s (ids kept ${INBOX_RETENTION_MS / 86_400_000} days, ~${INBOX_ROW_BYTES} B each)\n| context | ids per order | steady state |\n|---|---|---|\n${inboxTable}`;
    // Every handled event leaves its id; the busiest inbox still fits its database with room to spare.
    expect(inboxRows.length).toBeGreaterThan(0);
    for (const r of inboxRows) expect(steadyBytes(r.ids), r.context).toBeLessThan(D1_MAX_BYTES / 2);

    // One order's story is written to one event-log shard only, and no shard is near its ceiling at the modelled rate.
    const logShards = new Set(work.filter((k) => k.store === "EventLogObject" && k.access === "write").map((k) => k.target));
    expect(logShards.size).toBe(1);
    const log = rows.find((r) => r.store === "EventLogObject");
    expect(log, "the order's events are recorded").toBeDefined();
    expect(log!.ceiling!).toBeGreaterThanOrEqual(MODELLED_ORDERS_PER_S);
    // Every store written has a budget (a new store on the order's path is a decision too), and none is exceeded.
    const over = rows.flatMap((r) => {
      const max = BUDGET[r.store];
      return max === undefined ? [`${r.store}: ${r.writes} writes per order and no budget`] : r.writes > max ? [`${r.store}: ${r.writes} writes per order (budget ${max})`] : [];
    });
    expect(over).toEqual([]);
    const overAtFull = rows.flatMap((r) => {
      const max = FULL_BATCH_BUDGET[r.store];
      return max !== undefined && r.atFullBatches > max + 1e-9 ? [`${r.store}: ${r.atFullBatches} writes per order at full batches (budget ${max})`] : [];
    });
    expect(overAtFull).toEqual([]);
  });
});
