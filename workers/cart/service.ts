import { and, eq, sql } from "drizzle-orm";
import { carts, cartItems, catalogPrices } from "../../schema/cart/tables";
import { db } from "../events/outbox-d1";
import { newId } from "../kernel/ids";
import { ok, reject, type Result } from "../kernel/result";
import { productRow } from "../product/service";
import { itemStub } from "../inventory/stub";
import { MAX_LINES, MAX_QUANTITY, priceCart, type Cart, type PricedLine } from "./domain";
import { quoteCartPromotion } from "./promotion-port";

type CartRow = typeof carts.$inferSelect;

/** The customer's cart row, created on first use. The common case (it exists) is one read, not a write. */
export async function cartOf(env: Env, customerId: string): Promise<CartRow> {
  const d = db(env.DB_CART);
  const [existing] = await d.select().from(carts).where(eq(carts.customerId, customerId));
  if (existing) return existing;
  await d.insert(carts).values({ id: newId("crt"), customerId, updatedAt: Date.now() }).onConflictDoNothing();
  const [row] = await d.select().from(carts).where(eq(carts.customerId, customerId));
  return row!;
}

const linesQuery = (d: ReturnType<typeof db>, cartId: string) =>
  d
    .select({ productId: cartItems.productId, name: catalogPrices.name, priceAmount: catalogPrices.priceAmount, quantity: cartItems.quantity })
    .from(cartItems)
    .innerJoin(catalogPrices, eq(catalogPrices.productId, cartItems.productId))
    .where(eq(cartItems.cartId, cartId))
    .orderBy(cartItems.addedAt, cartItems.productId);

export async function cartLines(env: Env, cartId: string): Promise<PricedLine[]> {
  return linesQuery(db(env.DB_CART), cartId);
}

/** The cart at current prices, with the applied promotion re-quoted (it may have expired since it was applied). */
export async function viewCart(env: Env, customerId: string): Promise<Cart> {
  const cart = await cartOf(env, customerId);
  return pricedCart(env, cart, await cartLines(env, cart.id), customerId);
}

async function pricedCart(env: Env, cart: CartRow, lines: PricedLine[], customerId: string): Promise<Cart> {
  const subtotal = lines.reduce((a, l) => a + l.priceAmount * l.quantity, 0);
  let discount = 0;
  if (cart.promotionCode && lines.length) {
    const quote = await quoteCartPromotion(env, cart.promotionCode, customerId, subtotal);
    discount = quote.ok ? quote.value.discount : 0;
  }
  return priceCart(cart.id, lines, cart.promotionCode, discount);
}

/**
 * The cart's copy of a product's name and price. Normally kept current by catalogue events; a product the events
 * have not brought yet is read through from the catalogue (a synchronous call into the product context).
 */
async function catalogEntry(env: Env, productId: string) {
  const d = db(env.DB_CART);
  const [copy] = await d.select().from(catalogPrices).where(eq(catalogPrices.productId, productId));
  if (copy) return copy;
  const p = await productRow(env, productId);
  if (!p) return null;
  const entry = { productId, name: p.name, priceAmount: p.priceAmount, status: p.status, version: p.version };
  await d.insert(catalogPrices).values(entry).onConflictDoNothing();
  return entry;
}

async function checkStock(env: Env, productId: string, quantity: number): Promise<Result<null>> {
  const levels = await itemStub(env, productId).snapshot();
  const available = levels?.available ?? 0;
  if (quantity > available) return reject("CART_INSUFFICIENT_STOCK", `only ${available} available`, "quantity", { available });
  return ok(null);
}

/**
 * Adds a product (merging with an existing line). Availability is checked, not held: the hold comes at submit.
 * Two D1 round trips in the common case (each is a network hop to the database's primary in production): one
 * batch reads the price copy, the cart and its lines; one batch writes the line and reads the cart back.
 */
