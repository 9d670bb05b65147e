import type { HandlerTable } from "./events/consumer";
import { inventoryHandlers } from "./inventory/handlers";
import { productHandlers } from "./product/handlers";
import { operationsHandlers } from "./operations/handlers";
import { integrationsHandlers } from "./integrations/handlers";

// Which context handles which event: the consuming side of the routing table in events/routing.ts.
export const handlerTable: HandlerTable = {
  inventory: inventoryHandlers,
  product: productHandlers,
  operations: operationsHandlers,
  integrations: integrationsHandlers,
};
