import type { HandlerTable } from "./events/consumer";
import { inventoryHandlers } from "./inventory/handlers";
import { productHandlers } from "./product/handlers";
import { orderHandlers } from "./order/handlers";
import { cartHandlers } from "./cart/handlers";
import { reviewHandlers } from "./review/handlers";
import { paymentHandlers } from "./payment/handlers";
import { shippingHandlers } from "./shipping/handlers";
import { notificationHandlers } from "./notification/handlers";
import { promotionHandlers } from "./promotion/handlers";
import { integrationsHandlers } from "./integrations/handlers";
import { sellerHandlers } from "./seller/handlers";

// Which context handles which event: the consuming side of the routing table in events/routing.ts. The event log
// (operations) is not a handler: the relays write it directly (workers/operations/event-log.ts).
export const handlerTable: HandlerTable = {
  inventory: inventoryHandlers,
  product: productHandlers,
  order: orderHandlers,
  cart: cartHandlers,
  review: reviewHandlers,
  payment: paymentHandlers,
  shipping: shippingHandlers,
  notification: notificationHandlers,
  promotion: promotionHandlers,
  seller: sellerHandlers,
  integrations: integrationsHandlers,
};
