import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { inventoryItems, orderLines } from "../../schema/inventory/tables";
import type { db } from "../events/outbox-d1";
import { itemOf, type Line } from "./service";

// The statements that keep the inventory context's record of order decisions (order_lines) and of its items.
// They go into the batch that already writes the handler's inbox row, so the record costs no extra round trip.

type Db = ReturnType<typeof db>;
type Decision = "RESERVED" | "FAILED" | "CONFIRMED" | "CANCELLED";
// D1 binds at most 100 parameters per statement: 5 per row.
const ROWS_PER_STATEMENT = 19;

function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += ROWS_PER_STATEMENT) out.push(xs.slice(i, i + ROWS_PER_STATEMENT));
  return out;
}

/** The reservation's outcome, recorded once: a redelivery finds the rows and leaves them. */
export function recordReservation(d: Db, orderId: string, items: readonly Line[], decision: "RESERVED" | "FAILED", now: number): BatchItem<"sqlite">[] {
  return chunks(items).map((rows) =>
    d.insert(orderLines).values(rows.map((i) => ({ orderId, productId: itemOf(i), quantity: i.quantity, decision, decidedAt: now }))).onConflictDoNothing(),
  );
}

/**
 * CONFIRMED once the stock is fulfilled; CANCELLED when it is released. A cancellation never overwrites a
 * confirmation (a late duplicate changes nothing), and a cancellation that overtakes the reservation creates the rows.
 */
export function recordOutcome(d: Db, orderId: string, items: readonly Line[], decision: Extract<Decision, "CONFIRMED" | "CANCELLED">, now: number): BatchItem<"sqlite">[] {
  return chunks(items).map((rows) =>
    d.insert(orderLines)
      .values(rows.map((i) => ({ orderId, productId: itemOf(i), quantity: i.quantity, decision, decidedAt: now })))
      .onConflictDoUpdate({
        target: [orderLines.orderId, orderLines.productId],
        set: { decision, decidedAt: now },
        ...(decision === "CANCELLED" ? { setWhere: sql`${orderLines.decision} <> 'CONFIRMED'` } : {}),
      }),
  );
}

export function recordItem(d: Db, productId: string, sellerId: string | null, now: number) {
  return d.insert(inventoryItems).values({ productId, sellerId, createdAt: now }).onConflictDoNothing();
}
