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
  }

  async recordDeliveries(states: DeliveryState[]): Promise<void> {
    this.store.recordDeliveries(states, Date.now());
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
