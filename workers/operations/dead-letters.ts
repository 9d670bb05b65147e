import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, type SQL } from "drizzle-orm";
import { deadLetters } from "../../schema/operations/tables";
import { db } from "../events/outbox-d1";
import { queueBinding, type InboxContext } from "../events/routing";
import { log } from "../kernel/logging";

export interface DeadLetterView {
  id: string;
  context: string;
  eventId: string | null;
  eventType: string | null;
  reason: string;
  attempts: number;
  recordedAt: string;
  replayedAt: string | null;
}

type Row = typeof deadLetters.$inferSelect;
const view = (r: Row): DeadLetterView => ({
  id: r.id, context: r.context, eventId: r.eventId, eventType: r.eventType, reason: r.reason, attempts: r.attempts,
  recordedAt: new Date(r.recordedAt).toISOString(), replayedAt: r.replayedAt === null ? null : new Date(r.replayedAt).toISOString(),
});

export async function listDeadLetters(env: Env, q: { context?: string; replayed?: boolean; limit: number; after?: string }): Promise<{ items: DeadLetterView[]; nextCursor: string | null }> {
  const conditions: SQL[] = [];
  if (q.context) conditions.push(eq(deadLetters.context, q.context));
  if (q.replayed !== undefined) conditions.push(q.replayed ? isNotNull(deadLetters.replayedAt) : isNull(deadLetters.replayedAt));
  if (q.after) conditions.push(lt(deadLetters.id, q.after));
  const rows = await db(env.DB_OPERATIONS).select().from(deadLetters).where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(deadLetters.id)).limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  return { items: page.map(view), nextCursor: rows.length > q.limit ? page[page.length - 1]!.id : null };
}

const REPLAY_BATCH = 100; // Queues' sendBatch limit

/**
 * Re-sends the context's unreplayed dead letters to its inbox and marks them replayed. The rows are claimed first
 * (replayed_at set only where still null), so two concurrent replays never send one message twice; if the send
 * fails the claim is undone. Malformed messages are left alone: they would only dead-letter again.
 * Handlers are idempotent on eventId, so a replayed event that was in fact applied is absorbed as a duplicate.
 */
export async function replayDeadLetters(env: Env, context: InboxContext, requestId?: string): Promise<{ replayed: number; skippedMalformed: number }> {
  const d = db(env.DB_OPERATIONS);
  const candidates = await d.select().from(deadLetters)
    .where(and(eq(deadLetters.context, context), isNull(deadLetters.replayedAt))).orderBy(asc(deadLetters.recordedAt)).limit(1_000);
  const replayable = candidates.filter((r) => r.eventId !== null && !r.reason.startsWith("MALFORMED"));
  let replayed = 0;
  for (let i = 0; i < replayable.length; i += REPLAY_BATCH) {
    const ids = replayable.slice(i, i + REPLAY_BATCH).map((r) => r.id);
    const now = Date.now();
    const claimed = await d.update(deadLetters).set({ replayedAt: now })
      .where(and(inArray(deadLetters.id, ids), isNull(deadLetters.replayedAt))).returning();
    if (claimed.length === 0) continue;
    try {
      await queueBinding(env, context).sendBatch(claimed.map((r) => ({ body: JSON.parse(r.body) as unknown, contentType: "json" as const })));
    } catch (err) {
      await d.update(deadLetters).set({ replayedAt: null }).where(and(inArray(deadLetters.id, claimed.map((r) => r.id)), eq(deadLetters.replayedAt, now)));
      throw err;
    }
    replayed += claimed.length;
    for (const r of claimed) {
      const body = JSON.parse(r.body) as { correlationId?: string; data?: { orderId?: string; productId?: string } };
      log("info", "dead letter replayed", { requestId, context, eventId: r.eventId ?? undefined, eventType: r.eventType ?? undefined, correlationId: body.correlationId, orderId: body.data?.orderId, productId: body.data?.productId, deadLetterId: r.id });
    }
  }
  return { replayed, skippedMalformed: candidates.length - replayable.length };
}
