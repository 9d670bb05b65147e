import { z } from "@hono/zod-openapi";
import { MoneySchema, PositiveMoneySchema, type Money } from "../kernel/money";
import { exactText, matching, patch, text } from "../kernel/schema";

export const ProductStatus = z.enum(["ACTIVE", "DISCONTINUED"]);
export const Availability = z.enum(["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]);
export type Availability = z.infer<typeof Availability>;


/** The rules between options and variants JSON Schema cannot state: 400 with this code, listed on the route. */
export const VARIANTS_INVALID = "PRODUCT_VARIANTS_INVALID";

const Sku = matching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be 1–64 letters, digits, '.', '_' or '-'");
const Stock = z.number().int().min(0).max(1_000_000);

export const ProductOptionSchema = z
  .object({ name: text(1, 40), values: z.array(text(1, 40)).min(1).max(20) })
  .strict()
  .openapi("ProductOption");

/** {optionName: value}: exactly one value of each of the product's options. */
const VariantOptions = z.record(z.string().max(40), z.string().max(40)).openapi({ maxProperties: 3 });

export const CreateVariantBody = z
  .object({
    sku: Sku,
    options: VariantOptions,
    price: PositiveMoneySchema.optional(),
    initialStock: Stock.optional(),
    reorderPoint: Stock.optional(),
  })
  .strict()
  .openapi("CreateVariant");

export const CreateProductBody = z
  .object({
    sku: Sku,
    name: text(2, 200),
    description: exactText(0, 5000),
    price: PositiveMoneySchema,
    category: text(1, 60).optional(),
    initialStock: Stock.optional(),
    reorderPoint: Stock.optional(),
    options: z.array(ProductOptionSchema).min(1).max(3).optional(),
    variants: z.array(CreateVariantBody).min(1).max(100).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    for (const issue of variantIssues(b)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message, params: { code: VARIANTS_INVALID } });
  })
  .openapi("CreateProduct");
export type CreateProductInput = z.infer<typeof CreateProductBody>;

interface VariantIssue { path: (string | number)[]; message: string }

/**
 * The rules zod cannot state per field: options and variants come together, every variant names one listed value of
 * every option, no combination or SKU twice. Every problem is reported, so a client fixes them in one round.
 */
export function variantIssues(b: { sku: string; options?: { name: string; values: string[] }[]; variants?: { sku: string; options: Record<string, string> }[] }): VariantIssue[] {
  const issues: VariantIssue[] = [];
  if (!b.options && !b.variants) return issues;
  if (!b.options) return [{ path: ["options"], message: "is required with variants" }];
  if (!b.variants) return [{ path: ["variants"], message: "is required with options" }];
  const names = new Set<string>();
  b.options.forEach((o, i) => {
    if (names.has(o.name)) issues.push({ path: ["options", i, "name"], message: `names option ${o.name} twice` });
    names.add(o.name);
    const seen = new Set<string>();
    o.values.forEach((v, j) => {
      if (seen.has(v)) issues.push({ path: ["options", i, "values", j], message: `lists value ${v} twice` });
      seen.add(v);
    });
  });
  const combinations = new Set<string>();
  const skus = new Set<string>([b.sku]);
  b.variants.forEach((v, i) => {
    if (skus.has(v.sku)) issues.push({ path: ["variants", i, "sku"], message: `SKU ${v.sku} is used twice in this product` });
    skus.add(v.sku);
    for (const name of Object.keys(v.options)) {
      if (!names.has(name)) issues.push({ path: ["variants", i, "options", name], message: `is not an option of this product` });
    }
    let complete = true;
    for (const o of b.options!) {
      const value = v.options[o.name];
      if (value === undefined) {
        complete = false;
        issues.push({ path: ["variants", i, "options", o.name], message: "is required: every variant names a value of every option" });
      } else if (!o.values.includes(value)) {
        complete = false;
        issues.push({ path: ["variants", i, "options", o.name], message: `must be one of ${o.values.join(", ")}` });
      }
    }
    if (!complete) return;
    const key = JSON.stringify(b.options!.map((o) => v.options[o.name]));
    if (combinations.has(key)) issues.push({ path: ["variants", i, "options"], message: "repeats the options of an earlier variant" });
    combinations.add(key);
  });
  return issues;
}

/** Options in the product's option order, so every copy of a variant's options reads the same. */
export function orderedOptions(options: { name: string }[], chosen: Record<string, string>): Record<string, string> {
  return Object.fromEntries(options.map((o) => [o.name, chosen[o.name]!]));
}

const RANK: Record<Availability, number> = { IN_STOCK: 0, LOW_STOCK: 1, OUT_OF_STOCK: 2 };

/** A product is as available as its best variant: someone can buy it if any variant is in stock. */
export function bestAvailability(of: Availability[]): Availability {
  return of.reduce<Availability>((best, a) => (RANK[a] < RANK[best] ? a : best), "OUT_OF_STOCK");
}

export const UpdateVariantBody = patch({
  price: PositiveMoneySchema.optional(),
  sku: Sku.optional(),
}).openapi("UpdateVariant");
export type UpdateVariantInput = z.infer<typeof UpdateVariantBody>;

export const VariantSchema = z
  .object({
    id: z.string(),
    sku: z.string(),
    options: z.record(z.string(), z.string()),
    price: MoneySchema,
    availability: Availability,
  })
  .openapi("Variant");
export type Variant = z.infer<typeof VariantSchema>;

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
    options: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
    /** A product created without options has exactly one variant, whose id is the product id. */
    variants: z.array(VariantSchema).min(1),
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
