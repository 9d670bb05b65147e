// D1 reports a row refused by a UNIQUE index only in the message text ("UNIQUE constraint failed: accounts.email",
// or "…: reviews.customer_id, reviews.product_id" for a composite index), and drizzle wraps the driver's error in
// `cause`. The one place that reads it, so every "already exists" answer recognises the same thing.

const MAX_CAUSES = 5; // drizzle wraps once; a bound, not a guess at deeper chains, so a cyclic `cause` cannot loop.
const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** True when `err` (or an error in its `cause` chain) is a UNIQUE refusal naming `column` ("table.column"). */
export function isUniqueViolation(err: unknown, column: string): boolean {
  const refusal = new RegExp(`UNIQUE constraint failed: (?:[\\w.]+, )*${escaped(column)}(?![\\w.])`);
  let e: unknown = err;
  for (let depth = 0; depth < MAX_CAUSES && e !== undefined && e !== null; depth++) {
    if (refusal.test(e instanceof Error ? e.message : String(e))) return true;
    e = e instanceof Error ? e.cause : undefined;
  }
  return false;
}
