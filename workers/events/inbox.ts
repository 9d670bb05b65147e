import type { BatchItem } from "drizzle-orm/batch";
import { db, inboxInsert, isDuplicateInboxError, type Db } from "./outbox-d1";
import type { HandlerResult } from "./consumer";

/**
 * Runs a D1 handler's statements after its inbox row, in one transaction: the effect happens once per eventId.
 * The inbox insert is the check: a duplicate (redelivered or concurrent) fails it, which rolls the whole batch back,
 * so deduplication costs no round trip of its own.
 */
export async function applyOnce(d1: D1Database, event: { eventId: string; eventType: string }, statements: (d: Db) => BatchItem<"sqlite">[]): Promise<HandlerResult> {
  const d = db(d1);
  try {
    await d.batch([inboxInsert(d, event), ...statements(d)]);
    return "handled";
  } catch (err) {
    if (isDuplicateInboxError(err)) return "duplicate";
    throw err;
  }
}
