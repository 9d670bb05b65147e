import { z } from "@hono/zod-openapi";
import { MoneySchema, PositiveMoneySchema, type Money } from "../kernel/money";
import { exactText, matching, patch, text } from "../kernel/schema";

export const ProductStatus = z.enum(["ACTIVE", "DISCONTINUED"]);
export const Availability = z.enum(["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]);
export type Availability = z.infer<typeof Availability>;


export const CreateProductBody = z
  .object({
    sku: matching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be 1–64 letters, digits, '.', '_' or '-'"),
    name: text(2, 200),
    description: exactText(0, 5000),
    price: PositiveMoneySchema,
    category: text(1, 60).optional(),
    initialStock: z.number().int().min(0).max(1_000_000).optional(),
    reorderPoint: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict()
  .openapi("CreateProduct");
export type CreateProductInput = z.infer<typeof CreateProductBody>;

export const UpdateProductBody = patch({
  name: text(2, 200).optional(),
  description: exactText(0, 5000).optional(),
  price: PositiveMoneySchema.optional(),
  category: text(1, 60).optional(),
  status: ProductStatus.optional(),
}).openapi("UpdateProduct");
export type UpdateProductInput = z.infer<typeof UpdateProductBody>;

export const ProductSchema = z
  .object({
    id: z.string(),
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    price: MoneySchema,
    category: z.string().nullable(),
    sellerId: z.string().nullable(),
    status: ProductStatus,
    availability: Availability,
    averageRating: z.number().nullable(),
    reviewCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Product");
export type Product = z.infer<typeof ProductSchema>;

export const DEFAULT_REORDER_POINT = 5;

/** Availability of a new product before any inventory event arrives; mirrors the item's stock levels. */
export function initialAvailability(stock: number, reorderPoint: number): Availability {
  if (stock <= 0) return "OUT_OF_STOCK";
  return stock < reorderPoint ? "LOW_STOCK" : "IN_STOCK";
}

/** Average of approved ratings from the exact sum and count (no rounding drift), two decimals for display. */
export function averageRating(sum: number, count: number): number | null {
  return count === 0 ? null : Math.round((sum / count) * 100) / 100;
}

export function changedFields(before: { name: string; description: string; price: Money; category: string | null; status: string }, patch: UpdateProductInput): string[] {
  const changed: string[] = [];
  if (patch.name !== undefined && patch.name !== before.name) changed.push("name");
  if (patch.description !== undefined && patch.description !== before.description) changed.push("description");
  if (patch.price !== undefined && patch.price.amount !== before.price.amount) changed.push("price");
  if (patch.category !== undefined && patch.category !== before.category) changed.push("category");
  if (patch.status !== undefined && patch.status !== before.status) changed.push("status");
  return changed;
}
