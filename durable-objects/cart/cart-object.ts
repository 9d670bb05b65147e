import { DurableObject } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import * as cart from "./cart";
import { CartStorage } from "./storage";
import type { ShippingAddress, OrderState } from "../order/order";
import { carts, cartItems, catalogPrices } from "../../schema/cart/tables";
import { db } from "../../workers/events/outbox-d1";
import type { Causation } from "../../workers/events/envelope";
import { priceCart, type Cart } from "../../workers/cart/domain";
import { lookup, fill } from "../../workers/product/cache";
import { loadProduct } from "../../workers/product/service";
import { readTerms, termsOf } from "../../workers/promotion/redemption";
import { evaluate } from "../../workers/promotion/domain";
import { orderStub } from "../../workers/order/stub";
import { newId } from "../../workers/kernel/ids";
import { log, errorFields } from "../../workers/kernel/logging";
import { reject, type Rejected, type Result } from "../../workers/kernel/result";
import { detached, meterEnv, meteredInvoke, type MeterToken } from "../../workers/kernel/meter";
import type { IdempotencyKey } from "../../workers/kernel/idempotency";
import { KeptReplies, type Replayable } from "../shared/kept-replies";
import { chargesOf, quoteShipping, type OptionCopy, type ShippingTarget } from "../../workers/shipping/quote";
import type { TaxRate } from "../../workers/kernel/totals";

export type CartReply = Replayable<Result<Cart>>;
export type CheckoutReply = Replayable<{ ok: true; order: OrderState } | Rejected>;

/**
 * One object per customer's cart (idFromName(customerId)): its lines, the applied code and a pending checkout.
 * Created by the shopper's first cart request, so it sits near them; every cart route is one call to it.
 *
 * How it learns prices. Each line keeps a copy of the product's name, price and status, taken when it was added.
 * A view refreshes the copies from the catalogue's edge cache (PRODUCT_CACHE, a KV read in the shopper's location,
 * invalidated by the catalogue's own writes); a product missing from the cache is read through from the catalogue
 * *after* the answer, so the next view has it and this one costs no remote round trip. Checkout reads every line
 * strictly (cache, or the catalogue on a miss) before it takes the snapshot, so an order's prices are current.
 * Keeping the copies current through catalogue events instead would need an index of carts per product, written
 * on every add, and one object call per cart for every price change: more writes than the reads it saves.
 *
 * Every command gathers what it needs from elsewhere first, then decides and stores without awaiting, so limits
 * (99 units, 50 lines, the stock seen) hold however calls interleave at the object's awaits.
 */
export class CartObject extends DurableObject<Env> {
  private readonly store: CartStorage;
  private state: cart.CartState | null = null;
  /** Test seam: the next checkout throws after its claim is stored and before the order exists (a crash). */
  crashAfterClaim = false;
  /** Test seam: runs after a checkout has read the lines and prices, before it claims (another checkout can finish here). */
  beforeClaim: (() => Promise<void>) | null = null;
  /** Idempotency-Key records of the cart's POST routes, kept with the cart they protect. */
  readonly kept: KeptReplies;

  constructor(ctx: DurableObjectState, env: Env) {
    env = meterEnv(env);
    super(ctx, env);
    this.store = new CartStorage(ctx.storage.sql);
    this.kept = new KeptReplies(ctx.storage.sql);
    ctx.blockConcurrencyWhile(async () => {
      this.store.migrate();
      const stored = this.store.load();
      this.state = stored && cart.upgradeState(stored);
    });
  }

  /** Test seam of the binding meter (workers/kernel/meter.ts): refused unless the budget test turned it on. */
  async meteredCall(token: MeterToken, method: string, args: unknown[]): Promise<unknown> {
    return meteredInvoke(this, token, method, args);
  }

  // ---- RPC ------------------------------------------------------------------------------------------------

  /** The cart at current prices (copies refreshed from the edge cache). */
  async view(customerId: string): Promise<Cart> {
    await this.ready(customerId);
    await this.refreshFromCache();
    return this.priced();
  }

