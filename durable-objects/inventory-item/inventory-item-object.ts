import { DurableObject } from "cloudflare:workers";
import * as item from "./inventory-item";
import { ItemStorage } from "./storage";
import { readLedger, type ItemLedger } from "./ledger";
import { LiveAvailability } from "./live-availability";
import { DoOutbox } from "../shared/do-outbox";
import { Coalesced } from "../shared/coalesced";
import { queueSender, type EventSender } from "../../workers/events/outbox";
import { makeEvent, type Causation, type Envelope } from "../../workers/events/envelope";
import type { EventType } from "../../workers/events/catalog";
import { log, errorFields } from "../../workers/kernel/logging";
import { handingOffErrors } from "../../workers/operations/error-handoff";
import { meterEnv, meteredInvoke, type MeterToken } from "../../workers/kernel/meter";
import { INBOX_RETENTION_MS } from "../../workers/events/retention";
import { ShardStorage, type ShardMap, type PendingTransfer } from "./shard-storage";
import { candidateShards, rebalance, shardName, shardOf } from "./shards";

export interface InventoryLevels {
  productId: string;
  sellerId: string | null;
  onHand: number;
  reserved: number;
  available: number;
  reorderPoint: number;
  level: item.StockLevel;
  version: number;
}

export type ShortOutcome = { status: "SHORT"; quantity: number; available: number };
type Found<T> = T & { found: boolean; levels: InventoryLevels };

/** What the coordinator calls on a shard object (the same class, named by shards.ts's shardName). */
interface ShardApi {
  shardInit(productId: string, sellerId: string | null, index: number): Promise<InventoryLevels>;
  shardLevels(): Promise<InventoryLevels | null>;
  shardReserve(orderId: string, quantity: number, ttlSeconds: number, cause: Causation, final: boolean): Promise<{ outcome: item.ReserveOutcome | ShortOutcome; levels: InventoryLevels }>;
  shardCommit(orderId: string, cause: Causation): Promise<Found<{ result: { ok: true } | { ok: false; code: string } }>>;
  shardFulfil(orderId: string, cause: Causation): Promise<Found<{ result: { ok: true } | { ok: false; code: string } }>>;
  shardRelease(orderId: string, cause: Causation, mark: boolean): Promise<Found<{ released: boolean }>>;
  shardTransferOut(id: string, units: number, cause: Causation): Promise<{ moved: number; levels: InventoryLevels }>;
  shardTransferIn(id: string, units: number, cause: Causation): Promise<{ levels: InventoryLevels }>;
  holdOf(orderId: string): Promise<item.Hold | null>;
  ledger(): Promise<ItemLedger | null>;
}

export type CommandResult = { ok: true; levels: InventoryLevels } | { ok: false; code: string; message: string; available?: number };

const SAFETY_RELAY_DELAY_MS = 5_000;
const EXPIRY_BATCH = 2_000;
// A decision settles at most a few holds of its own, so forgetting up to 4 old ones each keeps pace with any rate.
const COMPACT_PER_DECISION = 4;
// A short shard borrows from its siblings this many times before its reservation is refused (stock taken by
// concurrent reservations between the borrow and the retry): bounded work per reservation.
const BORROW_ROUNDS = 2;
// A transfer interrupted by an eviction is completed by the coordinator's alarm this long after it started.
const TRANSFER_RECOVERY_MS = 10_000;
const LEVEL_EVENTS = new Set(["LowStockAlert", "InventoryReplenished"]);

/**
 * One object per product: the single writer of its stock, so reservations never oversell. A thin shell around the
 * pure functions in inventory-item.ts: load, decide, store state + holds + outbox rows together, relay.
 * Its one alarm serves both hold expiry and outbox retries.
 */
export class InventoryItemObject extends DurableObject<Env> {
  private readonly store: ItemStorage;
  private readonly outbox: DoOutbox;
  private state: item.ItemState | null = null;
  /** Test seam: tests replace the sender to inject relay failures. Production sends to the inbox queues. */
  sender: EventSender;
  private readonly relay = new Coalesced(() => this.relayNow());
  private readonly live = new LiveAvailability(this.ctx, () => (this.map ? this.totalState() : this.state));
  private readonly shardStore: ShardStorage;
  /** The coordinator's shard map (null while the item is one object); a shard object's index (null otherwise). */
  private map: ShardMap | null = null;
  private role: number | null = null;
  /** The coordinator's latest knowledge of each other shard's levels, from every reply (newest version wins). */
  private readonly known = new Map<number, InventoryLevels>();

