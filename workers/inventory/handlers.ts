import type { ContextHandlers } from "../events/consumer";
import { causedBy } from "../events/envelope";
import { itemStub } from "./stub";
import { recordItem } from "./decision-record";
import { db } from "../events/outbox-d1";
import { checkAvailability, fulfilOrder, releaseOrder, reserveOrder } from "./service";

export const inventoryHandlers: ContextHandlers = {
  // create-inventory-item-on-product-created: idempotent inside the item object.
  // A product with variants has one item per variant (keyed by the variant id) and none of its own.
  ProductCreated: async (event, rt) => {
    const d = event.data;
    const items = d.variants?.map((v) => ({ id: v.variantId, initialStock: v.initialStock, reorderPoint: v.reorderPoint }))
      ?? [{ id: d.productId, initialStock: d.initialStock, reorderPoint: d.reorderPoint }];
    const cause = causedBy(event);
    await Promise.all(items.map((i) => itemStub(rt.env, i.id).initialize(i.id, d.sellerId, i.initialStock, i.reorderPoint, cause)));
    // Listed for the stock audit's sweep; idempotent like the object's initialize.
    const now = Date.now();
    const d1 = db(rt.env.DB_INVENTORY);
    const [first, ...rest] = items.map((i) => recordItem(d1, i.id, d.sellerId, now));
    await d1.batch([first!, ...rest]);
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
