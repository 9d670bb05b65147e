import type { Hold, HoldStatus, ItemState, Movement, StockLevel } from "./inventory-item";

// SQLite schema and row mapping of one inventory item's object. Writes are synchronous (no await), so the
// statements of one decision, its outbox rows included, commit as one transaction.
export class ItemStorage {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS item (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      product_id TEXT NOT NULL, seller_id TEXT, on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
      reserved INTEGER NOT NULL CHECK (reserved >= 0 AND reserved <= on_hand),
      reorder_point INTEGER NOT NULL, level TEXT NOT NULL, version INTEGER NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS holds (
      order_id TEXT PRIMARY KEY, quantity INTEGER NOT NULL, expires_at INTEGER NOT NULL, status TEXT NOT NULL,
      available_at_rejection INTEGER, updated_at INTEGER NOT NULL)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS holds_live ON holds (status, expires_at)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS holds_settled ON holds (updated_at) WHERE status NOT IN ('HELD', 'COMMITTED')`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS movements (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, delta INTEGER NOT NULL, reason TEXT NOT NULL, order_id TEXT, at INTEGER NOT NULL)`);
    // The returns already put back on hand (a RETURN movement each), so a redelivered ReturnReceived restocks once.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS restocked_returns (return_id TEXT PRIMARY KEY, at INTEGER NOT NULL)`);
  }

  restocked(returnId: string): boolean {
    return this.sql.exec(`SELECT 1 FROM restocked_returns WHERE return_id = ?`, returnId).toArray().length > 0;
  }

  /** Marks the return restocked and forgets a few marks past the redelivery window (no event can repeat after it). */
  markRestocked(returnId: string, now: number, cutoff: number): void {
    this.sql.exec(`INSERT INTO restocked_returns (return_id, at) VALUES (?, ?)`, returnId, now);
    this.sql.exec(`DELETE FROM restocked_returns WHERE return_id IN (SELECT return_id FROM restocked_returns WHERE at < ? LIMIT 4)`, cutoff);
  }

  loadState(): ItemState | null {
    const row = this.sql
      .exec<{ product_id: string; seller_id: string | null; on_hand: number; reserved: number; reorder_point: number; level: string; version: number }>(
        `SELECT product_id, seller_id, on_hand, reserved, reorder_point, level, version FROM item WHERE id = 1`,
      )
      .toArray()[0];
    if (!row) return null;
    return {
      productId: row.product_id, sellerId: row.seller_id, onHand: row.on_hand, reserved: row.reserved,
      reorderPoint: row.reorder_point, level: row.level as StockLevel, version: row.version,
    };
  }

  saveState(s: ItemState): void {
    this.sql.exec(
      `INSERT INTO item (id, product_id, seller_id, on_hand, reserved, reorder_point, level, version) VALUES (1, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET on_hand = excluded.on_hand, reserved = excluded.reserved, reorder_point = excluded.reorder_point,
       level = excluded.level, version = excluded.version`,
      s.productId, s.sellerId, s.onHand, s.reserved, s.reorderPoint, s.level, s.version,
    );
  }

  hold(orderId: string): Hold | null {
    const r = this.sql
      .exec<{ order_id: string; quantity: number; expires_at: number; status: string; available_at_rejection: number | null }>(
        `SELECT order_id, quantity, expires_at, status, available_at_rejection FROM holds WHERE order_id = ?`, orderId,
      )
      .toArray()[0];
    return r ? { orderId: r.order_id, quantity: r.quantity, expiresAt: r.expires_at, status: r.status as HoldStatus, availableAtRejection: r.available_at_rejection } : null;
  }

  dueHolds(now: number, limit: number): Hold[] {
    return this.sql
      .exec<{ order_id: string; quantity: number; expires_at: number; status: string }>(
        `SELECT order_id, quantity, expires_at, status FROM holds WHERE status = 'HELD' AND expires_at <= ? ORDER BY expires_at LIMIT ?`, now, limit,
      )
      .toArray()
      .map((r) => ({ orderId: r.order_id, quantity: r.quantity, expiresAt: r.expires_at, status: r.status as HoldStatus, availableAtRejection: null }));
  }

  nextExpiry(): number | null {
    return this.sql.exec<{ t: number | null }>(`SELECT MIN(expires_at) AS t FROM holds WHERE status = 'HELD'`).one().t ?? null;
  }

  saveHold(h: Hold, now: number): void {
    this.sql.exec(
      `INSERT INTO holds (order_id, quantity, expires_at, status, available_at_rejection, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
      h.orderId, h.quantity, h.expiresAt, h.status, h.availableAtRejection, now,
    );
  }

  /**
   * Compaction: forgets settled holds (fulfilled, released, expired, rejected) last changed before `cutoff`, at most
   * `limit`. A settled hold only answers a repeated command for its order, and none can come after the
   * redelivery window (INBOX_RETENTION_MS). Live holds are never touched.
   */
  compactSettled(cutoff: number, limit: number): number {
    return this.sql.exec(
      `DELETE FROM holds WHERE order_id IN (SELECT order_id FROM holds WHERE status NOT IN ('HELD', 'COMMITTED') AND updated_at < ? LIMIT ?)`, cutoff, limit,
    ).rowsWritten;
  }

  addMovement(m: Movement, now: number): void {
    this.sql.exec(`INSERT INTO movements (delta, reason, order_id, at) VALUES (?, ?, ?, ?)`, m.delta, m.reason, m.orderId, now);
  }

  movements(limit: number): { delta: number; reason: string; orderId: string | null; at: string }[] {
    return this.sql
      .exec<{ delta: number; reason: string; order_id: string | null; at: number }>(`SELECT delta, reason, order_id, at FROM movements ORDER BY seq DESC LIMIT ?`, limit)
      .toArray()
      .map((r) => ({ delta: r.delta, reason: r.reason, orderId: r.order_id, at: new Date(r.at).toISOString() }));
  }

  holdCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.sql.exec<{ status: string; n: number }>(`SELECT status, COUNT(*) AS n FROM holds GROUP BY status`)) out[r.status] = r.n;
    return out;
  }
}
