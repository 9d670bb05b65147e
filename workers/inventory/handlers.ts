import type { ContextHandlers } from "../events/consumer";
import { causedBy } from "../events/envelope";
import { itemStub } from "./stub";
import { checkAvailability, fulfilOrder, releaseOrder, reserveOrder } from "./service";

export const inventoryHandlers: ContextHandlers = {
  // create-inventory-item-on-product-created: idempotent inside the item object.
  ProductCreated: async (event, rt) => {
    const d = event.data;
    await itemStub(rt.env, d.productId).initialize(d.productId, d.sellerId, d.initialStock, d.reorderPoint, causedBy(event));
    return "handled";
  },
  OrderCreated: (event, rt) => checkAvailability(rt, event),
  OrderSubmitted: (event, rt) => reserveOrder(rt, event),
  OrderConfirmed: (event, rt) => fulfilOrder(rt, event),
  OrderCancelled: (event, rt) => releaseOrder(rt, event),
};
