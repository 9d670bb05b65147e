import { D1_CONTEXTS, contextDatabase } from "./outbox-d1";
import { log, errorFields } from "../kernel/logging";

// How long the event backbone keeps what it no longer needs (README "Storage model").
//
// An inbox id exists to recognise a redelivered message. Cloudflare Queues keep a message at most 14 days (the
// largest message_retention_period; the default is 4 days), and a message cannot be redelivered once it is gone, so
// an id kept 15 days outlives every copy of its message. A dead-lettered message never wrote an inbox row in the
// context that failed it, and its replay is a new copy: no id is needed for it either.
const DAY_MS = 86_400_000;
export const INBOX_RETENTION_MS = 15 * DAY_MS;
// A sent outbox row is only history once its queue accepted it: kept an hour for debugging. (An hour, not the objects'
// day: a D1 outbox holds every order's rows, ~7 KB per order, so a day would be ~60 GB at 100 orders/s.)
export const SENT_OUTBOX_RETENTION_MS = 60 * 60_000;
// Rows deleted per table per cron run: a bounded statement however far behind the pruning is (runs every minute).
export const PRUNE_BATCH = 5_000;

/**
 * Prunes every context database's inbox (ids past INBOX_RETENTION_MS) and outbox (rows sent more than
 * SENT_OUTBOX_RETENTION_MS ago; unsent rows are never touched). One batch, one round trip, per database.
 */
export async function pruneEventTables(env: Env, now = Date.now()): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  await Promise.all(D1_CONTEXTS.map(async (context) => {
    const d1 = contextDatabase(env, context);
    try {
      const [inbox, outbox] = await d1.batch([
        d1.prepare(`DELETE FROM inbox WHERE rowid IN (SELECT rowid FROM inbox WHERE handled_at < ? LIMIT ?)`).bind(now - INBOX_RETENTION_MS, PRUNE_BATCH),
        d1.prepare(`DELETE FROM outbox WHERE rowid IN (SELECT rowid FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ? LIMIT ?)`).bind(now - SENT_OUTBOX_RETENTION_MS, PRUNE_BATCH),
      ]);
      const n = (inbox?.meta.changes ?? 0) + (outbox?.meta.changes ?? 0);
      if (n) removed[context] = n;
    } catch (err) {
      // One database failing leaves the others pruned; the next run tries it again.
      log("warn", "could not prune inbox/outbox", { context, ...errorFields(err) });
    }
  }));
  return removed;
}
