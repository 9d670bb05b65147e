// D1 read replication through the Sessions API (architecture.md, "Where state lives"): reads that may be answered
// by a nearby read replica instead of the database's primary, one region away.

/**
 * A D1 handle for reads a replica may answer. Without a bookmark the session starts anywhere (a replica may be a
 * little behind); with one, it answers only once it has caught up with that bookmark (read-your-writes). drizzle
 * uses only `prepare` and `batch`, which a session has.
 */
export function replicaReads(d1: D1Database, bookmark?: string | null): D1Database {
  return d1.withSession(bookmark ?? "first-unconstrained") as unknown as D1Database;
}
