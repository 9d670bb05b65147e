import { sql } from "drizzle-orm";
import { parseEnvelope, type AnyEnvelope } from "./envelope";
import { contextOfQueue, type InboxContext } from "./routing";
import type { EventType } from "./catalog";
import type { Envelope } from "./envelope";
import { db, type Runtime } from "./outbox-d1";
import { queueBinding } from "./routing";
import { deadLetters } from "../../schema/operations/tables";
import { readDelivery, recordDeliveryStates, recordEvents, storyKeyOf, type ShardedDelivery } from "../operations/event-log";
import { log, errorFields, type LogFields } from "../kernel/logging";
import { continueTrace, withTrace } from "../kernel/trace";
import { WriteCoalescer } from "./batch-writes";

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

/** Writes one queue batch's delivery outcomes (test seam: a test makes it fail to play a crash before the record). */
export type DeliveryRecorder = (env: Env, states: ShardedDelivery[]) => Promise<void>;

type Verdict = { msg: Message<unknown>; retryIn: number | null; handled: boolean };

/**
 * Queue entry point: dispatch by queue, handle each message on its own, retry with backoff, record the outcomes.
 * The batch's outcomes are written to the event log (one call per shard touched) before any message is acked, so
 * a crash between a handler's effect and its delivery record redelivers the message: the handler then answers
 * "duplicate" (its inbox row committed with the effect), and that outcome is recorded instead.
 */
export async function consumeBatch(
  batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext, table: HandlerTable, observer: ConsumerObserver = {},
  recordDeliveries: DeliveryRecorder = recordDeliveryStates,
): Promise<void> {
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
  if (target.context === "operations") {
    await drainOperationsInbox(batch, env);
    return;
  }
  // The batch's handlers share their D1 write transactions (workers/events/batch-writes.ts): one per database per
  // batch, the background relays they start included, with each message's own outcome kept if the shared one fails.
  const writes = new WriteCoalescer();
  const rt: Runtime = { env: writes.env(env), waitUntil: (p) => ctx.waitUntil(writes.track(p)) };
  const handlers = table[target.context] ?? {};
  const records: ShardedDelivery[] = [];
  const verdicts: Verdict[] = [];

  await Promise.all(
    // Each handling is a new span of the event's trace: its log lines, the events it causes and its outbound calls
    // carry it (contract §5). A message without a (valid) traceparent starts a new trace.
    batch.messages.map((msg) => writes.track(withTrace(continueTrace((msg.body as { traceparent?: string } | null)?.traceparent), async () => {
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
      const storyKey = storyKeyOf(event);
      const started = Date.now();
      try {
        const result = await handler(event as Envelope<EventType>, rt);
        const processingMs = Date.now() - started;
        const record: DeliveryRecord = { eventId: event.eventId, context: target.context, eventType: event.eventType, status: result === "duplicate" ? "DUPLICATE" : "HANDLED", attempts: msg.attempts, lagMs: Math.max(0, Date.now() - Date.parse(event.occurredOn)), processingMs, lastError: null };
        records.push({ ...record, storyKey });
        verdicts.push({ msg, retryIn: null, handled: true });
        observer.outcome?.(record);
        log("info", "event handled", { ...fields, result, attempts: msg.attempts, processingMs });
      } catch (err) {
        if (err instanceof RetryLater && err.requeue && (await requeue(env, target.context, msg, err.delaySeconds))) {
          log("info", "event waits for an outbound dependency", { ...fields, attempts: msg.attempts, delaySeconds: err.delaySeconds, reason: err.message });
          return;
        }
        const delaySeconds = err instanceof RetryLater ? err.delaySeconds : retryDelaySeconds(env, msg.attempts);
        verdicts.push({ msg, retryIn: delaySeconds, handled: false });
        const error = err instanceof Error ? err.message : String(err);
        const record: DeliveryRecord = { eventId: event.eventId, context: target.context, eventType: event.eventType, status: "RETRYING", attempts: msg.attempts, lagMs: null, processingMs: Date.now() - started, lastError: error.slice(0, 500) };
        records.push({ ...record, storyKey });
        observer.outcome?.(record);
        // A RetryLater is a receiver outside our system failing, not a bug of ours: it is logged, not reported.
        if (msg.attempts === 1 && !(err instanceof RetryLater)) observer.firstFailure?.(err, fields);
        log("warn", "event handler failed; will retry", { ...fields, attempts: msg.attempts, delaySeconds, ...errorFields(err) });
      }
    }))),
  );
  let recorded = true;
  if (records.length) {
    try {
      await recordDeliveries(env, records);
    } catch (err) {
      recorded = false;
      log("warn", "could not record deliveries; handled messages come back as duplicates to record them", errorFields(err));
    }
  }
  for (const v of verdicts) {
    if (v.retryIn !== null) v.msg.retry({ delaySeconds: v.retryIn });
    // Redelivery is cheap (an inbox hit), but a log that stays down must not push handled events to the DLQ.
    else if (!recorded && v.msg.attempts < RECORD_RETRIES) v.msg.retry({ delaySeconds: retryDelaySeconds(env, v.msg.attempts) });
    else v.msg.ack();
  }
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

/** How many deliveries a handled message may take to get its outcome recorded before it is acked regardless. */
const RECORD_RETRIES = 3;

/**
 * The operations inbox no longer receives events (the relays write the event log directly); this drains messages
 * queued before that change into the log, so none is lost across the deploy.
 */
async function drainOperationsInbox(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const events: AnyEnvelope[] = [];
  for (const msg of batch.messages) {
    const parsed = parseEnvelope(msg.body);
    if (parsed.ok) events.push(parsed.event);
    else await storeDeadLetter(env, "operations", msg, `MALFORMED: ${parsed.reason}`);
  }
  try {
    if (events.length) await recordEvents(env, events);
    batch.ackAll();
  } catch (err) {
    log("warn", "could not record events in the event log; retrying", errorFields(err));
    batch.retryAll({ delaySeconds: 5 });
  }
}

async function storeDeadLetter(env: Env, context: InboxContext, msg: Message<unknown>, reason: string): Promise<void> {
  const body = msg.body as Partial<AnyEnvelope> | null;
  const eventId = typeof body?.eventId === "string" ? body.eventId : null;
  await db(env.DB_OPERATIONS).insert(deadLetters)
    .values({ id: `dlq_${msg.id}`.slice(0, 120), context, eventId, eventType: typeof body?.eventType === "string" ? body.eventType : null, body: JSON.stringify(msg.body), reason, attempts: msg.attempts, recordedAt: Date.now() })
    .onConflictDoNothing();
  // The story shows it DEAD at that subscriber (the event log shard of the event's order or aggregate).
  const parsed = parseEnvelope(msg.body);
  if (parsed.ok) {
    await recordDeliveryStates(env, [{
      eventId: parsed.event.eventId, context, eventType: parsed.event.eventType, status: "DEAD", attempts: msg.attempts, lagMs: null, processingMs: null,
      lastError: reason.slice(0, 500), storyKey: storyKeyOf(parsed.event),
    }]);
  }
}

/** Dead-letter queue consumer: keeps each message (with the last failure) in the operations database for replay. */
async function recordDeadLetters(batch: MessageBatch<unknown>, env: Env, context: InboxContext): Promise<void> {
  for (const msg of batch.messages) {
    try {
      // The last failure is in the event's story shard (the consumer recorded each RETRYING attempt there).
      const parsed = parseEnvelope(msg.body);
      const last = parsed.ok ? await readDelivery(env, storyKeyOf(parsed.event), parsed.event.eventId, context) : null;
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

