import { eq } from "drizzle-orm";
import { orderReservations } from "../../schema/inventory/tables";
import { commitWithEvents, db, inboxInsert, isDuplicateInboxError, type Runtime } from "../events/outbox-d1";
import { causedBy, makeEvent, type Envelope } from "../events/envelope";
import type { HandlerResult } from "../events/consumer";
import { derivedId } from "../kernel/ids";
import { log } from "../kernel/logging";
import { itemStub } from "./stub";
import { recordOutcome, recordReservation } from "./decision-record";

/** An order's line as the inventory context sees it: the product, and the variant whose item holds its stock. */
export interface Line {
  productId: string;
  /** Absent on events from before variants: the line was a simple product's, whose one item is the product's. */
  variantId?: string;
  sku?: string | null;
  options?: Record<string, string>;
  quantity: number;
}

/** The inventory item a line's stock is on: its variant's (a simple product's variant id is the product id). */
export const itemOf = (l: Line): string => l.variantId ?? l.productId;

/**
 * Quantities of one item (variant) are summed before reserving, so two lines of one item cannot each pass alone;
 * two variants of one product are two items, held apart. Sorted by item, so every order takes holds in one order.
 */
export function sumByItem(items: ReadonlyArray<Line>): Line[] {
  const totals = new Map<string, Line>();
  for (const i of items) {
    const key = itemOf(i);
    const seen = totals.get(key);
    totals.set(key, seen ? { ...seen, quantity: seen.quantity + i.quantity } : { ...i, variantId: key });
  }
  return [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, line]) => line);
}

const LIVE = new Set(["HELD", "COMMITTED", "FULFILLED"]);

/**
 * Reserve on OrderSubmitted: all items or none. Each item object answers idempotently per orderId, so a redelivered
 * event reaches the same outcome; the outcome and its event are then written once, with the inbox row.
 */
export async function reserveOrder(rt: Runtime, event: Envelope<"OrderSubmitted">): Promise<HandlerResult> {
  const { env } = rt;
  const d = db(env.DB_INVENTORY);
  const orderId = event.data.orderId;
  // The decision row is written with the inbox row, so it is also the duplicate check: no separate inbox look-up.
  const [decided] = await d.select().from(orderReservations).where(eq(orderReservations.orderId, orderId));
  if (decided) return recordInboxOnly(rt, event);

  const items = sumByItem(event.data.items);
  const ttl = Number(env.RESERVATION_TTL_SECONDS);
  const cause = causedBy(event);
  const outcomes = await Promise.all(items.map((i) => itemStub(env, itemOf(i)).reserve(orderId, i.quantity, ttl, cause)));
  const failed = outcomes.findIndex((o) => !LIVE.has(o.status));
  const now = Date.now();

  let outcome: "RESERVED" | "FAILED";
  let reservedUntil: number | null = null;
  let result;
  if (failed === -1) {
    outcome = "RESERVED";
    reservedUntil = Math.min(...outcomes.map((o) => ("expiresAt" in o ? o.expiresAt : Number.MAX_SAFE_INTEGER)));
    result = makeEvent("InventoryReserved", orderId, 1, { orderId, items, reservedUntil: new Date(reservedUntil).toISOString() }, cause, {
      eventId: await derivedId("evt", `InventoryReserved:${orderId}`), now,
    });
  } else {
    outcome = "FAILED";
    // Give back whatever was taken for this order; release is idempotent and ignores items never held.
    await Promise.all(items.map((i) => itemStub(env, itemOf(i)).release(orderId, cause)));
    const short = outcomes[failed]!;
    result = makeEvent("InventoryReservationFailed", orderId, 1, {
      orderId, productId: items[failed]!.productId, variantId: itemOf(items[failed]!), requested: items[failed]!.quantity, available: short.status === "REJECTED" ? short.available : 0,
    }, cause, { eventId: await derivedId("evt", `InventoryReservationFailed:${orderId}`), now });
  }
  try {
    await commitWithEvents(rt, "inventory", [
      inboxInsert(d, event, now),
      d.insert(orderReservations).values({ orderId, outcome, items: JSON.stringify(items), reservedUntil, decidedAt: now }).onConflictDoNothing(),
      ...recordReservation(d, orderId, items, outcome, now),
    ], [result]);
  } catch (err) {
    if (isDuplicateInboxError(err)) return "duplicate";
    throw err;
  }
  log("info", `inventory ${outcome === "RESERVED" ? "reserved" : "reservation failed"}`, { orderId, eventId: event.eventId, correlationId: event.correlationId });
  return "handled";
}

