import { outboxEntries, sendRows, nextAttemptDelayMs, type EventSender, type PendingRow } from "../../workers/events/outbox";
import type { AnyEnvelope, Envelope } from "../../workers/events/envelope";
import type { EventType } from "../../workers/events/catalog";
import type { InboxContext } from "../../workers/events/routing";

/**
 * The transactional outbox inside a SQLite-backed Durable Object. `append` is synchronous: called with the state
 * writes and no `await` in between, it commits atomically with them. The relay runs after the commit and from the
 * object's alarm, so an event whose send failed (or whose object was evicted mid-send) is retried, never dropped.
 */
export class DoOutbox {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT NOT NULL,
      event_type TEXT NOT NULL,
      destination TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      sent_at INTEGER,
      last_error TEXT,
      UNIQUE (event_id, destination)
    )`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (sent_at, next_attempt_at)`);
  }

  append(events: ReadonlyArray<Envelope<EventType> | AnyEnvelope>, now: number): void {
    for (const e of outboxEntries(events)) {
      this.sql.exec(
        `INSERT OR IGNORE INTO outbox (event_id, event_type, destination, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)`,
        e.eventId, e.eventType, e.destination, e.body, now, now,
      );
    }
  }

  due(now: number, limit = 200): PendingRow[] {
    return this.sql
      .exec<{ seq: number; event_id: string; event_type: string; destination: string; body: string; attempts: number }>(
        `SELECT seq, event_id, event_type, destination, body, attempts FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY seq LIMIT ?`,
        now, limit,
      )
      .toArray()
      .map((r) => ({ seq: r.seq, eventId: r.event_id, eventType: r.event_type, destination: r.destination as InboxContext, body: r.body, attempts: r.attempts }));
  }

  /** Earliest time a pending row should be retried, or null when nothing is pending. */
  nextDueAt(): number | null {
    const row = this.sql.exec<{ t: number | null }>(`SELECT MIN(next_attempt_at) AS t FROM outbox WHERE sent_at IS NULL`).one();
    return row.t ?? null;
  }

  sentCount(): number {
    return this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NOT NULL`).one().n;
  }

  /** Drops every sent row (history the event log keeps); a row not yet sent is never touched. */
  dropSent(): void {
    this.sql.exec(`DELETE FROM outbox WHERE sent_at IS NOT NULL`);
  }

  pendingCount(): number {
    return this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL`).one().n;
  }

  /** Sends every due row; failures get a backoff. Returns counts. Safe to run concurrently: consumers dedupe. */
  async relay(sender: EventSender, now = Date.now()): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (let round = 0; round < 20; round++) {
      const rows = this.due(now);
      if (rows.length === 0) break;
      const outcome = await sendRows(rows, sender);
      const at = Date.now();
      for (const seq of outcome.sent) this.sql.exec(`UPDATE outbox SET sent_at = ? WHERE seq = ?`, at, seq);
      for (const f of outcome.failed) {
        const attempts = (rows.find((r) => r.seq === f.seq)?.attempts ?? 0) + 1;
        this.sql.exec(
          `UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE seq = ?`,
          attempts, now + nextAttemptDelayMs(attempts), f.error, f.seq,
        );
      }
      sent += outcome.sent.length;
      failed += outcome.failed.length;
      if (outcome.failed.length || rows.length < 200) break;
    }
    // Sent rows are kept a day for debugging, then pruned so the object's storage stays bounded.
    this.sql.exec(`DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?`, now - 86_400_000);
    return { sent, failed };
  }
}