  constructor(ctx: DurableObjectState, env: Env) {
    env = meterEnv(env);
    super(ctx, env);
    this.store = new ItemStorage(ctx.storage.sql);
    this.outbox = new DoOutbox(ctx.storage.sql);
    this.shardStore = new ShardStorage(ctx.storage.sql);
    this.sender = queueSender(env);
    ctx.blockConcurrencyWhile(async () => {
      this.store.migrate();
      this.outbox.migrate();
      this.shardStore.migrate();
      this.state = this.store.loadState();
      this.map = this.shardStore.map();
      this.role = this.shardStore.role();
    });
  }

  /** Test seam of the binding meter (workers/kernel/meter.ts): refused unless the budget test turned it on. */
  async meteredCall(token: MeterToken, method: string, args: unknown[]): Promise<unknown> {
    return meteredInvoke(this, token, method, args);
  }

  // ---- RPC ------------------------------------------------------------------------------------------------

  /** From ProductCreated. Idempotent: an existing item is left as it is. */
  async initialize(productId: string, sellerId: string | null, initialStock: number, reorderPoint: number, cause: Causation): Promise<CommandResult> {
    if (this.state) return { ok: true, levels: this.levels(this.state) };
    this.apply(item.initialize(productId, sellerId, initialStock, reorderPoint), cause);
    return { ok: true, levels: this.levels(this.state!) };
  }

  async snapshot(): Promise<InventoryLevels | null> {
    if (!this.state) return null;
    if (!this.map) return this.levels(this.state);
    await this.refresh({ correlationId: `levels:${this.state.productId}`, causationId: null });
    return this.levels(this.totalState());
  }

  async reserve(orderId: string, quantity: number, ttlSeconds: number, cause: Causation): Promise<item.ReserveOutcome | { status: "NOT_FOUND"; quantity: number }> {
    if (!this.state) return { status: "NOT_FOUND", quantity };
    if (this.map) return this.reserveSharded(this.map, orderId, quantity, ttlSeconds, cause);
    const { outcome, decision } = item.reserve(this.state, this.store.hold(orderId), orderId, quantity, Date.now(), ttlSeconds * 1000);
    if (decision) this.apply(decision, cause);
    return outcome;
  }

  async commit(orderId: string, cause: Causation): Promise<{ ok: true } | { ok: false; code: string }> {
    if (!this.state) return { ok: false, code: "INVENTORY_NOT_FOUND" };
    if (this.map) return this.onHoldShard(this.map, orderId, cause, (s) => s.shardCommit(orderId, cause));
    const { result, decision } = item.commit(this.state, this.store.hold(orderId), Date.now());
    if (decision) this.apply(decision, cause);
    return result === "COMMITTED" ? { ok: true } : { ok: false, code: result.code };
  }

  async fulfil(orderId: string, cause: Causation): Promise<{ ok: true } | { ok: false; code: string }> {
    if (!this.state) return { ok: false, code: "INVENTORY_NOT_FOUND" };
    if (this.map) return this.onHoldShard(this.map, orderId, cause, (s) => s.shardFulfil(orderId, cause));
    const { result, decision } = item.fulfil(this.state, this.store.hold(orderId), Date.now());
    if (decision) this.apply(decision, cause);
    return result === "FULFILLED" ? { ok: true } : { ok: false, code: result.code };
  }

  async release(orderId: string, cause: Causation): Promise<{ ok: true; released: boolean }> {
    if (!this.state) return { ok: true, released: false };
    if (this.map) return this.releaseSharded(this.map, orderId, cause);
    const hold = this.store.hold(orderId);
    const decision = item.release(this.state, hold, orderId, Date.now());
    if (decision) this.apply(decision, cause);
    return { ok: true, released: decision !== null && hold !== null };
  }

  async adjust(delta: number, reason: string, cause: Causation): Promise<CommandResult> {
    if (!this.state) return { ok: false, code: "INVENTORY_NOT_FOUND", message: "no inventory item for this product" };
    if (this.map) return this.adjustSharded(delta, reason, cause);
    const d = item.adjust(this.state, delta, reason);
    if ("ok" in d) return d;
    this.apply(d, cause);
    return { ok: true, levels: this.levels(this.state) };
  }

