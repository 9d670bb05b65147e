import type { ContextHandlers } from "../events/consumer";
import { recordDeliveryOnShipmentDelivered, recordPurchaserOnOrderSubmitted } from "./purchases";

export const reviewHandlers: ContextHandlers = {
  OrderSubmitted: recordPurchaserOnOrderSubmitted,
  ShipmentDelivered: recordDeliveryOnShipmentDelivered,
};
