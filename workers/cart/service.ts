import { sql } from "drizzle-orm";
import { catalogPrices } from "../../schema/cart/tables";
import type { db } from "../events/outbox-d1";
import type { Causation } from "../events/envelope";
import type { Runtime } from "../events/outbox-d1";
import type { Result } from "../kernel/result";
import { readProduct } from "../product/read-product";
import { itemStub } from "../inventory/stub";
import { readTerms, termsOf } from "../promotion/redemption";
import type { OrderState } from "../../durable-objects/order/order";
import { quoteShipping, type ShippingTarget } from "../shipping/quote";
import { copyOf, pickVariant, type ProductCopy } from "../../durable-objects/cart/cart";
import type { CartReply, CheckoutReply } from "../../durable-objects/cart/cart-object";
import type { IdempotencyKey } from "../kernel/idempotency";
import type { Cart } from "./domain";

// The cart context's service: every route is one call to the customer's cart object (durable-objects/cart/),
// preceded by at most one remote read the object cannot make near the shopper — the stock, a promotion's terms —
// run in parallel with the product's edge-cache read.

/** The customer's cart object: one per customer, created where the shopper first used it. */
export const cartStub = (env: Env, customerId: string) => env.CART.get(env.CART.idFromName(customerId));

const available = async (env: Env, productId: string) => (await itemStub(env, productId).snapshot())?.available ?? 0;

/** The product, its status and its variants' names, SKUs, options and prices from the catalogue's edge cache (the catalogue itself on a miss). */
async function productCopy(rt: Runtime, productId: string): Promise<ProductCopy | null> {
  const read = await readProduct(rt.env, productId, rt.waitUntil);
  return read.entry ? copyOf(read.entry.product) : null;
}

export const viewCart = (env: Env, customerId: string): Promise<Cart> => cartStub(env, customerId).view(customerId);

/**
 * Adds a variant (merging with an existing line). Availability is checked, not held: the hold comes at submit.
 * The variant's stock is read beside the product, by the variant named or else the product's id (a simple product's
 * one variant): the same one parallel round trip as before variants. Only a product whose one variant has its own
 * id (created with options of a single combination), added without naming it, needs its stock read afterwards.
 */
export async function addItem(rt: Runtime, customerId: string, productId: string, variantId: string | null, quantity: number, key: IdempotencyKey | null = null): Promise<CartReply> {
  const guess = variantId ?? productId;
  const [product, stock] = await Promise.all([productCopy(rt, productId), available(rt.env, guess)]);
  const picked = product && pickVariant(product, variantId);
  const itemId = picked && "variantId" in picked ? picked.variantId : guess;
  const seen = { itemId, available: itemId === guess ? stock : await available(rt.env, itemId) };
  return cartStub(rt.env, customerId).add(customerId, variantId, quantity, product, seen, key);
}

/** A line is its variant's: a simple product's line is changed and removed by the product's id. */
export async function changeItem(env: Env, customerId: string, variantId: string, quantity: number): Promise<Result<Cart>> {
  const stock = quantity > 0 ? await available(env, variantId) : null;
  return cartStub(env, customerId).change(customerId, variantId, quantity, stock);
}

export const removeItem = (env: Env, customerId: string, variantId: string): Promise<Result<Cart>> => cartStub(env, customerId).remove(customerId, variantId);

export async function applyPromotion(env: Env, customerId: string, code: string, key: IdempotencyKey | null = null): Promise<CartReply> {
  const read = await readTerms(env, code, customerId);
  const terms = read && { code: read.promotion.code, terms: termsOf(read.promotion), customerUses: read.customerUses };
  return cartStub(env, customerId).applyPromotion(customerId, code, terms, key);
}

/**
 * Where the cart ships: the address (typed, or saved: the customer's own only) and its country's options and rate
 * are read in one round trip (quoteShipping), then the object picks the option and answers the cart.
 */
export async function setShipping(env: Env, customerId: string, target: ShippingTarget, optionId: string | null): Promise<Result<Cart>> {
  const q = await quoteShipping(env, customerId, target);
  if (!q.ok) return q;
  return cartStub(env, customerId).setShipping(customerId, q.value.address, q.value.options, optionId, q.value.rate);
}

/** The address given (or null: the cart's, set by `PUT /carts/me/shipping`) is quoted inside the object. */
export async function checkout(env: Env, customerId: string, target: ShippingTarget | null, cause: Causation, key: IdempotencyKey | null = null): Promise<Result<OrderState> & { replayed?: true }> {
  const r: CheckoutReply = await cartStub(env, customerId).checkout(customerId, target, cause, key);
  return r.ok ? { ok: true, value: r.order, ...(r.replayed ? { replayed: r.replayed } : {}) } : r;
}

/**
 * The cart database's copy of catalogue names and prices, still kept by catalogue events: it is what a cart not
 * yet moved into its object is imported with (cart-object.ts). Older versions never overwrite newer ones.
 */
export function upsertPrice(d: ReturnType<typeof db>, p: { productId: string; name: string; priceAmount: number; status: "ACTIVE" | "DISCONTINUED"; version: number }) {
  return d.insert(catalogPrices).values(p).onConflictDoUpdate({
    target: catalogPrices.productId,
    set: { name: p.name, priceAmount: p.priceAmount, status: p.status, version: p.version },
    setWhere: sql`${catalogPrices.version} < ${p.version}`,
  });
}
