import type { ContextHandlers, EventHandler } from "../events/consumer";
import type { AnyEnvelope } from "../events/envelope";
import type { EventType } from "../events/catalog";
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
  ShipmentCreated: toOrder,
  ShipmentDispatched: toOrder,
  ShipmentDelivered: toOrder,
};
