import { and, eq, sql } from "drizzle-orm";
import { deliveredItems, orderCustomers } from "../../schema/review/tables";
import { db } from "../events/outbox-d1";
import { applyOnce } from "../events/inbox";
import type { Envelope } from "../events/envelope";
import type { HandlerResult } from "../events/consumer";
import type { Runtime } from "../events/outbox-d1";

// ShipmentDelivered does not name the customer, so the purchase record joins it with OrderSubmitted's customerId.
// Each handler stores its own fact; whichever arrives second completes the purchase. INSERT OR IGNORE makes both
// idempotent beyond the inbox (a re-published fact under a new eventId changes nothing).

/** record-purchaser-on-order-submitted */
export const recordPurchaserOnOrderSubmitted = (event: Envelope<"OrderSubmitted">, rt: Runtime): Promise<HandlerResult> =>
  applyOnce(rt.env.DB_REVIEW, event, (d) => [
    d.insert(orderCustomers).values({ orderId: event.data.orderId, customerId: event.data.customerId, recordedAt: Date.now() }).onConflictDoNothing(),
  ]);

// D1 binds at most 100 parameters per statement; a delivered item row has 4.
const ROWS_PER_INSERT = 20;

/** record-delivery-on-shipment-delivered */
export const recordDeliveryOnShipmentDelivered = (event: Envelope<"ShipmentDelivered">, rt: Runtime): Promise<HandlerResult> => {
  const now = Date.now();
  const productIds = [...new Set(event.data.items.map((i) => i.productId))];
  const rows = productIds.map((productId) => ({ orderId: event.data.orderId, productId, shipmentId: event.data.shipmentId, deliveredAt: now }));
  return applyOnce(rt.env.DB_REVIEW, event, (d) => {
    const inserts = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) inserts.push(d.insert(deliveredItems).values(rows.slice(i, i + ROWS_PER_INSERT)).onConflictDoNothing());
    return inserts;
  });
};

/** Whether the customer has a delivered order containing the product: both facts must be in. */
export async function hasPurchased(env: Env, customerId: string, productId: string): Promise<boolean> {
  const rows = await db(env.DB_REVIEW)
    .select({ one: sql<number>`1` })
    .from(deliveredItems)
    .innerJoin(orderCustomers, eq(orderCustomers.orderId, deliveredItems.orderId))
    .where(and(eq(deliveredItems.productId, productId), eq(orderCustomers.customerId, customerId)))
    .limit(1);
  return rows.length > 0;
}
