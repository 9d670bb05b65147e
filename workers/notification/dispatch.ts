import { and, eq, isNull, lt, lte, or } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { notifications } from "../../schema/notification/tables";
import { db, type Db } from "../events/outbox-d1";
import { applyOnce } from "../events/inbox";
import type { HandlerResult } from "../events/consumer";
import { newId } from "../kernel/ids";
import { log } from "../kernel/logging";
import { BreakerOpen } from "../kernel/breaker";
import type { Mailer } from "./mailer";
import type { Recipient } from "./directory";
import { render, type Facts } from "./templates";

export const MAX_SEND_ATTEMPTS = 5;
const LEASE_MS = 60_000;
const BASE_BACKOFF_MS = 30_000;

/** 30 s, 1 min, 2 min, 4 min… capped at an hour. */
export const backoffMs = (attempts: number) => Math.min(BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1), 3_600_000);

export interface Draft {
  to: Recipient;
  facts: Facts;
}

type Row = typeof notifications.$inferSelect;

/**
 * Records the notifications an event causes (one per event, recipient and type: the unique index makes a second
 * copy a no-op) together with the inbox row and any directory change, then sends them. The rows are written already
 * leased to this handler, so sending them needs no claim of its own: one write to record, one to mark the outcomes
 * (and the consumer shares both with the rest of its queue batch, workers/events/batch-writes.ts).
 */
export async function notifyOnce(
  env: Env, mailer: Mailer, event: { eventId: string; eventType: string }, drafts: () => Promise<Draft[]>, also: (d: Db) => BatchItem<"sqlite">[] = () => [],
): Promise<HandlerResult> {
  // No inbox look-up first: applyOnce's inbox insert is the check (a duplicate only re-reads its recipients).
  const list = await drafts();
  const now = Date.now();
  // One row per recipient and type, as the unique index keeps them: a row that lost to a twin is never sent.
  const unique = [...new Map(list.map((draft) => [`${draft.to.id} ${draft.facts.type}`, draft])).values()];
  const rows: Row[] = unique.map(({ to, facts }) => {
    const { subject, body } = render(to.name, facts);
    return {
      id: newId("ntf", now), eventId: event.eventId, recipientId: to.id, recipientEmail: to.email, recipientName: to.name, type: facts.type,
      subject, body, channel: "EMAIL", status: "PENDING", attempts: 0, nextAttemptAt: now, leaseUntil: now + LEASE_MS, lastError: null, sentAt: null, createdAt: now,
    };
  });
  const result = await applyOnce(env.DB_NOTIFICATION, event, (d) => [...also(d), ...rows.map((r) => d.insert(notifications).values(r).onConflictDoNothing())]);
  // "handled": the inbox row is new, so no earlier copy wrote rows of this event and these are the ones just
  // written, leased to us. A duplicate sends what is still due of the event instead: a copy that crashed after
  // recording but before sending leaves rows for this one (once their lease has passed).
  const { waiting } = result === "handled" ? await sendLeased(env, mailer, rows, now) : await deliverDue(env, mailer, { eventId: event.eventId });
  // The mailer's breaker is open: the event waits in its queue (BreakerOpen requeues it) and this handler, seeing
  // its inbox row, sends the still-PENDING notifications when it comes back.
  if (waiting) throw waiting;
  return result;
}

/**
 * Sends PENDING notifications that are due (of one event, or all), each under a short lease so two senders never
 * send the same one. Success → SENT; failure → PENDING with the next attempt backed off, FAILED after the last one.
 */
export async function deliverDue(env: Env, mailer: Mailer, which: { eventId: string } | { all: true }, now = Date.now()): Promise<{ sent: number; failed: number; waiting: BreakerOpen | null }> {
  const d = db(env.DB_NOTIFICATION);
  const free = or(isNull(notifications.leaseUntil), lt(notifications.leaseUntil, now));
  const due = and(eq(notifications.status, "PENDING"), lte(notifications.nextAttemptAt, now), free);
  const rows = await d.select().from(notifications).where("eventId" in which ? and(due, eq(notifications.eventId, which.eventId)) : due).limit(50);
  const leased: Row[] = [];
  for (const row of rows) {
    const claimed = await d.update(notifications).set({ leaseUntil: now + LEASE_MS })
      .where(and(eq(notifications.id, row.id), eq(notifications.status, "PENDING"), free)).returning({ id: notifications.id });
    if (claimed.length) leased.push(row);
  }
  return sendLeased(env, mailer, leased, now);
}

/** Sends rows this caller holds the lease of, then records every outcome in one batch (leases of unsent rows given back). */
async function sendLeased(env: Env, mailer: Mailer, rows: Row[], now: number): Promise<{ sent: number; failed: number; waiting: BreakerOpen | null }> {
  const d = db(env.DB_NOTIFICATION);
  const updates: BatchItem<"sqlite">[] = [];
  let sent = 0;
  let failed = 0;
  let waiting: BreakerOpen | null = null;
  for (const row of rows) {
    if (waiting) {
      updates.push(d.update(notifications).set({ leaseUntil: null }).where(eq(notifications.id, row.id)));
      continue;
    }
    const outcome = await mailer.send({ notificationId: row.id, to: { email: row.recipientEmail, name: row.recipientName }, subject: row.subject, text: row.body })
      .catch((err: unknown) => (err instanceof BreakerOpen ? err : { ok: false as const, error: err instanceof Error ? err.message : String(err) }));
    if (outcome instanceof BreakerOpen) {
      // Not sent and not an attempt: the lease is given back and the rest waits for the breaker too.
      waiting = outcome;
      updates.push(d.update(notifications).set({ leaseUntil: null }).where(eq(notifications.id, row.id)));
      continue;
    }
    const attempts = row.attempts + 1;
    if (outcome.ok) {
      sent++;
      updates.push(d.update(notifications).set({ status: "SENT", attempts, sentAt: Date.now(), leaseUntil: null, lastError: null }).where(eq(notifications.id, row.id)));
      continue;
    }
    failed++;
    const final = attempts >= MAX_SEND_ATTEMPTS;
    log(final ? "error" : "warn", "notification send failed", { notificationId: row.id, type: row.type, attempts, final, error: outcome.error.slice(0, 200) });
    updates.push(d.update(notifications)
      .set({ status: final ? "FAILED" : "PENDING", attempts, nextAttemptAt: now + backoffMs(attempts), leaseUntil: null, lastError: outcome.error.slice(0, 500) })
      .where(eq(notifications.id, row.id)));
  }
  if (updates.length) await d.batch(updates as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return { sent, failed, waiting };
}
