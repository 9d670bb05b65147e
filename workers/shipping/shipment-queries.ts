import { eq } from "drizzle-orm";
import { shipments } from "../../schema/shipping/tables";
import { db } from "../events/outbox-d1";
import type { Principal } from "../kernel/auth";
import { ok, reject, type Result } from "../kernel/result";
import type { ShipmentStatus } from "./domain";

export type ShipmentRow = typeof shipments.$inferSelect;
export interface HistoryEntry {
  status: ShipmentStatus;
  at: string;
}

export interface ShipmentView {
  id: string;
  orderId: string;
  carrier: string;
  trackingNumber: string;
  status: ShipmentStatus;
  deliveryAttempts: number;
  history: HistoryEntry[];
}

export const toShipmentView = (r: ShipmentRow): ShipmentView => ({
  id: r.id, orderId: r.orderId, carrier: r.carrier, trackingNumber: r.trackingNumber, status: r.status,
  deliveryAttempts: r.deliveryAttempts, history: JSON.parse(r.history) as HistoryEntry[],
});

export async function shipmentRow(env: Env, id: string): Promise<ShipmentRow | null> {
  const [row] = await db(env.DB_SHIPPING).select().from(shipments).where(eq(shipments.id, id)).limit(1);
  return row ?? null;
}

/** GET /shipments/{id}: the order's customer or an admin; anyone else gets 404. */
export async function getShipment(env: Env, principal: Principal, id: string): Promise<Result<ShipmentView>> {
  const row = await shipmentRow(env, id);
  if (!row || (principal.role !== "ADMIN" && row.customerId !== principal.id)) return reject("SHIPMENT_NOT_FOUND", "shipment not found");
  return ok(toShipmentView(row));
}

/** For the order read (GET /orders/{id}): the order's shipment, or null before it is confirmed. */
export async function shipmentSummary(env: Env, orderId: string): Promise<{ id: string; carrier: string; trackingNumber: string; status: ShipmentStatus } | null> {
  const [row] = await db(env.DB_SHIPPING).select().from(shipments).where(eq(shipments.orderId, orderId)).limit(1);
  return row ? { id: row.id, carrier: row.carrier, trackingNumber: row.trackingNumber, status: row.status } : null;
}
