import { sql } from "drizzle-orm";
import { parseEnvelope, type AnyEnvelope } from "./envelope";
import { contextOfQueue, type InboxContext } from "./routing";
import type { EventType } from "./catalog";
import type { Envelope } from "./envelope";
import { db, type Runtime } from "./outbox-d1";
import { queueBinding } from "./routing";
import { deliveries, deadLetters } from "../../schema/operations/tables";
import { log, errorFields, type LogFields } from "../kernel/logging";
import { continueTrace, withTrace } from "../kernel/trace";

export type HandlerResult = "handled" | "duplicate";

/** A subscriber: `<action>-on-<event>`. It must be idempotent on eventId and tolerate out-of-order delivery. */
export type EventHandler<T extends EventType> = (event: Envelope<T>, rt: Runtime) => Promise<HandlerResult>;
export type ContextHandlers = { [T in EventType]?: EventHandler<T> };
export type HandlerTable = Partial<Record<InboxContext, ContextHandlers>>;

/** Thrown by a handler that keeps its own retry schedule (webhooks: seconds to hours) instead of the queue backoff. */
export class RetryLater extends Error {
  /**
   * `requeue`: the handler did not fail, it is waiting (an open circuit breaker). The message goes back to its queue
   * as a new message, so its attempts start again and waiting never dead-letters it.
   */
  constructor(readonly delaySeconds: number, message: string, readonly requeue = false) {
    super(message);
    this.name = "RetryLater";
  }
}

/** What the consumer reports besides its log lines: metric points and error reports (wired in workers/index.ts). */
export interface ConsumerObserver {
  outcome?(record: DeliveryRecord): void;
  /** Called on a message's first failed attempt only, so one poison message is one report, not one per retry. */
  firstFailure?(err: unknown, fields: LogFields): void;
}

export interface DeliveryRecord {
  eventId: string;
  context: InboxContext;
  eventType: string;
  status: "HANDLED" | "DUPLICATE" | "RETRYING" | "DEAD" | "SKIPPED";
  attempts: number;
  lagMs: number | null;
  processingMs: number | null;
  lastError: string | null;
}

export function retryDelaySeconds(env: Env, attempts: number): number {
  const base = Number(env.QUEUE_RETRY_BASE_SECONDS);
  return Math.min(Math.round(base * 2 ** Math.max(0, attempts - 1)), 600);
}

/** Queue entry point: dispatch by queue, ack each message on its own, retry with backoff, record the outcome. */
export async function consumeBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext, table: HandlerTable, observer: ConsumerObserver = {}): Promise<void> {
  const target = contextOfQueue(batch.queue);
  if (!target) {
    log("error", "message from an unknown queue; retrying so it is not lost", { queue: batch.queue });
    batch.retryAll();
    return;
  }
  if (target.deadLetter) {
    await recordDeadLetters(batch, env, target.context);
    return;
  }
  const rt: Runtime = { env, waitUntil: (p) => ctx.waitUntil(p) };
  const handlers = table[target.context] ?? {};
  const records: DeliveryRecord[] = [];

  await Promise.all(
    // Each handling is a new span of the event's trace: its log lines, the events it causes and its outbound calls
    // carry it (contract §5). A message without a (valid) traceparent starts a new trace.
    batch.messages.map((msg) => withTrace(continueTrace((msg.body as { traceparent?: string } | null)?.traceparent), async () => {
      const parsed = parseEnvelope(msg.body);
      if (!parsed.ok) {
        // A malformed message will never succeed: park it as a dead letter at once instead of retrying.
        log("error", "malformed event parked as dead letter", { context: target.context, reason: parsed.reason, messageId: msg.id });
        await storeDeadLetter(env, target.context, msg, `MALFORMED: ${parsed.reason}`);
        msg.ack();
        return;
      }
      const event = parsed.event;
      const handler = handlers[event.eventType] as EventHandler<EventType> | undefined;
      const fields = { context: target.context, eventId: event.eventId, eventType: event.eventType, correlationId: event.correlationId, orderId: (event.data as { orderId?: string }).orderId, productId: (event.data as { productId?: string }).productId };
      if (!handler) {
        msg.ack();
        return;
      }
      const started = Date.now();
      try {
        const result = await handler(event as Envelope<EventType>, rt);
        msg.ack();
        const processingMs = Date.now() - started;
        const record: DeliveryRecord = { eventId: event.eventId, context: target.context, eventType: event.eventType, status: result === "duplicate" ? "DUPLICATE" : "HANDLED", attempts: msg.attempts, lagMs: Math.max(0, Date.now() - Date.parse(event.occurredOn)), processingMs, lastError: null };
        records.push(record);
        observer.outcome?.(record);
        log("info", "event handled", { ...fields, result, attempts: msg.attempts, processingMs });
      } catch (err) {
        if (err instanceof RetryLater && err.requeue && (await requeue(env, target.context, msg, err.delaySeconds))) {
          log("info", "event waits for an outbound dependency", { ...fields, attempts: msg.attempts, delaySeconds: err.delaySeconds, reason: err.message });
          return;
        }
        const delaySeconds = err instanceof RetryLater ? err.delaySeconds : retryDelaySeconds(env, msg.attempts);
        msg.retry({ delaySeconds });
        const error = err instanceof Error ? err.message : String(err);
        const record: DeliveryRecord = { eventId: event.eventId, context: target.context, eventType: event.eventType, status: "RETRYING", attempts: msg.attempts, lagMs: null, processingMs: Date.now() - started, lastError: error.slice(0, 500) };
        records.push(record);
        observer.outcome?.(record);
        // A RetryLater is a receiver outside our system failing, not a bug of ours: it is logged, not reported.
        if (msg.attempts === 1 && !(err instanceof RetryLater)) observer.firstFailure?.(err, fields);
        log("warn", "event handler failed; will retry", { ...fields, attempts: msg.attempts, delaySeconds, ...errorFields(err) });
      }
    })),
  );
  if (records.length) ctx.waitUntil(recordDeliveries(env, records));
}