  /** `variantId`: the shopper's pick (null: the product's only variant); `available`: that variant's stock, by item id. */
  async add(customerId: string, variantId: string | null, quantity: number, product: cart.ProductCopy | null, available: { itemId: string; available: number }, key: IdempotencyKey | null = null): Promise<CartReply> {
    await this.ready(customerId);
    return this.kept.keyed(key, () => this.run({ type: "AddItem", variantId, quantity, product, available }));
  }

  /** `available` is the stock seen by the caller (null when only lowering or removing). */
  async change(customerId: string, variantId: string, quantity: number, available: number | null): Promise<CartReply> {
    await this.ready(customerId);
    return this.run({ type: "ChangeItem", variantId, quantity, available });
  }

  async remove(customerId: string, variantId: string): Promise<CartReply> {
    await this.ready(customerId);
    return this.run({ type: "RemoveItem", variantId });
  }

  /** The caller read the code's terms (one D1 batch); the object judges them against its own subtotal. */
  async applyPromotion(customerId: string, code: string, terms: cart.AppliedPromotion | null, key: IdempotencyKey | null = null): Promise<CartReply> {
    await this.ready(customerId);
    return this.kept.keyed(key, () => this.run({ type: "ApplyPromotion", code: terms?.code ?? code, terms: terms?.terms ?? null, customerUses: terms?.customerUses ?? 0 }));
  }

  /**
   * Sets where the cart ships. The caller quoted the address (its country's options, cheapest first, and its tax
   * rate, read from a nearby replica); the object picks the named option, or the cheapest, and keeps the copies.
   */
  async setShipping(customerId: string, address: ShippingAddress, options: OptionCopy[], optionId: string | null, rate: TaxRate | null): Promise<CartReply> {
    await this.ready(customerId);
    return this.run({ type: "SetShipping", address, options, optionId, rate });
  }

  /**
   * Turns the cart into an order with name and price snapshots, exactly once. The claim (order id and snapshot)
   * is stored first; the order object's create is idempotent; the lines leave the cart last. A crash anywhere in
   * between, or a concurrent checkout, finishes the same claim instead of making a second order.
   */
  async checkout(customerId: string, target: ShippingTarget | null, cause: Causation, key: IdempotencyKey | null = null): Promise<CheckoutReply> {
    await this.ready(customerId);
    return this.kept.keyed(key, () => this.checkoutOnce(customerId, target, cause));
  }

  private async checkoutOnce(customerId: string, target: ShippingTarget | null, cause: Causation): Promise<CheckoutReply> {
    if (!this.current.pending) {
      if (this.current.lines.length === 0) return reject("CART_EMPTY", "the cart is empty");
      if (!target && !this.current.shipping) return reject("SHIPPING_ADDRESS_REQUIRED", "give a shippingAddress or shippingAddressId, or set the cart's shipping first", "shippingAddress");
      // Prices, the code's terms and the shipping quote are read side by side: one round trip, whichever is slowest.
      const [, promotion, shipping] = await Promise.all([this.refreshStrictly(), this.currentPromotion(), this.checkoutShipping(customerId, target)]);
      if (!shipping.ok) return shipping;
      await this.beforeClaim?.();
      const claimed = this.apply({ type: "BeginCheckout", orderId: newId("ord"), shipping: shipping.value, promotion: promotion && this.quote(promotion) });
      if (!claimed.ok) return claimed;
    }
    const pending = this.current.pending!;
    if (this.crashAfterClaim) {
      this.crashAfterClaim = false;
      throw new Error("test seam: crashed after the checkout claim, before the order was created");
    }
    const created = await orderStub(this.env, pending.orderId).create(
      {
        id: pending.orderId, customerId, shippingAddress: pending.shippingAddress, promotionCode: pending.promotionCode,
        discount: { amount: pending.discount, currency: "USD" }, shippingOption: pending.shippingOption ?? null, taxRate: pending.taxRate ?? null,
        items: pending.items.map((i) => ({
          productId: i.productId, variantId: i.variantId ?? i.productId, sku: i.sku ?? null, options: i.options ?? {},
          name: i.name, unitPrice: { amount: i.unitPrice, currency: "USD" }, quantity: i.quantity,
        })),
      },
      cause,
    );
    if (!created.ok) {
      this.apply({ type: "AbandonCheckout", orderId: pending.orderId });
      return reject(created.code, created.message);
    }
    this.apply({ type: "CompleteCheckout", orderId: pending.orderId });
    return { ok: true, order: created.order };
  }

