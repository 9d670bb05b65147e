/** The inventory item object of a product: one per productId (architecture, "Consistency boundaries"). */
export const itemStub = (env: Env, productId: string) => env.INVENTORY_ITEM.get(env.INVENTORY_ITEM.idFromName(productId));
