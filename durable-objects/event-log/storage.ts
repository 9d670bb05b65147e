// One shard of the event log: the events whose story key (the order id, or the aggregate id of an event that
// concerns no order) hashes here, and the delivery state of each of them per subscribing context.

export interface LoggedEvent {
  eventId: string;
  eventType: string;
  aggregateId: string;
  orderId: string | null;
  occurredOn: string;
  body: string;
}

export interface DeliveryState {
  eventId: string;
  context: string;
  eventType: string;
  status: "HANDLED" | "DUPLICATE" | "RETRYING" | "DEAD" | "SKIPPED";
  attempts: number;
  lagMs: number | null;
  processingMs: number | null;
  lastError: string | null;
}

export interface LogQuery {
  eventId?: string;
  orderId?: string;
  aggregateId?: string;
  type?: string;
  /** Exclusive lower bound of (occurredOn, eventId): the cursor of the previous page. */
  after?: { occurredOn: string; eventId: string };
  /** Inclusive window on occurredOn (the webhook catch-up). */
  from?: string;
  to?: string;
  limit: number;
}

export interface LoggedEventWithDeliveries {
  eventId: string;
  occurredOn: string;
  body: string;
  deliveries: { context: string; status: string; attempts: number; lastError: string | null }[];
}

export class EventLogStorage {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS events (
      event_id TEXT PRIMARY KEY, event_type TEXT NOT NULL, aggregate_id TEXT NOT NULL, order_id TEXT,
      occurred_on TEXT NOT NULL, body TEXT NOT NULL, recorded_at INTEGER NOT NULL)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS events_time ON events (occurred_on, event_id)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS events_type ON events (event_type, occurred_on, event_id)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS events_order ON events (order_id, occurred_on, event_id)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS events_aggregate ON events (aggregate_id, occurred_on, event_id)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS events_recorded ON events (recorded_at)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS deliveries (
      event_id TEXT NOT NULL, context TEXT NOT NULL, event_type TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
      lag_ms INTEGER, processing_ms INTEGER, last_error TEXT, updated_at INTEGER NOT NULL, PRIMARY KEY (event_id, context))`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS deliveries_time ON deliveries (updated_at)`);
  }

  /** INSERT OR IGNORE: a re-sent event is recorded once. */
  record(events: LoggedEvent[], now: number): void {
    for (const e of events) {
      this.sql.exec(
        `INSERT OR IGNORE INTO events (event_id, event_type, aggregate_id, order_id, occurred_on, body, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        e.eventId, e.eventType, e.aggregateId, e.orderId, e.occurredOn, e.body, now,
      );
    }
  }

  /** One upsert per outcome; a late duplicate never downgrades a HANDLED delivery, nor anything a DEAD one. */
  recordDeliveries(states: DeliveryState[], now: number): void {
    for (const r of states) {
      this.sql.exec(
        `INSERT INTO deliveries (event_id, context, event_type, status, attempts, lag_ms, processing_ms, last_error, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (event_id, context) DO UPDATE SET
           status = CASE WHEN deliveries.status = 'HANDLED' AND excluded.status = 'DUPLICATE' THEN deliveries.status ELSE excluded.status END,
           attempts = MAX(deliveries.attempts, excluded.attempts),
           lag_ms = COALESCE(deliveries.lag_ms, excluded.lag_ms),
           processing_ms = COALESCE(excluded.processing_ms, deliveries.processing_ms),
           last_error = excluded.last_error, updated_at = excluded.updated_at`,
        r.eventId, r.context, r.eventType, r.status, r.attempts, r.lagMs, r.processingMs, r.lastError, now,
      );
    }
  }

  delivery(eventId: string, context: string): DeliveryState | null {
    const row = this.sql.exec<{ event_id: string; context: string; event_type: string; status: DeliveryState["status"]; attempts: number; lag_ms: number | null; processing_ms: number | null; last_error: string | null }>(
      `SELECT * FROM deliveries WHERE event_id = ? AND context = ?`, eventId, context,
    ).toArray()[0];
    return row ? { eventId: row.event_id, context: row.context, eventType: row.event_type, status: row.status, attempts: row.attempts, lagMs: row.lag_ms, processingMs: row.processing_ms, lastError: row.last_error } : null;
  }

  /** A page, oldest first, read with the index that matches the filter; each event with its delivery rows. */
  list(q: LogQuery): LoggedEventWithDeliveries[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.eventId) {
      where.push(`event_id = ?`);
      args.push(q.eventId);
    }
    if (q.orderId) {
      where.push(`(order_id = ? OR aggregate_id = ?)`);
      args.push(q.orderId, q.orderId);
    }
    if (q.aggregateId) {
      where.push(`aggregate_id = ?`);
      args.push(q.aggregateId);
    }
    if (q.type) {
      where.push(`event_type = ?`);
      args.push(q.type);
    }
    if (q.after) {
      where.push(`(occurred_on > ? OR (occurred_on = ? AND event_id > ?))`);
      args.push(q.after.occurredOn, q.after.occurredOn, q.after.eventId);
    }
    if (q.from) {
      where.push(`occurred_on >= ?`);
      args.push(q.from);
    }
    if (q.to) {
      where.push(`occurred_on <= ?`);
      args.push(q.to);
    }
    const rows = this.sql.exec<{ event_id: string; occurred_on: string; body: string }>(
      `SELECT event_id, occurred_on, body FROM events ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY occurred_on, event_id LIMIT ?`,
      ...args, q.limit,
    ).toArray();
    if (rows.length === 0) return [];
    const byEvent = new Map<string, LoggedEventWithDeliveries["deliveries"]>();
    // Chunks of 90 ids: SQLite's bound-parameter limit is far above, but the page is at most 101 events anyway.
    for (let i = 0; i < rows.length; i += 90) {
      const ids = rows.slice(i, i + 90).map((r) => r.event_id);
      const states = this.sql.exec<{ event_id: string; context: string; status: string; attempts: number; last_error: string | null }>(
        `SELECT event_id, context, status, attempts, last_error FROM deliveries WHERE event_id IN (${ids.map(() => "?").join(",")})`, ...ids,
      ).toArray();
      for (const s of states) {
        const list = byEvent.get(s.event_id) ?? [];
        list.push({ context: s.context, status: s.status, attempts: s.attempts, lastError: s.last_error });
        byEvent.set(s.event_id, list);
      }
    }
    return rows.map((r) => ({ eventId: r.event_id, occurredOn: r.occurred_on, body: r.body, deliveries: byEvent.get(r.event_id) ?? [] }));
  }

  /**
   * Removes the events recorded before `cutoff` and every delivery row last updated before it (a delivery of a
   * pruned event included), at most `limit` of each per call. Returns how many rows went and whether some are left.
   */
  prune(cutoff: number, limit: number): { removed: number; more: boolean } {
    const events = this.sql.exec(`DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE recorded_at < ? LIMIT ?)`, cutoff, limit).rowsWritten;
    const deliveries = this.sql.exec(`DELETE FROM deliveries WHERE rowid IN (SELECT rowid FROM deliveries WHERE updated_at < ? LIMIT ?)`, cutoff, limit).rowsWritten;
    return { removed: events + deliveries, more: events >= limit || deliveries >= limit };
  }

  /** When the oldest row was written: the next pruning is due at that plus the retention. */
  oldest(): number | null {
    const row = this.sql.exec<{ t: number | null }>(`SELECT MIN(t) AS t FROM (SELECT MIN(recorded_at) AS t FROM events UNION ALL SELECT MIN(updated_at) FROM deliveries)`).one();
    return row.t;
  }

  /** The handled deliveries of these orders' events with their lag (the bench's event-lag figures). */
  deliveryLags(orderIds: string[]): { lagMs: number; context: string; eventType: string; attempts: number }[] {
    if (orderIds.length === 0) return [];
    return this.sql.exec<{ lagMs: number; context: string; eventType: string; attempts: number }>(
      `SELECT d.lag_ms AS lagMs, d.context AS context, d.event_type AS eventType, d.attempts AS attempts FROM deliveries d
       JOIN events e ON e.event_id = d.event_id
       WHERE d.status = 'HANDLED' AND d.lag_ms IS NOT NULL AND e.order_id IN (${orderIds.map(() => "?").join(",")})`,
      ...orderIds,
    ).toArray();
  }

  eventCount(q: { type: string; aggregateId: string }): number {
    return this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM events WHERE aggregate_id = ? AND event_type = ?`, q.aggregateId, q.type).one().n;
  }

  counts(): { events: number; deliveries: number; attempts: number } {
    const e = this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM events`).one().n;
    const d = this.sql.exec<{ n: number; s: number }>(`SELECT COUNT(*) AS n, COALESCE(SUM(attempts), 0) AS s FROM deliveries`).one();
    return { events: e, deliveries: d.n, attempts: d.s };
  }
}