  /** The stored state (tests and the fuzzer's fingerprint). */
  async snapshot(): Promise<cart.CartState | null> {
    return this.state;
  }

  // ---- state --------------------------------------------------------------------------------------------

  private get current(): cart.CartState {
    return this.state!;
  }

  /**
   * The cart on first use: a cart this customer had in the cart database before carts moved into objects is
   * imported once (one read batch), then the database's rows are dropped; otherwise a new, empty cart.
   */
  private async ready(customerId: string): Promise<void> {
    if (this.state) return;
    await this.ctx.blockConcurrencyWhile(async () => {
      if (this.state) return;
      const now = Date.now();
      const legacy = await this.legacyCart(customerId, now);
      this.state = legacy ?? cart.emptyCart(newId("crt", now), customerId, now);
      this.store.save(this.state);
    });
  }

  private async legacyCart(customerId: string, now: number): Promise<cart.CartState | null> {
    const d = db(this.env.DB_CART);
    const [cartRows, lineRows] = await d.batch([
      d.select().from(carts).where(eq(carts.customerId, customerId)),
      d.select({ productId: cartItems.productId, quantity: cartItems.quantity, addedAt: cartItems.addedAt, name: catalogPrices.name, unitPrice: catalogPrices.priceAmount, status: catalogPrices.status })
        .from(cartItems).innerJoin(carts, eq(carts.id, cartItems.cartId)).innerJoin(catalogPrices, eq(catalogPrices.productId, cartItems.productId))
        .where(eq(carts.customerId, customerId)),
    ]);
    const row = cartRows[0];
    if (!row) return null;
    let promotion: cart.AppliedPromotion | null = null;
    if (row.promotionCode) {
      const read = await readTerms(this.env, row.promotionCode, customerId);
      if (read) promotion = { code: read.promotion.code, terms: termsOf(read.promotion), customerUses: read.customerUses };
    }
    // The object holds the cart from now on; the old rows go after the import is stored (a repeat import is harmless).
    this.ctx.waitUntil(detached(() => d.batch([d.delete(cartItems).where(eq(cartItems.cartId, row.id)), d.delete(carts).where(and(eq(carts.id, row.id), eq(carts.customerId, customerId)))])).catch((err) => {
      log("warn", "legacy cart rows not deleted; a later import finds the object's cart first", { customerId, ...errorFields(err) });
    }));
    log("info", "legacy cart imported into its object", { customerId, lines: lineRows.length });
    // Those carts predate variants: every line was a simple product's one variant, whose id is the product's.
    const lines = lineRows.map((l) => ({ ...l, variantId: l.productId, sku: null, options: {}, quantity: Math.min(l.quantity, cart.MAX_QUANTITY) }));
    return { ...cart.emptyCart(row.id, customerId, now), lines: lines.slice(0, cart.MAX_LINES), promotion, version: 1 };
  }

  /** Decides, folds and stores synchronously; answers the priced cart or the rejection. */
  private run(command: cart.Command): CartReply {
    const r = this.apply(command);
    return r.ok ? { ok: true, value: this.priced() } : r;
  }

  private apply(command: cart.Command): { ok: true } | Rejected {
    const now = Date.now();
    const outcome = cart.handle(this.current, command, now);
    if ("ok" in outcome) return outcome;
    if (outcome.events.length) {
      this.state = outcome.state;
      this.store.save(outcome.state);
    }
    return { ok: true };
  }

  private priced(): Cart {
    const s = this.current;
    const lines = cart.orderedLines(s).map((l) => ({ productId: l.productId, variantId: l.variantId, sku: l.sku, options: l.options, name: l.name, priceAmount: l.unitPrice, quantity: l.quantity }));
    return priceCart(s.id, lines, s.promotion?.code ?? null, cart.discountOf(s, Date.now()), s.shipping ?? null);
  }