export async function addItem(env: Env, customerId: string, productId: string, quantity: number): Promise<Result<Cart>> {
  const d = db(env.DB_CART);
  const [copies, cartRows, lineRows] = await d.batch([
    d.select().from(catalogPrices).where(eq(catalogPrices.productId, productId)),
    d.select().from(carts).where(eq(carts.customerId, customerId)),
    d.select({ productId: cartItems.productId, quantity: cartItems.quantity }).from(cartItems).innerJoin(carts, eq(carts.id, cartItems.cartId)).where(eq(carts.customerId, customerId)),
  ]);
  const product = copies[0] ?? (await catalogEntry(env, productId));
  if (!product) return reject("PRODUCT_NOT_FOUND", "product not found", "productId");
  if (product.status !== "ACTIVE") return reject("PRODUCT_NOT_AVAILABLE", "this product is discontinued", "productId");
  const cart = cartRows[0] ?? (await cartOf(env, customerId));
  const line = lineRows.find((l) => l.productId === productId);
  const merged = (line?.quantity ?? 0) + quantity;
  if (merged > MAX_QUANTITY) return reject("CART_QUANTITY_LIMIT", `at most ${MAX_QUANTITY} of one product per cart`, "quantity");
  if (!line && lineRows.length >= MAX_LINES) return reject("CART_TOO_MANY_LINES", `a cart has at most ${MAX_LINES} lines`);
  const stock = await checkStock(env, productId, merged);
  if (!stock.ok) return stock;
  const now = Date.now();
  const [, , lines] = await d.batch([
    d.insert(cartItems).values({ cartId: cart.id, productId, quantity, addedAt: now })
      .onConflictDoUpdate({ target: [cartItems.cartId, cartItems.productId], set: { quantity: sql`${cartItems.quantity} + ${quantity}` } }),
    d.update(carts).set({ updatedAt: now }).where(eq(carts.id, cart.id)),
    linesQuery(d, cart.id),
  ]);
  return ok(await pricedCart(env, cart, lines, customerId));
}

export async function changeItem(env: Env, customerId: string, productId: string, quantity: number): Promise<Result<Cart>> {
  const cart = await cartOf(env, customerId);
  const d = db(env.DB_CART);
  const [line] = await d.select().from(cartItems).where(and(eq(cartItems.cartId, cart.id), eq(cartItems.productId, productId)));
  if (!line) return reject("CART_ITEM_NOT_FOUND", "this product is not in the cart", "productId");
  if (quantity === 0) return removeItem(env, customerId, productId);
  if (quantity > line.quantity) {
    const stock = await checkStock(env, productId, quantity);
    if (!stock.ok) return stock;
  }
  await d.update(cartItems).set({ quantity }).where(and(eq(cartItems.cartId, cart.id), eq(cartItems.productId, productId)));
  return ok(await viewCart(env, customerId));
}

export async function removeItem(env: Env, customerId: string, productId: string): Promise<Result<Cart>> {
  const cart = await cartOf(env, customerId);
  await db(env.DB_CART).delete(cartItems).where(and(eq(cartItems.cartId, cart.id), eq(cartItems.productId, productId)));
  return ok(await viewCart(env, customerId));
}

export async function applyPromotion(env: Env, customerId: string, code: string): Promise<Result<Cart>> {
  const cart = await cartOf(env, customerId);
  const lines = await cartLines(env, cart.id);
  const subtotal = lines.reduce((a, l) => a + l.priceAmount * l.quantity, 0);
  const quote = await quoteCartPromotion(env, code, customerId, subtotal);
  if (!quote.ok) return quote;
  await db(env.DB_CART).update(carts).set({ promotionCode: quote.value.code, updatedAt: Date.now() }).where(eq(carts.id, cart.id));
  return ok(await viewCart(env, customerId));
}

/** Catalogue events keep the price copy current; older versions never overwrite newer ones. */
export function upsertPrice(d: ReturnType<typeof db>, p: { productId: string; name: string; priceAmount: number; status: "ACTIVE" | "DISCONTINUED"; version: number }) {
  return d.insert(catalogPrices).values(p).onConflictDoUpdate({
    target: catalogPrices.productId,
    set: { name: p.name, priceAmount: p.priceAmount, status: p.status, version: p.version },
    setWhere: sql`${catalogPrices.version} < ${p.version}`,
  });
}

export async function clearCart(env: Env, cartId: string, orderId: string): Promise<void> {
  const d = db(env.DB_CART);
  await d.batch([
    d.delete(cartItems).where(eq(cartItems.cartId, cartId)),
    d.update(carts).set({ pendingOrderId: null, promotionCode: null, updatedAt: Date.now() }).where(and(eq(carts.id, cartId), eq(carts.pendingOrderId, orderId))),
  ]);
}

export async function claimOrderId(env: Env, cartId: string): Promise<string> {
  const d = db(env.DB_CART);
  await d.update(carts).set({ pendingOrderId: newId("ord") }).where(and(eq(carts.id, cartId), sql`${carts.pendingOrderId} IS NULL`));
  const [row] = await d.select({ pendingOrderId: carts.pendingOrderId }).from(carts).where(eq(carts.id, cartId));
  return row!.pendingOrderId!;
}