/** Puts the message back as a new one (sent before the ack: a lost ack only duplicates, and handlers dedupe). */
async function requeue(env: Env, context: InboxContext, msg: Message<unknown>, delaySeconds: number): Promise<boolean> {
  try {
    await queueBinding(env, context).send(msg.body, { contentType: "json", delaySeconds });
    msg.ack();
    return true;
  } catch (err) {
    log("warn", "could not requeue a waiting event; retrying it instead", { context, messageId: msg.id, ...errorFields(err) });
    return false;
  }
}

async function recordDeliveries(env: Env, records: DeliveryRecord[]): Promise<void> {
  try {
    const d = db(env.DB_OPERATIONS);
    const now = Date.now();
    const stmts = records.map((r) =>
      d.insert(deliveries)
        .values({ ...r, updatedAt: now })
        .onConflictDoUpdate({
          target: [deliveries.eventId, deliveries.context],
          // A late duplicate never downgrades a HANDLED delivery.
          set: { status: sql`CASE WHEN ${deliveries.status} = 'HANDLED' AND excluded.status = 'DUPLICATE' THEN ${deliveries.status} ELSE excluded.status END`, attempts: r.attempts, lagMs: sql`COALESCE(${deliveries.lagMs}, excluded.lag_ms)`, processingMs: sql`COALESCE(excluded.processing_ms, ${deliveries.processingMs})`, lastError: r.lastError, updatedAt: now },
        }),
    );
    await d.batch(stmts as [typeof stmts[number], ...typeof stmts]);
  } catch (err) {
    log("warn", "could not record deliveries", errorFields(err));
  }
}

async function storeDeadLetter(env: Env, context: InboxContext, msg: Message<unknown>, reason: string): Promise<void> {
  const body = msg.body as Partial<AnyEnvelope> | null;
  const eventId = typeof body?.eventId === "string" ? body.eventId : null;
  const d = db(env.DB_OPERATIONS);
  const now = Date.now();
  const stmts = [
    d.insert(deadLetters)
      .values({ id: `dlq_${msg.id}`.slice(0, 120), context, eventId, eventType: typeof body?.eventType === "string" ? body.eventType : null, body: JSON.stringify(msg.body), reason, attempts: msg.attempts, recordedAt: now })
      .onConflictDoNothing(),
  ];
  if (eventId) {
    stmts.push(
      d.insert(deliveries)
        .values({ eventId, context, eventType: String(body?.eventType ?? "unknown"), status: "DEAD", attempts: msg.attempts, lagMs: null, processingMs: null, lastError: reason.slice(0, 500), updatedAt: now })
        .onConflictDoUpdate({ target: [deliveries.eventId, deliveries.context], set: { status: "DEAD", lastError: reason.slice(0, 500), updatedAt: now } }) as never,
    );
  }
  await d.batch(stmts as [typeof stmts[number], ...typeof stmts]);
}

/** Dead-letter queue consumer: keeps each message (with the last failure) in the operations database for replay. */
async function recordDeadLetters(batch: MessageBatch<unknown>, env: Env, context: InboxContext): Promise<void> {
  for (const msg of batch.messages) {
    try {
      const [last] = await db(env.DB_OPERATIONS)
        .select({ lastError: deliveries.lastError })
        .from(deliveries)
        .where(sql`${deliveries.eventId} = ${(msg.body as { eventId?: string } | null)?.eventId ?? ""} AND ${deliveries.context} = ${context}`);
      await storeDeadLetter(env, context, msg, `RETRIES_EXHAUSTED: ${last?.lastError ?? "handler kept failing"}`);
      const body = msg.body as Partial<AnyEnvelope> | null;
      const data = (body?.data ?? {}) as { orderId?: string; productId?: string };
      log("error", "event dead-lettered", { context, eventId: body?.eventId, eventType: body?.eventType, correlationId: body?.correlationId, orderId: data.orderId, productId: data.productId, attempts: msg.attempts });
      msg.ack();
    } catch (err) {
      log("error", "could not record dead letter; retrying", { context, ...errorFields(err) });
      msg.retry({ delaySeconds: 5 });
    }
  }
}

