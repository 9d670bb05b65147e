import { and, eq, sql } from "drizzle-orm";
import { shipments } from "../../schema/shipping/tables";
import { commitWithEvents, db, inboxInsert, isDuplicateInboxError, type Runtime } from "../events/outbox-d1";
import { causedBy, makeEvent, type AnyEnvelope, type Causation, type Envelope } from "../events/envelope";
import type { HandlerResult } from "../events/consumer";
import { derivedId } from "../kernel/ids";
import { ok, reject, type Result } from "../kernel/result";
import { CARRIER, decideTransition, newTrackingNumber, type ShipmentEventStatus } from "./domain";
import { shipmentRow, toShipmentView, type HistoryEntry, type ShipmentView } from "./shipment-queries";

/**
 * create-shipment-on-order-confirmed: one shipment per order. The id derives from the order id and UNIQUE(order_id)
 * makes a racing second copy a no-op; only the copy whose row was inserted publishes ShipmentCreated. The inbox
 * insert at the head of the batch is the duplicate check.
 */
export async function createShipmentOnOrderConfirmed(event: Envelope<"OrderConfirmed">, rt: Runtime): Promise<HandlerResult> {
  const d = db(rt.env.DB_SHIPPING);
  const { orderId, customerId, items } = event.data;
  const id = await derivedId("shp", orderId);
  const now = Date.now();
  const trackingNumber = newTrackingNumber();
  const history: HistoryEntry[] = [{ status: "PENDING", at: new Date(now).toISOString() }];
  // A tracking-number collision is not swallowed (the conflict target is order_id only): the handler throws and the
  // retry draws a new number.
  const insert = d.insert(shipments).values({
    id, orderId, customerId, carrier: CARRIER, trackingNumber, status: "PENDING", deliveryAttempts: 0, items: JSON.stringify(items),
    history: JSON.stringify(history), createdByEvent: event.eventId, version: 1, lastChangeId: event.eventId, createdAt: now, updatedAt: now,
  }).onConflictDoNothing({ target: shipments.orderId });
  const created = makeEvent("ShipmentCreated", id, 1, { shipmentId: id, orderId, carrier: CARRIER, trackingNumber }, causedBy(event), { now });
  try {
    await commitWithEvents(rt, "shipping", [inboxInsert(d, event), insert], [created],
      sql`EXISTS (SELECT 1 FROM shipments WHERE id = ${id} AND created_by_event = ${event.eventId})`);
    return "handled";
  } catch (err) {
    if (isDuplicateInboxError(err)) return "duplicate";
    throw err;
  }
}

/**
 * POST /shipments/{id}/events. Optimistic: the update applies only to the version read, and only the request whose
 * update applied publishes (its change id is on the row); a request that lost a race decides again on fresh state.
 */
export async function recordShipmentEvent(rt: Runtime, id: string, to: ShipmentEventStatus, cause: Causation): Promise<Result<ShipmentView>> {
  const d = db(rt.env.DB_SHIPPING);
  for (let round = 0; round < 5; round++) {
    const row = await shipmentRow(rt.env, id);
    if (!row) return reject("SHIPMENT_NOT_FOUND", "shipment not found");
    const next = decideTransition(row, to);
    if (!next.ok) return next;
    const now = Date.now();
    const version = row.version + 1;
    const changeId = crypto.randomUUID();
    const history = [...(JSON.parse(row.history) as HistoryEntry[]), { status: next.value.status, at: new Date(now).toISOString() }];
    const data = { shipmentId: id, orderId: row.orderId };
    const events: AnyEnvelope[] = [];
    if (to === "IN_TRANSIT") events.push(makeEvent("ShipmentDispatched", id, version, data, cause, { now }));
    if (to === "DELIVERED") events.push(makeEvent("ShipmentDelivered", id, version, { ...data, items: JSON.parse(row.items) as { productId: string; quantity: number }[] }, cause, { now }));
    const update = d.update(shipments)
      .set({ status: next.value.status, deliveryAttempts: next.value.deliveryAttempts, history: JSON.stringify(history), version, lastChangeId: changeId, updatedAt: now })
      .where(and(eq(shipments.id, id), eq(shipments.version, row.version)));
    await commitWithEvents(rt, "shipping", [update], events, sql`EXISTS (SELECT 1 FROM shipments WHERE id = ${id} AND last_change_id = ${changeId})`);
    const stored = await shipmentRow(rt.env, id);
    if (stored?.lastChangeId === changeId) return ok(toShipmentView(stored));
  }
  return reject("CONFLICT", "the shipment is being changed concurrently; read it again and retry");
}
