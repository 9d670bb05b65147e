import { and, asc, eq, gt, sql } from "drizzle-orm";
import { products } from "../../schema/product/tables";
import { commitWithEvents, db, previousStatementChangedOneRow, type Runtime } from "../events/outbox-d1";
import { makeEvent, type Causation } from "../events/envelope";
import { newId } from "../kernel/ids";
import { ok, reject, type Result } from "../kernel/result";
import { isUniqueViolation } from "../kernel/unique-violation";
import type { Principal } from "../kernel/auth";
import { usd } from "../kernel/money";
import { evictProduct } from "./cache";
import {
  averageRating, changedFields, DEFAULT_REORDER_POINT, initialAvailability,
  type CreateProductInput, type Product, type UpdateProductInput,
} from "./domain";

type Row = typeof products.$inferSelect;

export function toProduct(r: Row): Product {
  return {
    id: r.id, sku: r.sku, name: r.name, description: r.description, price: { amount: r.priceAmount, currency: "USD" },
    category: r.category, sellerId: r.sellerId, status: r.status, availability: r.availability,
    averageRating: averageRating(r.ratingSum, r.reviewCount), reviewCount: r.reviewCount,
    createdAt: new Date(r.createdAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString(),
  };
}


export async function createProduct(rt: Runtime, principal: Principal, input: CreateProductInput, cause: Causation): Promise<Result<Product>> {
  const d = db(rt.env.DB_PRODUCT);
  const now = Date.now();
  const id = newId("prd", now);
  const stock = input.initialStock ?? 0;
  const reorderPoint = input.reorderPoint ?? DEFAULT_REORDER_POINT;
  const sellerId = principal.role === "SELLER" ? principal.id : null;
  const row: Row = {
    id, sku: input.sku, name: input.name, description: input.description, priceAmount: input.price.amount, currency: "USD",
    category: input.category ?? null, sellerId, status: "ACTIVE", availability: initialAvailability(stock, reorderPoint),
    availabilityVersion: -1, ratingSum: 0, reviewCount: 0, version: 1, createdAt: now, updatedAt: now,
  };
  const event = makeEvent("ProductCreated", id, 1, { productId: id, sku: input.sku, name: input.name, price: input.price, sellerId, initialStock: stock, reorderPoint }, cause, { now });
  try {
    await commitWithEvents(rt, "product", [d.insert(products).values(row)], [event]);
  } catch (err) {
    if (isUniqueViolation(err, "products.sku")) return reject("PRODUCT_SKU_EXISTS", `a product with SKU ${input.sku} already exists`, "sku");
    throw err;
  }
  return ok(toProduct(row));
}

/**
 * Entity tag of a product representation. Every visible change moves one of its parts: edits bump version,
 * availability changes bump availability_version, and every approved rating bumps review_count.
 */
export const etagOf = (r: Row): string => `"${r.version}.${r.availabilityVersion}.${r.reviewCount}"`;

/** A product and its entity tag, from D1 (the cache's loader). */
export async function loadProduct(env: Env, id: string, d1: D1Database = env.DB_PRODUCT): Promise<{ product: Product; etag: string } | null> {
  const row = await productRow({ DB_PRODUCT: d1 }, id);
  return row ? { product: toProduct(row), etag: etagOf(row) } : null;
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
  return { items: page.map(toProduct), nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null };
}

export async function updateProduct(rt: Runtime, principal: Principal, id: string, patch: UpdateProductInput, cause: Causation): Promise<Result<Product>> {
  const d = db(rt.env.DB_PRODUCT);
  const before = await productRow(rt.env, id);
  if (!before || (principal.role !== "ADMIN" && before.sellerId !== principal.id)) return reject("PRODUCT_NOT_FOUND", "product not found");
  const current = { name: before.name, description: before.description, price: usd(before.priceAmount), category: before.category, status: before.status };
  const changed = changedFields(current, patch);
  if (changed.length === 0) return ok(toProduct(before));
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
  return ok(toProduct(stored));
}