  /**
   * Returned units back on hand: an adjustment with reason RETURN (so the audit counts it with the adjustments),
   * once per return however often ReturnReceived is delivered; the mark commits with the movement.
   */
  async restock(returnId: string, quantity: number, cause: Causation): Promise<{ ok: true; restocked: boolean } | { ok: false; code: string; message: string }> {
    if (!this.state) return { ok: false, code: "INVENTORY_NOT_FOUND", message: "no inventory item for this product" };
    if (this.store.restocked(returnId)) return { ok: true, restocked: false };
    const d = item.adjust(this.state, quantity, "RETURN");
    if ("ok" in d) return d;
    const now = Date.now();
    this.store.markRestocked(returnId, now, now - INBOX_RETENTION_MS);
    this.apply(d, cause);
    return { ok: true, restocked: true };
  }

  async setReorderPoint(reorderPoint: number, cause: Causation): Promise<CommandResult> {
    if (!this.state) return { ok: false, code: "INVENTORY_NOT_FOUND", message: "no inventory item for this product" };
    this.apply(item.setReorderPoint(this.state, reorderPoint), cause);
    if (!this.map) return { ok: true, levels: this.levels(this.state) };
    await this.refresh(cause);
    return { ok: true, levels: this.levels(this.totalState()) };
  }

  async holdOf(orderId: string): Promise<item.Hold | null> {
    const own = this.store.hold(orderId);
    if (own || !this.map) return own;
    for (const k of candidateShards(orderId, this.map.shards, this.map.used)) {
      const h = k === 0 ? null : await this.shard(k).holdOf(orderId);
      if (h) return h;
    }
    return null;
  }

  async report(): Promise<{ levels: InventoryLevels | null; holds: Record<string, number>; movements: ReturnType<ItemStorage["movements"]>; outboxPending: number }> {
    return { levels: this.state ? this.levels(this.state) : null, holds: this.store.holdCounts(), movements: this.store.movements(50), outboxPending: this.outbox.pendingCount() };
  }

  /** The live availability WebSocket (live-availability.ts), forwarded by the public route. */
  override async fetch(): Promise<Response> {
    if (this.map && this.state) await this.refresh({ correlationId: `live:${this.state.productId}`, causationId: null });
    return this.live.connect();
  }

