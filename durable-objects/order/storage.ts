import type { OrderState } from "./order";

// One row holds the order (a few KB at most: 50 lines), plus the ids of the events it has processed.
// Writes are synchronous, so a state change, its processed-event mark and its outbox rows commit together.
export class OrderStorage {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS order_state (
      id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL, projected_version INTEGER NOT NULL DEFAULT 0,
      confirming_since INTEGER)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS processed_events (event_id TEXT PRIMARY KEY, event_type TEXT NOT NULL, at INTEGER NOT NULL)`);
  }

  load(): { state: OrderState; projectedVersion: number; confirmingSince: number | null } | null {
    const row = this.sql
      .exec<{ state: string; projected_version: number; confirming_since: number | null }>(`SELECT state, projected_version, confirming_since FROM order_state WHERE id = 1`)
      .toArray()[0];
    return row ? { state: JSON.parse(row.state) as OrderState, projectedVersion: row.projected_version, confirmingSince: row.confirming_since } : null;
  }

  save(state: OrderState): void {
    this.sql.exec(
      `INSERT INTO order_state (id, state) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state`,
      JSON.stringify(state),
    );
  }

  setConfirming(since: number | null): void {
    this.sql.exec(`UPDATE order_state SET confirming_since = ? WHERE id = 1`, since);
  }

  setProjected(version: number): void {
    this.sql.exec(`UPDATE order_state SET projected_version = MAX(projected_version, ?) WHERE id = 1`, version);
  }

  seen(eventId: string): boolean {
    return this.sql.exec(`SELECT 1 FROM processed_events WHERE event_id = ?`, eventId).toArray().length > 0;
  }

  /** How many processed event ids the object keeps (compacted away once the order is finished). */
  seenCount(): number {
    return this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM processed_events`).one().n;
  }

  forgetSeen(): void {
    this.sql.exec(`DELETE FROM processed_events`);
  }

  markSeen(eventId: string, eventType: string, now: number): void {
    this.sql.exec(`INSERT OR IGNORE INTO processed_events (event_id, event_type, at) VALUES (?, ?, ?)`, eventId, eventType, now);
  }
}
