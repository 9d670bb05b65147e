import { z } from "@hono/zod-openapi";

/** An inventory item's id: a simple product's id, or one variant's (each variant is its own item). */
export const ITEM_ID = /^(prd|var)_[0-9A-Z]{26}$/;

export const ItemParams = z.object({
  productId: z.string().regex(ITEM_ID, "a product or variant id (prd_… or var_…)").openapi({ param: { name: "productId", in: "path" } }),
});
