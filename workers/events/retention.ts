import { D1_CONTEXTS, contextDatabase } from "./outbox-d1";
import { log, errorFields } from "../kernel/logging";

// How long the event backbone keeps what it no longer needs (README "Storage model").
//
// An inbox id exists to recognise a redelivered message, and a message cannot come back once its queue has dropped
// it. `npm run queues:provision` gives every inbox queue a 1-day message_retention_period (wrangler.toml [vars]
// QUEUE_MESSAGE_RETENTION_SECONDS; wrangler.toml has no queue-level field for it). A message is handled after it was
// enqueued and is gone a day after that, so an id kept 30 hours outlives every copy of its message, with 6 hours
// over for clock skew (retries, capped at 10 minutes apart, happen inside the day; a requeue is a new copy of a
// message not yet handled). A dead-lettered message never wrote an inbox row in the context that failed it, and its
// replay is a new copy: no id is needed for it either. 30 hours, not 15 days, is what keeps the busiest inbox
// (notification, 3 ids per order) near 5 GB at 100 orders/s, under D1's 10 GB (README "Storage model").
const HOUR_MS = 3_600_000;
export const INBOX_RETENTION_MS = 30 * HOUR_MS;
// A sent outbox row is only history once its queue accepted it: kept an hour for debugging. (An hour, not the objects'
// day: a D1 outbox holds every order's rows, ~7 KB per order, so a day would be ~60 GB at 100 orders/s.)
export const SENT_OUTBOX_RETENTION_MS = 60 * 60_000;
// Rows deleted per table per statement: a bounded statement however far behind the pruning is.
export const PRUNE_BATCH = 5_000;
// Statements per database per cron run (every minute): up to 50,000 rows a minute, ~830 rows/s per table, above the
// busiest inbox's ~500 ids/s at 100 orders/s, so pruning keeps pace instead of falling behind for good.
export const PRUNE_ROUNDS = 10;

/**
 * Prunes every context database's inbox (ids past INBOX_RETENTION_MS) and outbox (rows sent more than
 * SENT_OUTBOX_RETENTION_MS ago; unsent rows are never touched). One batch, one round trip, per round and database;
 * another round only while the last one found a full batch to delete.
 */
export async function pruneEventTables(env: Env, now = Date.now()): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  await Promise.all(D1_CONTEXTS.map(async (context) => {
    const d1 = contextDatabase(env, context);
    try {
      for (let round = 0; round < PRUNE_ROUNDS; round++) {
        const [inbox, outbox] = await d1.batch([
          d1.prepare(`DELETE FROM inbox WHERE rowid IN (SELECT rowid FROM inbox WHERE handled_at < ? LIMIT ?)`).bind(now - INBOX_RETENTION_MS, PRUNE_BATCH),
          d1.prepare(`DELETE FROM outbox WHERE rowid IN (SELECT rowid FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ? LIMIT ?)`).bind(now - SENT_OUTBOX_RETENTION_MS, PRUNE_BATCH),
        ]);
        const [i, o] = [inbox?.meta.changes ?? 0, outbox?.meta.changes ?? 0];
        if (i + o) removed[context] = (removed[context] ?? 0) + i + o;
        if (i < PRUNE_BATCH && o < PRUNE_BATCH) break;
      }
    } catch (err) {
      // One database failing leaves the others pruned; the next run tries it again.
      log("warn", "could not prune inbox/outbox", { context, ...errorFields(err) });
    }
  }));
  return removed;
}
