import type { StockLevel } from "./inventory-item";

// The SQLite rows of sharding, in the same object storage as the item: the coordinator's shard map and its
// transfers in flight, a shard's role, and the transfers a shard has applied (so each applies once).

export interface ShardMap {
  /** The shard count reservations use now. */
  shards: number;
  /** Every count ever used, for finding old holds; the highest is how many shards may hold stock. */
  used: number[];
  /** The whole item's stock level, whose changes are the item's low-stock edges while it is sharded. */
  totalLevel: StockLevel;
}

export interface PendingTransfer {
  id: string;
  from: number;
  to: number;
  units: number;
}

export class ShardStorage {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS shard_map (id INTEGER PRIMARY KEY CHECK (id = 1), shards INTEGER NOT NULL, used TEXT NOT NULL, total_level TEXT NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS shard_role (id INTEGER PRIMARY KEY CHECK (id = 1), shard_index INTEGER NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS transfers_pending (id TEXT PRIMARY KEY, from_shard INTEGER NOT NULL, to_shard INTEGER NOT NULL, units INTEGER NOT NULL, created_at INTEGER NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS transfers_applied (id TEXT PRIMARY KEY, delta INTEGER NOT NULL)`);
  }

  map(): ShardMap | null {
    const r = this.sql.exec<{ shards: number; used: string; total_level: string }>(`SELECT shards, used, total_level FROM shard_map`).toArray()[0];
    return r ? { shards: r.shards, used: JSON.parse(r.used) as number[], totalLevel: r.total_level as StockLevel } : null;
  }

  saveMap(m: ShardMap): void {
    this.sql.exec(
      `INSERT INTO shard_map (id, shards, used, total_level) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET shards = excluded.shards, used = excluded.used, total_level = excluded.total_level`,
      m.shards, JSON.stringify(m.used), m.totalLevel,
    );
  }

  /** The index of a shard object; null for an item's own object (the coordinator, shard 0). */
  role(): number | null {
    return this.sql.exec<{ shard_index: number }>(`SELECT shard_index FROM shard_role`).toArray()[0]?.shard_index ?? null;
  }

  setRole(index: number): void {
    this.sql.exec(`INSERT OR IGNORE INTO shard_role (id, shard_index) VALUES (1, ?)`, index);
  }

  addPending(t: PendingTransfer, now: number): void {
    this.sql.exec(`INSERT INTO transfers_pending (id, from_shard, to_shard, units, created_at) VALUES (?, ?, ?, ?, ?)`, t.id, t.from, t.to, t.units, now);
  }

  pending(): PendingTransfer[] {
    return this.sql.exec<{ id: string; from_shard: number; to_shard: number; units: number }>(`SELECT id, from_shard, to_shard, units FROM transfers_pending ORDER BY created_at`)
      .toArray().map((r) => ({ id: r.id, from: r.from_shard, to: r.to_shard, units: r.units }));
  }

  oldestPending(): number | null {
    return this.sql.exec<{ t: number | null }>(`SELECT MIN(created_at) AS t FROM transfers_pending`).one().t ?? null;
  }

  donePending(id: string): void {
    this.sql.exec(`DELETE FROM transfers_pending WHERE id = ?`, id);
  }

  applied(id: string): number | null {
    return this.sql.exec<{ delta: number }>(`SELECT delta FROM transfers_applied WHERE id = ?`, id).toArray()[0]?.delta ?? null;
  }

  markApplied(id: string, delta: number): void {
    this.sql.exec(`INSERT INTO transfers_applied (id, delta) VALUES (?, ?)`, id, delta);
  }
}
