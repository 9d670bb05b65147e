import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import * as item from "../../durable-objects/inventory-item/inventory-item";
import type { InventoryItemObject } from "../../durable-objects/inventory-item/inventory-item-object";
import type { EventSender } from "../../workers/events/outbox";
import { itemStub } from "../../workers/inventory/stub";
import type { InventoryOp, Level, Observation } from "./inventory-model";

// Two systems under test for the same model: the pure decider (fast, many runs) and the real Durable Object
// (through its RPC stub, its SQLite storage and its alarm). Both answer each operation with a normalized outcome.

export interface ItemUnderTest {
  /** `gate` lets a scheduler decide when the second half of a two-step operation (deadline, then alarm) runs. */
  exec(op: InventoryOp, gate?: <T>(p: Promise<T>) => Promise<T>): Promise<string>;
  observe(): Promise<Observation>;
}

const TTL_SECONDS = 3600;
const CAUSE = { correlationId: "property-test", causationId: null };

export class PureItem implements ItemUnderTest {
  private state: item.ItemState;
  private holds = new Map<string, item.Hold>();
  private events: item.ItemEvent[] = [];
  private now = 1_700_000_000_000;

  constructor(initialStock: number, reorderPoint: number) {
    const d = item.initialize("prd_PURE", null, initialStock, reorderPoint);
    this.state = d.state;
    this.take(d);
  }

  private take(d: item.Decision | null): void {
    if (!d) return;
    this.state = d.state;
    for (const h of d.holds) this.holds.set(h.orderId, h);
    this.events.push(...d.events);
  }

  private pastDeadline(orderId: string): void {
    const h = this.holds.get(orderId);
    if (h?.status === "HELD") this.holds.set(orderId, { ...h, expiresAt: this.now - 1 });
  }

  async exec(op: InventoryOp): Promise<string> {
    this.now += 1000;
    const hold = (o: string) => this.holds.get(o) ?? null;
    switch (op.kind) {
      case "reserve": {
        const { outcome, decision } = item.reserve(this.state, hold(op.order), op.order, op.quantity, this.now, TTL_SECONDS * 1000);
        this.take(decision);
        return outcome.status;
      }
      case "release": {
        const before = hold(op.order);
        const d = item.release(this.state, before, op.order, this.now);
        this.take(d);
        return d && before ? "released" : "noop";
      }
      case "commit":
      case "lateCommit": {
        if (op.kind === "lateCommit") this.pastDeadline(op.order);
        const r = item.commit(this.state, hold(op.order), this.now);
        this.take(r.decision);
        return r.result === "COMMITTED" ? "ok" : r.result.code;
      }
      case "fulfil":
      case "lateFulfil": {
        if (op.kind === "lateFulfil") this.pastDeadline(op.order);
        const r = item.fulfil(this.state, hold(op.order), this.now);
        this.take(r.decision);
        return r.result === "FULFILLED" ? "ok" : r.result.code;
      }
      case "expire": {
        this.pastDeadline(op.order);
        // The alarm may run twice (at least once delivery): the second run must find nothing due.
        for (let i = 0; i < 2; i++) this.take(item.expireDue(this.state, [...this.holds.values()], this.now));
        return "noop";
      }
      case "adjust": {
        const d = item.adjust(this.state, op.delta, "property");
        if ("ok" in d) return d.code;
        this.take(d);
        return "ok";
      }
      case "setReorderPoint":
        this.take(item.setReorderPoint(this.state, op.reorderPoint));
        return "ok";
    }
  }

  async observe(): Promise<Observation> {
    const s = this.state;
    const expiries: Record<string, number> = {};
    for (const e of this.events) if (e.type === "InventoryReservationExpired") expiries[e.orderId] = (expiries[e.orderId] ?? 0) + 1;
    return {
      onHand: s.onHand, reserved: s.reserved, available: item.available(s), reorderPoint: s.reorderPoint, level: s.level,
      holds: Object.fromEntries([...this.holds].map(([k, h]) => [k, { quantity: h.quantity, status: h.status }])),
      lowStockAlerts: this.events.filter((e) => e.type === "LowStockAlert").length,
      replenishments: this.events.filter((e) => e.type === "InventoryReplenished").length,
      expiries,
    };
  }
}

type ItemStub = DurableObjectStub<InventoryItemObject>;

/** The real object. Its relay sends to a recorder (the object's test seam), so runs do not flood the queues. */
export class ObjectItem implements ItemUnderTest {
  readonly stub: ItemStub;
  readonly sent: string[] = [];

  private constructor(readonly productId: string) {
    this.stub = itemStub(env, productId) as unknown as ItemStub;
  }

