import type { ContextHandlers, EventHandler } from "../events/consumer";
import type { AnyEnvelope, Envelope } from "../events/envelope";
import type { Runtime } from "../events/outbox-d1";
import type { EventType } from "../events/catalog";
import { sql } from "drizzle-orm";
import { applyOnce } from "../events/inbox";
import { customerProfiles } from "../../schema/order/tables";
import { orderStub } from "./stub";

/** Every event the order reacts to goes to its own object, which dedupes and decides. */
const toOrder: EventHandler<EventType> = async (event, rt) => {
  const orderId = (event.data as { orderId?: string }).orderId;
  if (!orderId) return "handled";
  const result = await orderStub(rt.env, orderId).receive(event as AnyEnvelope);
  return result === "duplicate" ? "duplicate" : "handled";
};

export const orderHandlers: ContextHandlers = {
  InventoryReserved: toOrder,
  InventoryReservationFailed: toOrder,
  InventoryReservationExpired: toOrder,
  InventoryFulfilled: toOrder,
  PaymentAuthorized: toOrder,
  PaymentFailed: toOrder,
  // A return's refund succeeded: the return is REFUNDED.
  PaymentRefunded: toOrder,
  ShipmentCreated: toOrder,
  ShipmentDispatched: toOrder,
  ShipmentDelivered: toOrder,
  CustomerRegistered: (e, rt) => rememberCustomer(e, rt),
  CustomerProfileUpdated: (e, rt) => rememberCustomer(e, rt),
};

// remember-customer-on-customer-registered/profile-updated: a late, older version never overwrites a newer one.
function rememberCustomer(e: Envelope<"CustomerRegistered"> | Envelope<"CustomerProfileUpdated">, rt: Runtime) {
  return applyOnce(rt.env.DB_ORDER, e, (d) => [
      d.insert(customerProfiles)
        .values({ customerId: e.data.customerId, name: e.data.name, email: e.data.email, version: e.aggregateVersion })
        .onConflictDoUpdate({
          target: customerProfiles.customerId,
          set: { name: e.data.name, email: e.data.email, version: e.aggregateVersion },
          setWhere: sql`${customerProfiles.version} < ${e.aggregateVersion}`,
        }),
  ]);
}
