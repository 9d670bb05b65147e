import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { products, productVariants, skuClaims } from "../../schema/product/tables";
import { commitWithEvents, db, previousStatementChangedOneRow, rawStatement, type Runtime } from "../events/outbox-d1";
import { makeEvent, type Causation } from "../events/envelope";
import { newId } from "../kernel/ids";
import { ok, reject, type Result } from "../kernel/result";
import type { Principal } from "../kernel/auth";
import { usd } from "../kernel/money";
import { evictProduct } from "./cache";
import {
  averageRating, bestAvailability, changedFields, DEFAULT_REORDER_POINT, initialAvailability, orderedOptions,
  type CreateProductInput, type Product, type UpdateProductInput, type UpdateVariantInput, type Variant,
} from "./domain";

type Row = typeof products.$inferSelect;
type VariantRow = typeof productVariants.$inferSelect;
type Options = { name: string; values: string[] }[];

const optionsOf = (r: Row): Options => (r.options ? (JSON.parse(r.options) as Options) : []);

/** A product with its variants: the rows of product_variants, or for a simple product the product itself. */
export function toProduct(r: Row, variantRows: VariantRow[] = []): Product {
  const price = { amount: r.priceAmount, currency: "USD" as const };
  const variants: Variant[] = r.options
    ? variantRows.map((v) => ({ id: v.id, sku: v.sku, options: JSON.parse(v.options) as Record<string, string>, price: { amount: v.priceAmount, currency: "USD" }, availability: v.availability }))
    : [{ id: r.id, sku: r.sku, options: {}, price, availability: r.availability }];
  return {
    id: r.id, sku: r.sku, name: r.name, description: r.description, price,
    category: r.category, sellerId: r.sellerId, status: r.status, availability: r.availability,
    averageRating: averageRating(r.ratingSum, r.reviewCount), reviewCount: r.reviewCount,
    options: optionsOf(r), variants,
    createdAt: new Date(r.createdAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

const errorText = (err: unknown) => String((err as Error)?.message ?? err) + String((err as { cause?: Error })?.cause?.message ?? "");
const isUniqueSku = (err: unknown) => /UNIQUE constraint failed: (products|product_variants|sku_claims)\.sku/.test(errorText(err));

export async function createProduct(rt: Runtime, principal: Principal, input: CreateProductInput, cause: Causation): Promise<Result<Product>> {
  const d = db(rt.env.DB_PRODUCT);
  const now = Date.now();
  const id = newId("prd", now);
  const stock = input.initialStock ?? 0;
  const reorderPoint = input.reorderPoint ?? DEFAULT_REORDER_POINT;
  const sellerId = principal.role === "SELLER" ? principal.id : null;
  const options = input.options && input.variants ? input.options : null;
  const variantRows: VariantRow[] = options
    ? input.variants!.map((v, position) => {
      const vStock = v.initialStock ?? 0;
      return {
        id: newId("var", now), productId: id, position, sku: v.sku, options: JSON.stringify(orderedOptions(options, v.options)),
        priceAmount: v.price?.amount ?? input.price.amount, availability: initialAvailability(vStock, v.reorderPoint ?? reorderPoint),
        availabilityVersion: -1, createdAt: now,
      };
    })
    : [];
  const row: Row = {
    id, sku: input.sku, name: input.name, description: input.description, priceAmount: input.price.amount, currency: "USD",
    category: input.category ?? null, sellerId, status: "ACTIVE",
    availability: options ? bestAvailability(variantRows.map((v) => v.availability)) : initialAvailability(stock, reorderPoint),
    availabilityVersion: -1, variantsVersion: 0, options: options && JSON.stringify(options), ratingSum: 0, reviewCount: 0, version: 1, createdAt: now, updatedAt: now,
  };
  // Each variant is its own inventory item, keyed by the variant id; a simple product's item is keyed by its id.
  const variants = options
    ? variantRows.map((v, i) => ({
      variantId: v.id, sku: v.sku, options: JSON.parse(v.options) as Record<string, string>, price: usd(v.priceAmount),
      initialStock: input.variants![i]!.initialStock ?? 0, reorderPoint: input.variants![i]!.reorderPoint ?? reorderPoint,
    }))
    : undefined;
  const event = makeEvent("ProductCreated", id, 1, {
    productId: id, sku: input.sku, name: input.name, price: input.price, sellerId, initialStock: options ? 0 : stock, reorderPoint,
    ...(variants ? { variants } : {}),
  }, cause, { now });
  const claims = [{ sku: input.sku, productId: id }, ...variantRows.map((v) => ({ sku: v.sku, productId: id }))];
  try {
    await commitWithEvents(rt, "product", [
      d.insert(skuClaims).values(claims),
      d.insert(products).values(row),
      ...(variantRows.length ? [d.insert(productVariants).values(variantRows)] : []),
    ], [event]);
  } catch (err) {
    if (isUniqueSku(err)) return reject("PRODUCT_SKU_EXISTS", `a product or variant already has one of the SKUs ${claims.map((c) => c.sku).join(", ")}`, "sku");
    throw err;
  }
  return ok(toProduct(row, variantRows));
}

/**
 * Entity tag of a product representation. Every visible change moves one of its parts: edits bump version,
 * availability changes bump availability_version, and every approved rating bumps review_count.
 */
export const etagOf = (r: Row): string => `"${r.version}.${r.availabilityVersion}.${r.reviewCount}.${r.variantsVersion}"`;

/** A product and its entity tag, from D1 (the cache's loader). */
export async function loadProduct(env: Env, id: string, d1: D1Database = env.DB_PRODUCT): Promise<{ product: Product; etag: string } | null> {
  const row = await productRow({ DB_PRODUCT: d1 }, id);
  if (!row) return null;
  return { product: toProduct(row, await variantRowsOf(d1, [row])), etag: etagOf(row) };
}

/** The variant rows of the products that have options, in order; no query when none has. */
async function variantRowsOf(d1: D1Database, rows: Row[]): Promise<VariantRow[]> {
  const ids = rows.filter((r) => r.options).map((r) => r.id);
  if (ids.length === 0) return [];
  return db(d1).select().from(productVariants).where(inArray(productVariants.productId, ids)).orderBy(asc(productVariants.productId), asc(productVariants.position));
}

export async function productRow(env: Pick<Env, "DB_PRODUCT">, id: string): Promise<Row | null> {
  const [row] = await db(env.DB_PRODUCT).select().from(products).where(eq(products.id, id)).limit(1);
  return row ?? null;
}

export async function listProducts(env: Env, query: { category?: string; q?: string; limit: number; after?: string }): Promise<{ items: Product[]; nextCursor: string | null }> {
  const conditions = [eq(products.status, "ACTIVE")];
  if (query.category) conditions.push(eq(products.category, query.category));
  // A substring match without LIKE: D1 refuses LIKE patterns over 50 bytes, a limit JSON Schema cannot state, and
  // instr has no wildcards to escape. lower() folds ASCII only, as LIKE's case-insensitivity does.
  if (query.q) conditions.push(sql`instr(lower(${products.name}), lower(${query.q})) > 0`);
  if (query.after) conditions.push(gt(products.id, query.after));
  const rows = await db(env.DB_PRODUCT).select().from(products).where(and(...conditions)).orderBy(asc(products.id)).limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const variants = await variantRowsOf(env.DB_PRODUCT, page);
  return { items: page.map((r) => toProduct(r, variants.filter((v) => v.productId === r.id))), nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null };
}

export async function updateProduct(rt: Runtime, principal: Principal, id: string, patch: UpdateProductInput, cause: Causation): Promise<Result<Product>> {
  const d = db(rt.env.DB_PRODUCT);
  const before = await productRow(rt.env, id);
  if (!before || (principal.role !== "ADMIN" && before.sellerId !== principal.id)) return reject("PRODUCT_NOT_FOUND", "product not found");
  const current = { name: before.name, description: before.description, price: usd(before.priceAmount), category: before.category, status: before.status };
  const changed = changedFields(current, patch);
  if (changed.length === 0) return ok(toProduct(before, await variantRowsOf(rt.env.DB_PRODUCT, [before])));
  const now = Date.now();
  const version = before.version + 1;
  const after: Row = {
    ...before, name: patch.name ?? before.name, description: patch.description ?? before.description,
    priceAmount: patch.price?.amount ?? before.priceAmount, category: patch.category ?? before.category,
    status: patch.status ?? before.status, version, updatedAt: now,
  };
  const events = [
    makeEvent("ProductUpdated", id, version, { productId: id, changedFields: changed, price: usd(after.priceAmount), name: after.name, status: after.status }, cause, { now }),
  ];
  if (changed.includes("price")) {
    events.push(makeEvent("ProductPriceChanged", id, version, { productId: id, oldPrice: usd(before.priceAmount), newPrice: usd(after.priceAmount) }, cause, { now }) as never);
  }
  // Optimistic concurrency: the update applies only to the version read, so two PATCHes cannot lose each other's change.
  const update = d.update(products).set({ name: after.name, description: after.description, priceAmount: after.priceAmount, category: after.category, status: after.status, version, updatedAt: now })
    .where(and(eq(products.id, id), eq(products.version, before.version))).returning({ id: products.id });
  // The row comes back only to the writer whose UPDATE applied; the other's events are not written either.
  const [won] = (await commitWithEvents(rt, "product", [update], events, previousStatementChangedOneRow)) as [{ id: string }[]];
  // Evicted here too, not only by the ProductUpdated handler, so the writer reads its own change at once.
  await evictProduct(rt.env.PRODUCT_CACHE, id);
  if (won.length === 0) return reject("CONFLICT", "the product was changed concurrently; read it again and retry");
  const stored = await productRow(rt.env, id);
  if (!stored) return reject("CONFLICT", "the product was changed concurrently; read it again and retry");
  return ok(toProduct(stored, await variantRowsOf(rt.env.DB_PRODUCT, [stored])));
}

/**
 * PATCH /products/{id}/variants/{variantId}: a variant's price or SKU. A simple product's one variant is the product,
 * so its price and SKU are the product's. Optimistic like updateProduct: every statement applies only while the
 * product is at the version read, and the product's version bump comes last so the events follow it (changes() = 1).
 */
export async function updateVariant(rt: Runtime, principal: Principal, id: string, variantId: string, patch: UpdateVariantInput, cause: Causation): Promise<Result<Product>> {
  const d = db(rt.env.DB_PRODUCT);
  const before = await productRow(rt.env, id);
  if (!before || (principal.role !== "ADMIN" && before.sellerId !== principal.id)) return reject("PRODUCT_NOT_FOUND", "product not found");
  const rows = await variantRowsOf(rt.env.DB_PRODUCT, [before]);
  const variant = before.options ? rows.find((v) => v.id === variantId) : variantId === id ? null : undefined;
  if (variant === undefined) return reject("VARIANT_NOT_FOUND", "this product has no such variant");
  const current = variant ? { sku: variant.sku, priceAmount: variant.priceAmount } : { sku: before.sku, priceAmount: before.priceAmount };
  const next = { sku: patch.sku ?? current.sku, priceAmount: patch.price?.amount ?? current.priceAmount };
  const changed = [...(next.priceAmount !== current.priceAmount ? ["price"] : []), ...(next.sku !== current.sku ? ["sku"] : [])];
  if (changed.length === 0) return ok(toProduct(before, rows));

  const now = Date.now();
  const version = before.version + 1;
  const unchanged = sql`(SELECT version FROM products WHERE id = ${id}) = ${before.version}`;
  const statements = [];
  if (changed.includes("sku")) {
    statements.push(
      d.delete(skuClaims).where(and(eq(skuClaims.sku, current.sku), eq(skuClaims.productId, id), unchanged)),
      rawStatement(d, sql`INSERT INTO sku_claims (sku, product_id) SELECT ${next.sku}, ${id} WHERE ${unchanged}`),
    );
  }
  if (variant) {
    statements.push(d.update(productVariants).set({ sku: next.sku, priceAmount: next.priceAmount }).where(and(eq(productVariants.id, variantId), unchanged)));
  }
  statements.push(
    d.update(products).set(variant ? { version, updatedAt: now } : { version, updatedAt: now, sku: next.sku, priceAmount: next.priceAmount })
      .where(and(eq(products.id, id), eq(products.version, before.version))).returning({ id: products.id }),
  );
  const price = usd(variant ? before.priceAmount : next.priceAmount);
  const events = [
    makeEvent("ProductUpdated", id, version, {
      productId: id, changedFields: variant ? ["variants"] : changed, price, name: before.name, status: before.status,
      variant: { variantId, sku: next.sku, price: usd(next.priceAmount) },
    }, cause, { now }),
  ];
  if (!variant && changed.includes("price")) {
    events.push(makeEvent("ProductPriceChanged", id, version, { productId: id, oldPrice: usd(current.priceAmount), newPrice: price }, cause, { now }) as never);
  }
  let results: unknown[];
  try {
    results = await commitWithEvents(rt, "product", statements, events, previousStatementChangedOneRow);
  } catch (err) {
    if (isUniqueSku(err)) return reject("PRODUCT_SKU_EXISTS", `a product or variant already has SKU ${next.sku}`, "sku");
    throw err;
  }
  await evictProduct(rt.env.PRODUCT_CACHE, id);
  if ((results[results.length - 1] as { id: string }[]).length === 0) return reject("CONFLICT", "the product was changed concurrently; read it again and retry");
  const stored = await productRow(rt.env, id);
  if (!stored) return reject("CONFLICT", "the product was changed concurrently; read it again and retry");
  return ok(toProduct(stored, await variantRowsOf(rt.env.DB_PRODUCT, [stored])));
}
