import type { ContextHandlers } from "../events/consumer";
import { createShipmentOnOrderConfirmed } from "./shipment-service";

export const shippingHandlers: ContextHandlers = {
  OrderConfirmed: (event, rt) => createShipmentOnOrderConfirmed(event, rt),
};