async function recordInboxOnly(rt: Runtime, event: Envelope<"OrderSubmitted">): Promise<HandlerResult> {
  const d = db(rt.env.DB_INVENTORY);
  try {
    await d.batch([inboxInsert(d, event)]);
  } catch (err) {
    if (!isDuplicateInboxError(err)) throw err;
  }
  return "duplicate";
}

/** Fulfil on OrderConfirmed: the committed holds leave the shelf (onHand -= q, reserved -= q). */
export async function fulfilOrder(rt: Runtime, event: Envelope<"OrderConfirmed">): Promise<HandlerResult> {
  const { env } = rt;
  const d = db(env.DB_INVENTORY);
  // No inbox look-up first: fulfil is idempotent per order, and the inbox insert below rejects a duplicate.
  const orderId = event.data.orderId;
  const items = sumByItem(event.data.items);
  const cause = causedBy(event);
  const results = await Promise.all(items.map((i) => itemStub(env, itemOf(i)).fulfil(orderId, cause)));
  results.forEach((r, idx) => {
    // The order committed every hold before confirming, so this cannot happen; if it does, it needs a human.
    if (!r.ok) log("error", "INVARIANT: a confirmed order's hold could not be fulfilled", { orderId, productId: items[idx]!.productId, variantId: itemOf(items[idx]!), code: r.code });
  });
  const fulfilled = makeEvent("InventoryFulfilled", orderId, 2, { orderId, items }, cause, { eventId: await derivedId("evt", `InventoryFulfilled:${orderId}`) });
  try {
    await commitWithEvents(rt, "inventory", [inboxInsert(d, event), ...recordOutcome(d, orderId, items, "CONFIRMED", Date.now())], [fulfilled]);
  } catch (err) {
    if (isDuplicateInboxError(err)) return "duplicate";
    throw err;
  }
  return "handled";
}

/** Release on OrderCancelled: every hold the order still has goes back to available. */
export async function releaseOrder(rt: Runtime, event: Envelope<"OrderCancelled">): Promise<HandlerResult> {
  const { env } = rt;
  const d = db(env.DB_INVENTORY);
  // No inbox look-up first: release is idempotent per order, and the inbox insert below rejects a duplicate.
  const cause = causedBy(event);
  await Promise.all(sumByItem(event.data.items).map((i) => itemStub(env, itemOf(i)).release(event.data.orderId, cause)));
  try {
    // Recorded as decided, so an OrderSubmitted that arrives after the cancellation does not take holds.
    await d.batch([
      inboxInsert(d, event),
      d.insert(orderReservations).values({ orderId: event.data.orderId, outcome: "CANCELLED", items: JSON.stringify(sumByItem(event.data.items)), reservedUntil: null, decidedAt: Date.now() }).onConflictDoNothing(),
      ...recordOutcome(d, event.data.orderId, sumByItem(event.data.items), "CANCELLED", Date.now()),
    ]);
  } catch (err) {
    if (isDuplicateInboxError(err)) return "duplicate";
    throw err;
  }
  return "handled";
}

/** OrderCreated: the seed's availability check. Nothing is held yet (the hold comes with submit); a shortfall is logged. */
export async function checkAvailability(rt: Runtime, event: Envelope<"OrderCreated">): Promise<HandlerResult> {
  const items = sumByItem(event.data.items);
  const levels = await Promise.all(items.map((i) => itemStub(rt.env, itemOf(i)).snapshot()));
  items.forEach((i, idx) => {
    const available = levels[idx]?.available ?? 0;
    if (available < i.quantity) {
      log("warn", "order created with more than is available; the reservation at submit will decide", {
        orderId: event.data.orderId, productId: i.productId, variantId: itemOf(i), requested: i.quantity, available, correlationId: event.correlationId,
      });
    }
  });
  return "handled";
}
