import type { ContextHandlers } from "../events/consumer";
import { causedBy } from "../events/envelope";
import { itemStub } from "./stub";
import { recordItem } from "./decision-record";
import { db } from "../events/outbox-d1";
import { checkAvailability, fulfilOrder, releaseOrder, reserveOrder } from "./service";

export const inventoryHandlers: ContextHandlers = {
  // create-inventory-item-on-product-created: idempotent inside the item object.
  ProductCreated: async (event, rt) => {
    const d = event.data;
    await itemStub(rt.env, d.productId).initialize(d.productId, d.sellerId, d.initialStock, d.reorderPoint, causedBy(event));
    // Listed for the stock audit's sweep; idempotent like the object's initialize.
    await recordItem(db(rt.env.DB_INVENTORY), d.productId, d.sellerId, Date.now()).run();
    return "handled";
  },
  OrderCreated: (event, rt) => checkAvailability(rt, event),
  OrderSubmitted: (event, rt) => reserveOrder(rt, event),
  OrderConfirmed: (event, rt) => fulfilOrder(rt, event),
  OrderCancelled: (event, rt) => releaseOrder(rt, event),
  // restock-on-return-received: each unit back on hand as a RETURN adjustment, once per return (the item object keeps the mark).
  ReturnReceived: async (event, rt) => {
    const cause = causedBy(event);
    const results = await Promise.all(event.data.items.map((i) => itemStub(rt.env, i.variantId).restock(event.data.returnId, i.quantity, cause)));
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) throw new Error(`return ${event.data.returnId} not restocked: ${failed.code}`);
    return results.some((r) => r.ok && r.restocked) ? "handled" : "duplicate";
  },
};
