import { keptStatus, keyReused, type IdempotencyKey } from "../../workers/kernel/idempotency";
import { statusForCode } from "../../workers/kernel/errors";
import type { Rejected } from "../../workers/kernel/result";

// Idempotency-Key records kept by the object a route calls anyway (kernel/idempotency.ts leaves those routes to it),
// so a key costs the request no round trip of its own. Same key and body: the kept reply, marked `replayed`; another
// body: IDEMPOTENCY_KEY_REUSED; a duplicate arriving while the first still runs (at one of the object's awaits)
// waits for that run's reply instead of running again. Only replies of a request that ran are kept (a success, a
// 404, a 409), as for every other route. Bounded: 24 hours (contract §1) and at most KEPT_CAP records.

const TTL_MS = 24 * 3600 * 1000;
const KEPT_CAP = 100;

/** `replayed`: the reply kept for this Idempotency-Key, not a new run. */
export type Replayable<R> = R & { replayed?: true };

export class KeptReplies {
  private readonly inFlight = new Map<string, { bodyHash: string; reply: Promise<unknown> }>();

  /** Whether this instance has made sure of its table. */
  private ready = false;

  constructor(private readonly sql: SqlStorage) {}

  /**
   * The table is made on first use, not when the object starts: most objects never see an Idempotency-Key, and a
   * table made in every new order and cart was a share of checkout's storage work (bench profile, 2026-12-03).
   */
  private table(): void {
    if (this.ready) return;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (scope TEXT PRIMARY KEY, body_hash TEXT NOT NULL, reply TEXT NOT NULL, expires_at INTEGER NOT NULL)`);
    this.ready = true;
  }

  async keyed<R extends { ok: boolean; code?: string }>(key: IdempotencyKey | null, run: () => R | Promise<R>): Promise<Replayable<R> | Rejected> {
    if (!key) return run();
    const now = Date.now();
    const seen = this.inFlight.get(key.scope) ?? this.kept(key.scope, now);
    if (seen) {
      if (seen.bodyHash !== key.bodyHash) return keyReused();
      return { ...((await seen.reply) as R), replayed: true };
    }
    const reply = (async () => run())();
    this.inFlight.set(key.scope, { bodyHash: key.bodyHash, reply });
    try {
      const r = await reply;
      if (r.ok || keptStatus(statusForCode(r.code ?? ""))) this.keep(key.scope, key.bodyHash, r, now);
      return r;
    } finally {
      this.inFlight.delete(key.scope);
    }
  }

  private kept(scope: string, now: number): { bodyHash: string; reply: unknown } | null {
    this.table();
    const row = this.sql.exec<{ body_hash: string; reply: string }>(`SELECT body_hash, reply FROM idempotency_keys WHERE scope = ? AND expires_at > ?`, scope, now).toArray()[0];
    return row ? { bodyHash: row.body_hash, reply: JSON.parse(row.reply) as unknown } : null;
  }

  /**
   * Expired records go with every write, and beyond the cap the oldest go first, so the table stays bounded. Records
   * of one millisecond (workerd's clock stands still between awaits) are ordered by when they were written (rowid).
   */
  private keep(scope: string, bodyHash: string, reply: unknown, now: number): void {
    this.table();
    this.sql.exec(`INSERT INTO idempotency_keys (scope, body_hash, reply, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (scope) DO UPDATE SET body_hash = excluded.body_hash, reply = excluded.reply, expires_at = excluded.expires_at`, scope, bodyHash, JSON.stringify(reply), now + TTL_MS);
    this.sql.exec(`DELETE FROM idempotency_keys WHERE expires_at <= ? OR scope NOT IN (SELECT scope FROM idempotency_keys ORDER BY expires_at DESC, rowid DESC LIMIT ?)`, now, KEPT_CAP);
  }

  /** How many records are kept (tests of the bound). */
  count(): number {
    this.table();
    return this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM idempotency_keys`).one().n;
  }
}
