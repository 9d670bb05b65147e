import { DurableObject } from "cloudflare:workers";
import { EventLogStorage, type DeliveryState, type LogQuery, type LoggedEvent, type LoggedEventWithDeliveries } from "./storage";
import { meterEnv, meteredInvoke, type MeterToken } from "../../workers/kernel/meter";

/**
 * One shard of the operations event log (architecture.md, "Observability is not on the write path of every event").
 * An order's whole story — its events and every subscriber's delivery outcome — lands in the one shard its order id
 * hashes to, so GET /admin/events?orderId= reads one object, and no single store receives every event: the writes
 * spread over EVENT_LOG_SHARDS objects. Each call is one storage transaction (a relay's events, or one queue
 * batch's outcomes), so the writes are batched, not one per event.
 */
// An order's story is kept 7 days, then pruned by the shard's own alarm. One order's story is ~10 KB (8 events, 15
// delivery rows), so at 100 orders/s a week is ~4.7 GB per shard of 128, inside an object's 10 GB (README
// "Storage model"); the business records (orders, payments, shipments) are kept by their contexts.
export const EVENT_LOG_RETENTION_MS = 7 * 86_400_000;
const PRUNE_BATCH = 2_000;

export class EventLogObject extends DurableObject<Env> {
  private readonly store: EventLogStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    env = meterEnv(env);
    super(ctx, env);
    this.store = new EventLogStorage(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => this.store.migrate());
  }

  /** Test seam of the binding meter (workers/kernel/meter.ts): refused unless the budget test turned it on. */
  async meteredCall(token: MeterToken, method: string, args: unknown[]): Promise<unknown> {
    return meteredInvoke(this, token, method, args);
  }

  async record(events: LoggedEvent[]): Promise<void> {
    this.store.record(events, Date.now());
    await this.armPruning();
  }

  async recordDeliveries(states: DeliveryState[]): Promise<void> {
    this.store.recordDeliveries(states, Date.now());
    await this.armPruning();
  }

  /** The retention job: prunes what is past EVENT_LOG_RETENTION_MS, then sleeps until the oldest row is due. */
  override async alarm(): Promise<void> {
    await this.prune(Date.now());
  }

  /** Pruning at a given time (the alarm passes its clock; tests pass one days ahead). */
  async prune(now: number): Promise<number> {
    const { removed, more } = this.store.prune(now - EVENT_LOG_RETENTION_MS, PRUNE_BATCH);
    const oldest = this.store.oldest();
    if (more) await this.ctx.storage.setAlarm(Date.now());
    else if (oldest === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.max(Date.now(), oldest + EVENT_LOG_RETENTION_MS));
    return removed;
  }

  /** Every shard with rows has an alarm; set once (a read of the alarm per write, no write when it is set). */
  private async armPruning(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + EVENT_LOG_RETENTION_MS);
  }

  async readEvents(q: LogQuery): Promise<LoggedEventWithDeliveries[]> {
    return this.store.list(q);
  }

  async readDelivery(eventId: string, context: string): Promise<DeliveryState | null> {
    return this.store.delivery(eventId, context);
  }

  /** Bench reads (bench/aux-worker.mjs): the handled deliveries of these orders' events, with their lag. */
  async readDeliveryLags(orderIds: string[]): Promise<{ lagMs: number; context: string; eventType: string; attempts: number }[]> {
    return this.store.deliveryLags(orderIds);
  }

  async readEventCount(q: { type: string; aggregateId: string }): Promise<number> {
    return this.store.eventCount(q);
  }

  async readCounts(): Promise<{ events: number; deliveries: number; attempts: number }> {
    return this.store.counts();
  }
}