  /**
   * What the order is charged: the address given at checkout (it replaces the cart's), else the cart's, quoted
   * again now, so the order pays the current rate. The option the shopper chose is kept while it still ships
   * there; otherwise (withdrawn, or another country) the cheapest, and none (fee 0) where the country has none.
   */
  private async checkoutShipping(customerId: string, target: ShippingTarget | null): Promise<Result<cart.CartShipping>> {
    const chosen = this.current.shipping ?? null;
    const address = target ? null : chosen?.address;
    const q = address ? { ok: true as const, value: { address, ...(await chargesOf(this.env, address.country)) } }
      : target ? await quoteShipping(this.env, customerId, target)
      : reject("SHIPPING_ADDRESS_REQUIRED", "give a shippingAddress or shippingAddressId, or set the cart's shipping first", "shippingAddress");
    if (!q.ok) return q;
    const quoted = q.value;
    const option = quoted.options.find((o) => o.id === chosen?.option?.id) ?? quoted.options[0] ?? null;
    return { ok: true, value: { address: quoted.address, option, rate: quoted.rate } };
  }

  // ---- prices and the promotion ------------------------------------------------------------------------

  /** Edge-cache hits refresh the copies now; misses are read through after the answer (the next view has them). */
  private async refreshFromCache(): Promise<void> {
    const ids = this.productIds();
    if (ids.length === 0) return;
    const found = await Promise.all(ids.map(async (id) => ({ id, found: await lookup(this.env.PRODUCT_CACHE, id) })));
    const hits: cart.VariantCopy[] = [];
    const misses: { id: string; generation: string | null }[] = [];
    for (const f of found) {
      if (f.found.hit) hits.push(...cart.copyOf(f.found.entry.product).variants);
      else misses.push({ id: f.id, generation: f.found.generation });
    }
    if (hits.length) this.apply({ type: "RefreshPrices", variants: hits });
    if (misses.length) this.ctx.waitUntil(detached(() => this.readThrough(misses)));
  }

  private async readThrough(misses: { id: string; generation: string | null }[]): Promise<void> {
    try {
      const loaded = await Promise.all(misses.map(async (m) => ({ m, loaded: await loadProduct(this.env, m.id) })));
      const variants: cart.VariantCopy[] = [];
      for (const { m, loaded: l } of loaded) {
        if (!l) continue;
        variants.push(...cart.copyOf(l.product).variants);
        await fill(this.env.PRODUCT_CACHE, m.id, m.generation, l.product, l.etag);
      }
      if (variants.length) this.apply({ type: "RefreshPrices", variants });
    } catch (err) {
      log("warn", "cart price read-through failed; the copy is kept until the next view", errorFields(err));
    }
  }

  /** Every line's current name and price, before a checkout's snapshot (cache, else the catalogue). */
  private async refreshStrictly(): Promise<void> {
    const products = await Promise.all(
      this.productIds().map(async (id) => {
        const found = await lookup(this.env.PRODUCT_CACHE, id);
        if (found.hit) return cart.copyOf(found.entry.product);
        const loaded = await loadProduct(this.env, id);
        return loaded ? cart.copyOf(loaded.product) : null;
      }),
    );
    this.apply({ type: "RefreshPrices", variants: products.flatMap((p) => p?.variants ?? []) });
  }

  /** The products the lines are of, once each (two variants of one product are one catalogue read). */
  private productIds(): string[] {
    return [...new Set(this.current.lines.map((l) => l.productId))];
  }

  /** The applied code's terms re-read for checkout (another customer may have used it up since it was applied). */
  private async currentPromotion(): Promise<cart.AppliedPromotion | null> {
    const applied = this.current.promotion;
    if (!applied) return null;
    const read = await readTerms(this.env, applied.code, this.current.customerId);
    return read ? { code: read.promotion.code, terms: termsOf(read.promotion), customerUses: read.customerUses } : null;
  }

  private quote(p: cart.AppliedPromotion): { code: string; discount: number } | null {
    const subtotal = cart.subtotalOf(this.current.lines);
    const r = evaluate(p.terms, { customerId: this.current.customerId, subtotal: { amount: subtotal, currency: "USD" }, customerUses: p.customerUses }, Date.now());
    return r.ok ? { code: p.code, discount: r.value.amount } : null;
  }
}
