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

export type CommandResult = { ok: true; levels: InventoryLevels } | { ok: false; code: string; message: string; available?: number };

const SAFETY_RELAY_DELAY_MS = 5_000;
const EXPIRY_BATCH = 2_000;
// A decision settles at most a few holds of its own, so forgetting up to 4 old ones each keeps pace with any rate.
const COMPACT_PER_DECISION = 4;

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
  private readonly live = new LiveAvailability(this.ctx, () => this.state);

  constructor(ctx: DurableObjectState, env: Env) {
    env = meterEnv(env);
    super(ctx, env);
    this.store = new ItemStorage(ctx.storage.sql);
    this.outbox = new DoOutbox(ctx.storage.sql);
    this.sender = queueSender(env);
    ctx.blockConcurrencyWhile(async () => {
      this.store.migrate();
      this.outbox.migrate();
      this.state = this.store.loadState();
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
    return this.state ? this.levels(this.state) : null;
  }

  async reserve(orderId: string, quantity: number, ttlSeconds: number, cause: Causation): Promise<item.ReserveOutcome | { status: "NOT_FOUND"; quantity: number }> {
    if (!this.state) return { status: "NOT_FOUND", quantity };
    const { outcome, decision } = item.reserve(this.state, this.store.hold(orderId), orderId, quantity, Date.now(), ttlSeconds * 1000);
    if (decision) this.apply(decision, cause);
    return outcome;
  }

  async commit(orderId: string, cause: Causation): Promise<{ ok: true } | { ok: false; code: string }> {
    if (!this.state) return { ok: false, code: "INVENTORY_NOT_FOUND" };
    const { result, decision } = item.commit(this.state, this.store.hold(orderId), Date.now());
    if (decision) this.apply(decision, cause);
    return result === "COMMITTED" ? { ok: true } : { ok: false, code: result.code };
  }

  async fulfil(orderId: string, cause: Causation): Promise<{ ok: true } | { ok: false; code: string }> {
    if (!this.state) return { ok: false, code: "INVENTORY_NOT_FOUND" };
    const { result, decision } = item.fulfil(this.state, this.store.hold(orderId), Date.now());
    if (decision) this.apply(decision, cause);
    return result === "FULFILLED" ? { ok: true } : { ok: false, code: result.code };
  }

  async release(orderId: string, cause: Causation): Promise<{ ok: true; released: boolean }> {
    if (!this.state) return { ok: true, released: false };
    const hold = this.store.hold(orderId);
    const decision = item.release(this.state, hold, orderId, Date.now());
    if (decision) this.apply(decision, cause);
    return { ok: true, released: decision !== null && hold !== null };
  }

  async adjust(delta: number, reason: string, cause: Causation): Promise<CommandResult> {
    if (!this.state) return { ok: false, code: "INVENTORY_NOT_FOUND", message: "no inventory item for this product" };
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
    return { ok: true, levels: this.levels(this.state) };
  }

  async holdOf(orderId: string): Promise<item.Hold | null> {
    return this.store.hold(orderId);
  }

  async report(): Promise<{ levels: InventoryLevels | null; holds: Record<string, number>; movements: ReturnType<ItemStorage["movements"]>; outboxPending: number }> {
    return { levels: this.state ? this.levels(this.state) : null, holds: this.store.holdCounts(), movements: this.store.movements(50), outboxPending: this.outbox.pendingCount() };
  }

  /** The live availability WebSocket (live-availability.ts), forwarded by the public route. */
  override async fetch(): Promise<Response> {
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
    return readLedger(this.ctx.storage.sql);
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
    await this.relayNow();
    await this.armAlarm();
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
    const events = d.events.map((e) => this.envelope(e, d.state, cause, now));
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
    const candidates = [expiry, outboxDue === null ? null : Math.max(outboxDue, now + SAFETY_RELAY_DELAY_MS)].filter((t): t is number => t !== null);
    if (candidates.length === 0) {
      await this.ctx.storage.deleteAlarm();
      return;
    }
    const at = Math.min(...candidates);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at || current < now) await this.ctx.storage.setAlarm(at);
  }
}