  static async create(productId: string, initialStock: number, reorderPoint: number): Promise<ObjectItem> {
    const it = new ObjectItem(productId);
    const recorder: EventSender = { send: async (_destination, bodies) => void it.sent.push(...bodies) };
    await runInDurableObject(it.stub, (instance: InventoryItemObject) => {
      instance.sender = recorder;
    });
    const init = await it.stub.initialize(productId, null, initialStock, reorderPoint, CAUSE);
    if (!init.ok) throw new Error(`initialize failed: ${init.code}`);
    return it;
  }

  /** Moves a live, uncommitted hold's deadline into the past (time passes), inside the object. */
  private static pastDeadline(state: DurableObjectState, orderId: string): void {
    state.storage.sql.exec(`UPDATE holds SET expires_at = ? WHERE order_id = ? AND status = 'HELD'`, Date.now() - 1, orderId);
  }

  async exec(op: InventoryOp, gate: <T>(p: Promise<T>) => Promise<T> = (p) => p): Promise<string> {
    const s = this.stub;
    switch (op.kind) {
      case "reserve": {
        const r = await s.reserve(op.order, op.quantity, TTL_SECONDS, CAUSE);
        return r.status;
      }
      case "release":
        return (await s.release(op.order, CAUSE)).released ? "released" : "noop";
      case "commit":
      case "fulfil": {
        const r = op.kind === "commit" ? await s.commit(op.order, CAUSE) : await s.fulfil(op.order, CAUSE);
        return r.ok ? "ok" : r.code;
      }
      case "lateCommit":
      case "lateFulfil": {
        // Deadline and command in one turn of the object: no alarm can run in between.
        const r = await runInDurableObject(s, (instance: InventoryItemObject, state) => {
          ObjectItem.pastDeadline(state, op.order);
          return op.kind === "lateCommit" ? instance.commit(op.order, CAUSE) : instance.fulfil(op.order, CAUSE);
        });
        return r.ok ? "ok" : r.code;
      }
      case "expire": {
        await gate(runInDurableObject(s, async (_instance: InventoryItemObject, state) => {
          ObjectItem.pastDeadline(state, op.order);
          await state.storage.setAlarm(Date.now());
        }));
        // The alarm may already have fired on its own; running it (again) must change nothing more.
        await runDurableObjectAlarm(s);
        // If the platform's own scheduler took the alarm first, runDurableObjectAlarm finds none scheduled and
        // returns at once, possibly before that run has started: wait (bounded) for it, as time passing would.
        // A hold still due after a second means the alarm never expired it, and the next observation fails.
        for (let i = 0; i < 100 && (await this.dueHolds()) > 0; i++) await scheduler.wait(10);
        return "noop";
      }
      case "adjust": {
        const r = await s.adjust(op.delta, "property", CAUSE);
        return r.ok ? "ok" : r.code;
      }
      case "setReorderPoint": {
        const r = await s.setReorderPoint(op.reorderPoint, CAUSE);
        return r.ok ? "ok" : r.code;
      }
    }
  }

  private dueHolds(): Promise<number> {
    return runInDurableObject(this.stub, (_instance: InventoryItemObject, state) =>
      state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM holds WHERE status = 'HELD' AND expires_at <= ?`, Date.now()).one().n,
    );
  }

  /** Persisted state (SQLite) and in-memory state read in one turn, so they describe the same instant. */
  async observe(): Promise<Observation> {
    return runInDurableObject(this.stub, async (instance: InventoryItemObject, state) => {
      const sql = state.storage.sql;
      const row = sql.exec<{ on_hand: number; reserved: number; reorder_point: number; level: string }>(`SELECT on_hand, reserved, reorder_point, level FROM item`).one();
      const memory = await instance.snapshot();
      if (!memory || memory.onHand !== row.on_hand || memory.reserved !== row.reserved || memory.level !== row.level) {
        throw new Error(`in-memory state ${JSON.stringify(memory)} differs from storage ${JSON.stringify(row)}`);
      }
      const holds = Object.fromEntries(
        sql.exec<{ order_id: string; quantity: number; status: string }>(`SELECT order_id, quantity, status FROM holds`).toArray()
          .map((h) => [h.order_id, { quantity: h.quantity, status: h.status as item.HoldStatus }]),
      );
      const events = sql.exec<{ event_type: string; order_id: string | null }>(
        `SELECT event_type, json_extract(body, '$.data.orderId') AS order_id FROM outbox GROUP BY event_id`,
      ).toArray();
      const expiries: Record<string, number> = {};
      for (const e of events) if (e.event_type === "InventoryReservationExpired" && e.order_id) expiries[e.order_id] = (expiries[e.order_id] ?? 0) + 1;
      return {
        onHand: row.on_hand, reserved: row.reserved, available: memory.available, reorderPoint: row.reorder_point, level: row.level as Level, holds,
        lowStockAlerts: events.filter((e) => e.event_type === "LowStockAlert").length,
        replenishments: events.filter((e) => e.event_type === "InventoryReplenished").length,
        expiries,
      };
    });
  }
}