  /** Completes the client's close handshake. */
  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closed by the client");
    } catch {
      // already closed
    }
  }

  /** The stock audit's snapshot of this item (ledger.ts). */
  async ledger(): Promise<ItemLedger | null> {
    const own = readLedger(this.ctx.storage.sql);
    if (!own || !this.map) return own;
    // Each shard's ledger is one consistent snapshot of that shard, so their sums are consistent too, whatever
    // moves between the reads (a transfer in flight shows as −units in both the ledger and onHand of its source).
    const others = await Promise.all(this.others().map((k) => this.shard(k).ledger()));
    return others.reduce<ItemLedger>((sum, l) => (l ? mergeLedgers(sum, l) : sum), own);
  }

  /** Expires due holds (at least once: running it again finds nothing due) and retries pending outbox rows. */
  override async alarm(): Promise<void> {
    await handingOffErrors(this.env, { handler: "alarm", productId: this.state?.productId }, () => this.expireAndRelay());
  }

  private async expireAndRelay(): Promise<void> {
    const now = Date.now();
    if (this.state) {
      for (;;) {
        const due = this.store.dueHolds(now, EXPIRY_BATCH);
        const decision = due.length ? item.expireDue(this.state, due, now) : null;
        if (!decision) break;
        this.apply(decision, { correlationId: `expiry:${this.state.productId}`, causationId: null }, false);
        if (due.length < EXPIRY_BATCH) break;
      }
    }
    if (this.map) await this.recoverTransfers();
    await this.relayNow();
    await this.armAlarm();
  }

  // ---- hot items: the coordinator (contract §5, "Hot items") ------------------------------------------------
  //
  // Why it cannot deadlock: calls go one way only, from the coordinator (this item's own object) to its shards.
  // A shard never calls another object, and no object waits inside blockConcurrencyWhile, so while the coordinator
  // awaits a shard it keeps taking other requests, and a shard always answers from its own storage in one turn.
  // The coordinator holds no decision while it waits: each shard alone decides for its own stock, so no reservation
  // can oversell whatever interleaves, and a transfer's intent is stored before its first step so that an
  // eviction in the middle is completed (both steps are idempotent per transfer id), never half done.

  /** PUT /inventory/{id}/shards: the new count applies to the next reservation; free stock is spread over it. */
  async setShards(shards: number, cause: Causation): Promise<{ ok: true; levels: InventoryLevels; shards: number } | { ok: false; code: string; message: string }> {
    const s = this.state;
    if (!s) return { ok: false, code: "INVENTORY_NOT_FOUND", message: "no inventory item for this product" };
    await this.recoverTransfers();
    await Promise.all(Array.from({ length: shards - 1 }, (_, i) => this.shard(i + 1).shardInit(s.productId, s.sellerId, i + 1).then((l) => this.learn(i + 1, l))));
    const before = this.map ?? { shards: 1, used: [1], totalLevel: s.level };
    this.map = { ...before, shards, used: before.used.includes(shards) ? before.used : [...before.used, shards] };
    this.shardStore.saveMap(this.map);
    await this.rebalanceNow(cause);
    return { ok: true, levels: this.levels(this.totalState()), shards };
  }

  private shard(k: number): ShardApi {
    if (k === 0) return this;
    const ns = this.env.INVENTORY_ITEM;
    // The stub's RPC methods are the ShardApi methods of this class; the cast only drops the Rpc wrapper types.
    return ns.get(ns.idFromName(shardName(this.state!.productId, k))) as unknown as ShardApi;
  }

  /** Shards other than this one (1..span−1): every shard that may hold stock or holds. */
  private others(): number[] {
    const span = this.map ? Math.max(...this.map.used) : 1;
    return Array.from({ length: span - 1 }, (_, i) => i + 1);
  }

  private learn(k: number, l: InventoryLevels | null): void {
    if (k === 0 || !l) return;
    const seen = this.known.get(k);
    if (!seen || seen.version <= l.version) this.known.set(k, l);
  }

  /** The whole item: this object's stock and holds plus every other shard's, as last reported. */
  private totalState(): item.ItemState {
    const s = this.state!;
    let onHand = s.onHand;
    let reserved = s.reserved;
    let version = s.version;
    for (const k of this.others()) {
      const l = this.known.get(k);
      if (!l) continue;
      onHand += l.onHand;
      reserved += l.reserved;
      version += l.version;
    }
    return { ...s, onHand, reserved, level: this.map?.totalLevel ?? s.level, version };
  }

  /** Reads every shard's levels (one call each, in parallel), then checks the whole item's level edge. */
  private async refresh(cause: Causation): Promise<void> {
    await Promise.all(this.others().map(async (k) => this.learn(k, await this.shard(k).shardLevels())));
    this.checkTotal(cause);
  }

  /** The whole item's low-stock edge: one event per change of its level, as for an item of one object. */
  private checkTotal(cause: Causation): void {
    if (!this.map || !this.state) return;
    const total = this.totalState();
    const avail = item.available(total);
    const level = item.levelOf(avail, total.reorderPoint);
    if (level !== this.map.totalLevel) {
      this.map = { ...this.map, totalLevel: level };
      this.shardStore.saveMap(this.map);
      const e: item.ItemEvent = level === "IN" ? { type: "InventoryReplenished", available: avail } : { type: "LowStockAlert", available: avail, reorderPoint: total.reorderPoint };
      const now = Date.now();
      this.outbox.append([this.envelope(e, { ...total, level }, cause, now)], now);
      this.relay.kick();
    }
    this.live.changed();
  }

  private async reserveSharded(m: ShardMap, orderId: string, quantity: number, ttlSeconds: number, cause: Causation): Promise<item.ReserveOutcome> {
    const primary = shardOf(orderId, m.shards);
    // When the whole item (as last reported) cannot cover the order, the shard decides at once: no borrowing round.
    const hopeless = () => item.available(this.totalState()) < quantity;
    let r = await this.shard(primary).shardReserve(orderId, quantity, ttlSeconds, cause, hopeless());
    this.learn(primary, r.levels);
    for (let round = 0; r.outcome.status === "SHORT" && round < BORROW_ROUNDS; round++) {
      if (!hopeless()) await this.borrow(primary, quantity - r.outcome.available, cause);
      r = await this.shard(primary).shardReserve(orderId, quantity, ttlSeconds, cause, round === BORROW_ROUNDS - 1 || hopeless());
      this.learn(primary, r.levels);
    }
    this.checkTotal(cause);
    const o = r.outcome;
    if (o.status === "SHORT") throw new Error("a final reservation cannot be SHORT");
    // The refusal tells the whole item's availability (InventoryReservationFailed.data.available), not a shard's.
    return o.status === "REJECTED" ? { ...o, available: o.available + this.othersAvailable(primary) } : o;
  }

  private othersAvailable(except: number): number {
    const total = this.totalState();
    const own = except === 0 ? item.available(this.state!) : (this.known.get(except)?.available ?? 0);
    return Math.max(0, item.available(total) - own);
  }

  /** Moves free units from siblings (most available first, each at most once) into `to`, until `need` is met. */
  private async borrow(to: number, need: number, cause: Causation): Promise<void> {
    const avail = (k: number) => (k === 0 ? item.available(this.state!) : (this.known.get(k)?.available ?? 1));
    const donors = [0, ...this.others()].filter((k) => k !== to && avail(k) > 0).sort((a, b) => avail(b) - avail(a));
    for (const k of donors) {
      if (need <= 0) break;
      need -= await this.transfer({ id: crypto.randomUUID(), from: k, to, units: Math.min(need, avail(k)) }, cause);
    }
  }

  /** One transfer: intent stored, then out of the source, into the target, and forgotten. Returns the units moved. */
  private async transfer(t: PendingTransfer, cause: Causation): Promise<number> {
    this.shardStore.addPending(t, Date.now());
    void this.armAlarm();
    return this.completeTransfer(t, cause);
  }

  private async completeTransfer(t: PendingTransfer, cause: Causation): Promise<number> {
    const out = await this.shard(t.from).shardTransferOut(t.id, t.units, cause);
    this.learn(t.from, out.levels);
    if (out.moved > 0) this.learn(t.to, (await this.shard(t.to).shardTransferIn(t.id, out.moved, cause)).levels);
    this.shardStore.donePending(t.id);
    return out.moved;
  }

  private async recoverTransfers(): Promise<void> {
    const cause = { correlationId: `transfer:${this.state?.productId}`, causationId: null };
    for (const t of this.shardStore.pending()) await this.completeTransfer(t, cause);
  }

  private async rebalanceNow(cause: Causation): Promise<void> {
    if (!this.map) return;
    await this.refresh(cause);
    const free = [0, ...this.others()].map((k) => (k === 0 ? item.available(this.state!) : (this.known.get(k)?.available ?? 0)));
    await Promise.all(rebalance(free, this.map.shards).map((mv) => this.transfer({ id: crypto.randomUUID(), ...mv }, cause)));
    this.checkTotal(cause);
  }

  /** Commit and fulfil: the hold is on the order's shard under one of the counts used; current count first. */
  private async onHoldShard(m: ShardMap, orderId: string, cause: Causation, call: (s: ShardApi) => ReturnType<ShardApi["shardCommit"]>): Promise<{ ok: true } | { ok: false; code: string }> {
    for (const k of candidateShards(orderId, m.shards, m.used)) {
      const r = await call(this.shard(k));
      this.learn(k, r.levels);
      if (r.found) {
        this.checkTotal(cause);
        return r.result;
      }
    }
    return { ok: false, code: "HOLD_NOT_FOUND" };
  }

  private async releaseSharded(m: ShardMap, orderId: string, cause: Causation): Promise<{ ok: true; released: boolean }> {
    const shards = candidateShards(orderId, m.shards, m.used);
    const rs = await Promise.all(shards.map(async (k) => {
      const r = await this.shard(k).shardRelease(orderId, cause, false);
      this.learn(k, r.levels);
      return r;
    }));
    // No hold anywhere: the cancellation overtook the reservation; the marker goes where the reservation will go.
    if (!rs.some((r) => r.found)) this.learn(shards[0]!, (await this.shard(shards[0]!).shardRelease(orderId, cause, true)).levels);
    this.checkTotal(cause);
    return { ok: true, released: rs.some((r) => r.released) };
  }

  /** Adds to this object's stock, or first gathers what a removal needs here; then spreads the free stock again. */
  private async adjustSharded(delta: number, reason: string, cause: Causation): Promise<CommandResult> {
    if (delta < 0) await this.borrow(0, -delta - item.available(this.state!), cause);
    const d = item.adjust(this.state!, delta, reason);
    if ("ok" in d) {
      await this.refresh(cause);
      return { ...d, available: item.available(this.totalState()) };
    }
    this.apply(d, cause);
    await this.rebalanceNow(cause);
    return { ok: true, levels: this.levels(this.totalState()) };
  }

  // ---- hot items: a shard (also the coordinator's own stock, shard 0) ---------------------------------------

  async shardInit(productId: string, sellerId: string | null, index: number): Promise<InventoryLevels> {
    if (!this.state) {
      this.shardStore.setRole(index);
      this.role = index;
      this.apply(item.initialize(productId, sellerId, 0, 0), { correlationId: `shard:${productId}`, causationId: null });
    }
    return this.levels(this.state!);
  }

  async shardLevels(): Promise<InventoryLevels | null> {
    return this.state ? this.levels(this.state) : null;
  }

  /** Like reserve, except that a shard short of stock answers SHORT and stores nothing unless this is the last try. */
  async shardReserve(orderId: string, quantity: number, ttlSeconds: number, cause: Causation, final: boolean): Promise<{ outcome: item.ReserveOutcome | ShortOutcome; levels: InventoryLevels }> {
    const s = this.state!;
    const existing = this.store.hold(orderId);
    if (!existing && !final && quantity > item.available(s)) return { outcome: { status: "SHORT", quantity, available: item.available(s) }, levels: this.levels(s) };
    const { outcome, decision } = item.reserve(s, existing, orderId, quantity, Date.now(), ttlSeconds * 1000);
    if (decision) this.apply(decision, cause);
    return { outcome, levels: this.levels(this.state!) };
  }

  async shardCommit(orderId: string, cause: Causation): Promise<Found<{ result: { ok: true } | { ok: false; code: string } }>> {
    const found = this.store.hold(orderId) !== null;
    const { result, decision } = item.commit(this.state!, this.store.hold(orderId), Date.now());
    if (decision) this.apply(decision, cause);
    return { found, result: result === "COMMITTED" ? { ok: true } : { ok: false, code: result.code }, levels: this.levels(this.state!) };
  }

  async shardFulfil(orderId: string, cause: Causation): Promise<Found<{ result: { ok: true } | { ok: false; code: string } }>> {
    const found = this.store.hold(orderId) !== null;
    const { result, decision } = item.fulfil(this.state!, this.store.hold(orderId), Date.now());
    if (decision) this.apply(decision, cause);
    return { found, result: result === "FULFILLED" ? { ok: true } : { ok: false, code: result.code }, levels: this.levels(this.state!) };
  }

  /** `mark`: leave the RELEASED marker when no hold is found (only on the shard a late reservation would use). */
  async shardRelease(orderId: string, cause: Causation, mark: boolean): Promise<Found<{ released: boolean }>> {
    const hold = this.store.hold(orderId);
    if (!hold && !mark) return { found: false, released: false, levels: this.levels(this.state!) };
    const decision = item.release(this.state!, hold, orderId, Date.now());
    if (decision) this.apply(decision, cause);
    return { found: hold !== null, released: decision !== null && hold !== null, levels: this.levels(this.state!) };
  }

  /** Gives up to `units` free units, once per transfer id (a repeat answers what the first call moved). */
  async shardTransferOut(id: string, units: number, cause: Causation): Promise<{ moved: number; levels: InventoryLevels }> {
    const s = this.state!;
    const done = this.shardStore.applied(id);
    if (done !== null) return { moved: -done, levels: this.levels(s) };
    const moved = Math.max(0, Math.min(units, item.available(s)));
    if (moved > 0) this.apply(item.adjust(s, -moved, "TRANSFER_OUT") as item.Decision, cause);
    this.shardStore.markApplied(id, -moved);
    return { moved, levels: this.levels(this.state!) };
  }

  /** Receives a transfer's units, once per transfer id. */
  async shardTransferIn(id: string, units: number, cause: Causation): Promise<{ levels: InventoryLevels }> {
    if (this.shardStore.applied(id) === null) {
      this.apply(item.adjust(this.state!, units, "TRANSFER_IN") as item.Decision, cause);
      this.shardStore.markApplied(id, units);
    }
    return { levels: this.levels(this.state!) };
  }

  // ---- internals ------------------------------------------------------------------------------------------

  private levels(s: item.ItemState): InventoryLevels {
    return { productId: s.productId, sellerId: s.sellerId, onHand: s.onHand, reserved: s.reserved, available: item.available(s), reorderPoint: s.reorderPoint, level: s.level, version: s.version };
  }

  /** Stores a decision: state, holds, movements and outbox rows with no await in between (one transaction). */
  private apply(d: item.Decision, cause: Causation, relay = true): void {
    const now = Date.now();
    this.store.saveState(d.state);
    for (const h of d.holds) this.store.saveHold(h, now);
    for (const m of d.movements) this.store.addMovement(m, now);
    // Each decision forgets a few settled holds past the redelivery window: the table stays bounded by the holds
    // of that window, in the same transaction, with no job to schedule.
    this.store.compactSettled(now - INBOX_RETENTION_MS, COMPACT_PER_DECISION);
    // A shard's own level is not the item's: while sharded, the coordinator announces the whole item's edges.
    const own = this.map || this.role !== null ? d.events.filter((e) => !LEVEL_EVENTS.has(e.type)) : d.events;
    const events = own.map((e) => this.envelope(e, d.state, cause, now));
    this.outbox.append(events, now);
    this.state = d.state;
    if (relay && events.length) this.relay.kick();
    this.live.changed();
    void this.armAlarm();
  }

  private envelope(e: item.ItemEvent, s: item.ItemState, cause: Causation, now: number): Envelope<EventType> {
    switch (e.type) {
      case "LowStockAlert":
        return makeEvent("LowStockAlert", s.productId, s.version, { productId: s.productId, available: e.available, reorderPoint: e.reorderPoint }, cause, { now });
      case "InventoryReplenished":
        return makeEvent("InventoryReplenished", s.productId, s.version, { productId: s.productId, available: e.available }, cause, { now });
      case "InventoryReservationExpired":
        return makeEvent("InventoryReservationExpired", s.productId, s.version, { orderId: e.orderId, productId: s.productId, quantity: e.quantity }, { correlationId: e.orderId, causationId: null }, { now });
      default: {
        const never: never = e;
        throw new Error(`unknown item event ${JSON.stringify(never)}`);
      }
    }
  }

  private async relayNow(): Promise<void> {
    try {
      await this.outbox.relay(this.sender);
    } catch (err) {
      log("error", "inventory outbox relay failed", { productId: this.state?.productId, ...errorFields(err) });
    }
  }

  /** One alarm for two timers: the earliest hold expiry and the next outbox retry. */
  private async armAlarm(): Promise<void> {
    const now = Date.now();
    const expiry = this.store.nextExpiry();
    const outboxDue = this.outbox.nextDueAt();
    const transfer = this.shardStore.oldestPending();
    const candidates = [expiry, outboxDue === null ? null : Math.max(outboxDue, now + SAFETY_RELAY_DELAY_MS), transfer === null ? null : transfer + TRANSFER_RECOVERY_MS].filter((t): t is number => t !== null);
    if (candidates.length === 0) {
      await this.ctx.storage.deleteAlarm();
      return;
    }
    const at = Math.min(...candidates);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at || current < now) await this.ctx.storage.setAlarm(at);
  }
}

/** The whole item's ledger from its shards' ledgers: sums, and per order the units on every shard. */
function mergeLedgers(a: ItemLedger, b: ItemLedger): ItemLedger {
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return {
    ...a,
    levels: { onHand: a.levels.onHand + b.levels.onHand, reserved: a.levels.reserved + b.levels.reserved, available: a.levels.available + b.levels.available },
    ledger: {
      initial: a.ledger.initial + b.ledger.initial, adjustments: a.ledger.adjustments + b.ledger.adjustments,
      fulfilled: a.ledger.fulfilled + b.ledger.fulfilled, activeHolds: a.ledger.activeHolds + b.ledger.activeHolds,
    },
    fulfilledByOrder: add(a.fulfilledByOrder, b.fulfilledByOrder),
    activeByOrder: add(a.activeByOrder, b.activeByOrder),
  };
}
