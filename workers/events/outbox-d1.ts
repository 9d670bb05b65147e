import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { and, eq, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { outbox, inbox } from "../../schema/shared/event-tables";
import { outboxEntries, sendRows, nextAttemptDelayMs, queueSender, type EventSender, type PendingRow } from "./outbox";
import type { AnyEnvelope, Envelope } from "./envelope";
import type { EventType } from "./catalog";
import { log, errorFields } from "../kernel/logging";
import { detached } from "../kernel/meter";
import { isUniqueViolation } from "../kernel/unique-violation";

export const D1_CONTEXTS = [
  "customer", "seller", "product", "inventory", "cart", "order", "payment", "shipping", "notification", "promotion", "review", "operations",
] as const;
export type D1Context = (typeof D1_CONTEXTS)[number];

export function contextDatabase(env: Env, context: D1Context): D1Database {
  const dbs: Record<D1Context, D1Database> = {
    customer: env.DB_CUSTOMER, seller: env.DB_SELLER, product: env.DB_PRODUCT, inventory: env.DB_INVENTORY,
    cart: env.DB_CART, order: env.DB_ORDER, payment: env.DB_PAYMENT, shipping: env.DB_SHIPPING,
    notification: env.DB_NOTIFICATION, promotion: env.DB_PROMOTION, review: env.DB_REVIEW, operations: env.DB_OPERATIONS,
  };
  return dbs[context];
}

export type Db = DrizzleD1Database<Record<string, never>> & { $client: D1Database };
export const db = (d1: D1Database): Db => drizzle(d1);

/** What a D1 command or handler needs besides its database: where to run the post-commit relay. */
export interface Runtime {
  env: Env;
  waitUntil(promise: Promise<unknown>): void;
  sender?: EventSender;
}

type AnyBatchItem = BatchItem<"sqlite">;

/**
 * `d.run(sql)` made usable inside `d.batch()`. drizzle 0.45's D1 batch binds parameters through the prepared
 * query's `.stmt`, which its raw-SQL query object lacks, so a parameterised `d.run(sql)` in a batch throws
 * "Cannot read properties of undefined (reading 'bind')". Giving it the statement is all it needs.
 */
export function rawStatement(d: Db, query: SQL): AnyBatchItem {
  const raw = d.run(query);
  return Object.assign(raw, { stmt: d.$client.prepare(raw.getQuery().sql) });
}

// The post-commit relay normally sends a row within milliseconds; the sweep leaves fresh rows alone this long.
export const SWEEP_GRACE_MS = 5_000;

export function outboxInserts(d: Db, events: ReadonlyArray<Envelope<EventType> | AnyEnvelope>, now = Date.now(), guard?: SQL): AnyBatchItem[] {
  const entries = outboxEntries(events);
  const written = { seq: outbox.seq, eventId: outbox.eventId, destination: outbox.destination };
  if (guard) {
    // Conditional: the events are written only if the guard holds inside the same transaction (optimistic writes).
    // insert().select(sql) rather than d.run(sql): drizzle's D1 batch cannot bind parameters of a raw d.run() item
    // ("Cannot read properties of undefined (reading 'bind')"). The select lists every column in table order.
    // RETURNING tells the committer which rows exist, so it relays them without reading them back.
    return entries.map((e) =>
      d.insert(outbox).select(sql`SELECT NULL, ${e.eventId}, ${e.eventType}, ${e.destination}, ${e.body}, ${now}, 0, ${now + SWEEP_GRACE_MS}, NULL, NULL WHERE ${guard}`).returning(written),
    );
  }
  // Chunked: D1 allows at most 100 bound parameters per statement (5 columns per row here).
  const items: AnyBatchItem[] = [];
  for (let i = 0; i < entries.length; i += 15) {
    items.push(
      d.insert(outbox).values(
        entries.slice(i, i + 15).map((e) => ({ ...e, createdAt: now, nextAttemptAt: now + SWEEP_GRACE_MS })),
      ).returning(written),
    );
  }
  return items;
}

/**
 * The guard of an optimistic write: its events are written only if the UPDATE just before them changed its row.
 * SQLite's changes() is the row count of the last completed statement in the transaction, so it holds for the first
 * outbox row when the UPDATE applied and for each next one when the row before it was written. A guard that looks
 * for the new version instead cannot tell two writers apart when both read the same version in the same
 * millisecond (workerd's clock stands still during a request), and both would publish that version.
 */
export const previousStatementChangedOneRow = sql`changes() = 1`;

/**
 * Commits state changes and their events in one D1 transaction (db.batch), then relays the new events right after
 * the commit. A crash in between leaves the rows pending for the cron sweep: an event is sent or still pending.
 * The relay sends the rows this transaction wrote (their seq comes back through RETURNING) without reading them
 * again. Returns the results of `statements`, in order, so a caller can see what its conditional writes did.
 */
export async function commitWithEvents(
  rt: Runtime,
  context: D1Context,
  statements: AnyBatchItem[],
  events: ReadonlyArray<Envelope<EventType> | AnyEnvelope>,
  guard?: SQL,
): Promise<unknown[]> {
  const d = db(contextDatabase(rt.env, context));
  const inserts = outboxInserts(d, events, Date.now(), guard);
  const all = [...statements, ...inserts];
  if (all.length === 0) return [];
  const results = (await d.batch(all as [AnyBatchItem, ...AnyBatchItem[]])) as unknown[];
  const written = (results.slice(statements.length) as { seq: number; eventId: string; destination: string }[][]).flat();
  if (written.length) {
    const bodies = new Map(outboxEntries(events).map((e) => [`${e.eventId} ${e.destination}`, e]));
    const rows: PendingRow[] = written.flatMap((w) => {
      const e = bodies.get(`${w.eventId} ${w.destination}`);
      return e ? [{ ...e, seq: w.seq, attempts: 0 }] : [];
    });
    rt.waitUntil(detached(() => relayCommitted(rt.env, context, rows, rt.sender)));
  }
  return results.slice(0, statements.length);
}

/** Inbox row for a handled event; put it first in the handler's batch so a duplicate aborts the whole batch. */
export function inboxInsert(d: Db, event: { eventId: string; eventType: string }, now = Date.now()): AnyBatchItem {
  return d.insert(inbox).values({ eventId: event.eventId, eventType: event.eventType, handledAt: now });
}

export const isDuplicateInboxError = (err: unknown): boolean => isUniqueViolation(err, "inbox.event_id");

const RELAY_BATCH = 200;

/** Sends pending outbox rows (the given events, or every row that is due) and records the outcome per row. */
export async function relayD1(
  env: Env,
  context: D1Context,
  which: { eventIds: string[] } | { due: true },
  sender: EventSender = queueSender(env),
  now = Date.now(),
): Promise<{ sent: number; failed: number }> {
  const d = db(contextDatabase(env, context));
  let filter: SQL | undefined;
  if ("eventIds" in which) {
    if (which.eventIds.length === 0) return { sent: 0, failed: 0 };
    filter = and(isNull(outbox.sentAt), inArray(outbox.eventId, which.eventIds.slice(0, 90)));
  } else {
    filter = and(isNull(outbox.sentAt), lte(outbox.nextAttemptAt, now));
  }
  try {
    const rows: PendingRow[] = (await d
      .select({ seq: outbox.seq, eventId: outbox.eventId, eventType: outbox.eventType, destination: outbox.destination, body: outbox.body, attempts: outbox.attempts })
      .from(outbox)
      .where(filter)
      .orderBy(outbox.seq)
      .limit(RELAY_BATCH)) as PendingRow[];
    return await relayRows(env, context, rows, sender, now);
  } catch (err) {
    log("error", "outbox relay failed", { context, ...errorFields(err) });
    return { sent: 0, failed: -1 };
  }
}

/** The post-commit relay: the rows the commit just wrote, straight from memory (one round trip: marking them). */
async function relayCommitted(env: Env, context: D1Context, rows: PendingRow[], sender: EventSender = queueSender(env)): Promise<void> {
  try {
    await relayRows(env, context, rows, sender, Date.now());
  } catch (err) {
    log("error", "outbox relay failed", { context, ...errorFields(err) });
  }
}

async function relayRows(env: Env, context: D1Context, rows: PendingRow[], sender: EventSender, now: number): Promise<{ sent: number; failed: number }> {
  if (rows.length === 0) return { sent: 0, failed: 0 };
  const d = db(contextDatabase(env, context));
  const outcome = await sendRows(rows, sender);
  const updates: AnyBatchItem[] = [];
  for (let i = 0; i < outcome.sent.length; i += 90) {
    updates.push(d.update(outbox).set({ sentAt: Date.now() }).where(inArray(outbox.seq, outcome.sent.slice(i, i + 90))));
  }
  for (const f of outcome.failed) {
    const row = rows.find((r) => r.seq === f.seq)!;
    updates.push(
      d.update(outbox)
        .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: now + nextAttemptDelayMs(row.attempts + 1), lastError: f.error })
        .where(eq(outbox.seq, f.seq)),
    );
  }
  if (updates.length) await d.batch(updates as [AnyBatchItem, ...AnyBatchItem[]]);
  if (outcome.failed.length) log("warn", "outbox relay: send failed, rows stay pending", { context, failed: outcome.failed.length, error: outcome.failed[0]?.error });
  return { sent: outcome.sent.length, failed: outcome.failed.length };
}

/** Cron sweep: every D1 context's due rows. Runs until a context has nothing due, bounded per run. */
export async function sweepD1Outboxes(env: Env, sender?: EventSender, now = Date.now()): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await Promise.all(
    D1_CONTEXTS.map(async (context) => {
      let total = 0;
      for (let round = 0; round < 10; round++) {
        const r = await relayD1(env, context, { due: true }, sender, now);
        total += r.sent;
        if (r.sent + Math.max(r.failed, 0) < RELAY_BATCH) break;
      }
      counts[context] = total;
    }),
  );
  return counts;
}

export async function pendingOutboxCount(env: Env, context: D1Context): Promise<number> {
  const d = db(contextDatabase(env, context));
  const [row] = await d.select({ n: sql<number>`count(*)` }).from(outbox).where(isNull(outbox.sentAt));
  return Number(row?.n ?? 0);
}
