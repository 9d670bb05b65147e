// The cart aggregate as a pure decider (decide/evolve, emmett-style): no env, no clock, no I/O. The shell
// (cart-object.ts) loads the state, gathers what a command needs from elsewhere (a price, the stock, a promotion's
// terms) *before* deciding, then decides, evolves and stores without an await in between — so its commands run one
// at a time even though the object awaits I/O between them, and a limit checked here holds under any concurrency.

import { evaluate, type PromotionTerms } from "../../workers/promotion/domain";
import type { ShippingAddress } from "../order/order";
import { reject, type Rejected } from "../../workers/kernel/result";
import type { TaxRate } from "../../workers/kernel/totals";
import type { OptionCopy } from "../../workers/shipping/quote";
import type { Product } from "../../workers/product/domain";

export const MAX_QUANTITY = 99;
export const MAX_LINES = 50;

/** What a line is of: one variant of a product (a simple product's one variant has the product's id). */
export interface VariantCopy {
  productId: string;
  /** The line's key: the variant, which is also the inventory item its stock is held on. */
  variantId: string;
  /** The cart's copy of the product's name, the variant's SKU, options and price, and the product's status. */
  name: string;
  /** null only on a line stored before variants existed, until its copy is next refreshed. */
  sku: string | null;
  options: Record<string, string>;
  unitPrice: number;
  status: "ACTIVE" | "DISCONTINUED";
}

export interface CartLine extends VariantCopy {
  quantity: number;
  addedAt: number;
}

export interface AppliedPromotion {
  code: string;
  terms: PromotionTerms;
  /** The customer's live redemptions of it when it was applied or last re-read. */
  customerUses: number;
}

/**
 * Where the cart ships and what that costs, as quoted when it was chosen: the option's figures and the country's
 * rate are copies (the cart's totals use them; checkout quotes the address again, so an order pays current figures).
 */
export interface CartShipping {
  address: ShippingAddress;
  option: OptionCopy | null;
  rate: TaxRate | null;
}

export interface PendingCheckout {
  orderId: string;
  /** variantId, sku, options: absent in claims stored before variants existed (the product's one variant). */
  items: { productId: string; variantId?: string; sku?: string | null; options?: Record<string, string>; name: string; unitPrice: number; quantity: number }[];
  promotionCode: string | null;
  discount: number;
  shippingAddress: ShippingAddress;
  /** The option and rate the order is charged (snapshots; absent in claims stored before shipping existed). */
  shippingOption?: OptionCopy | null;
  taxRate?: TaxRate | null;
}

export interface CartState {
  id: string;
  customerId: string;
  lines: CartLine[];
  promotion: AppliedPromotion | null;
  /** Set by `PUT /carts/me/shipping`; absent in carts stored before shipping existed (read as null). */
  shipping?: CartShipping | null;
  /** A checkout whose order may not exist yet: the next checkout finishes this one (retry-safe). */
  pending: PendingCheckout | null;
  version: number;
  updatedAt: number;
}

/** The catalogue's product as the cart needs it: its status and each variant's copy. */
export interface ProductCopy {
  productId: string;
  status: "ACTIVE" | "DISCONTINUED";
  variants: VariantCopy[];
}

/**
 * The variant a shopper adds: the one named, or the product's only one. A product with more than one variant needs
 * the shopper to pick (400 VARIANT_REQUIRED); a variant of another product, or none at all, is 404 VARIANT_NOT_FOUND.
 */
export function pickVariant(product: ProductCopy, variantId: string | null): VariantCopy | Rejection {
  if (variantId === null) {
    const [only, ...more] = product.variants;
    if (!only || more.length) return refuse("VARIANT_REQUIRED", `this product comes in ${product.variants.length} variants: name one with variantId`, "variantId");
    return only;
  }
  return product.variants.find((v) => v.variantId === variantId) ?? refuse("VARIANT_NOT_FOUND", "this product has no such variant", "variantId");
}

/** The cart's copy of a catalogue product, one per variant. */
export function copyOf(p: Product): ProductCopy {
  // An edge-cache entry written before variants existed (it lives up to ENTRY_TTL_SECONDS) has no variants: it was
  // a simple product, whose one variant is the product itself.
  const variants = (p as Partial<Product>).variants ?? [{ id: p.id, sku: p.sku, options: {}, price: p.price }];
  return {
    productId: p.id, status: p.status,
    variants: variants.map((v) => ({ productId: p.id, variantId: v.id, name: p.name, sku: v.sku, options: v.options, unitPrice: v.price.amount, status: p.status })),
  };
}

const isRejection = (v: VariantCopy | Rejection): v is Rejection => "ok" in v;

export type Command =
  /** `available`: the stock of the item read for the add, by its id (the variant picked must be that item). */
  | { type: "AddItem"; product: ProductCopy | null; variantId: string | null; quantity: number; available: { itemId: string; available: number } }
  | { type: "ChangeItem"; variantId: string; quantity: number; available: number | null }
  | { type: "RemoveItem"; variantId: string }
  | { type: "ApplyPromotion"; code: string; terms: PromotionTerms | null; customerUses: number }
  /** Current copies of the variants of the lines' products (any subset; lines of other variants are left). */
  | { type: "RefreshPrices"; variants: VariantCopy[] }
  /** `options`: what the address's country offers, cheapest first; `optionId`: the shopper's pick (null: the cheapest). */
  | { type: "SetShipping"; address: ShippingAddress; options: OptionCopy[]; optionId: string | null; rate: TaxRate | null }
  | { type: "BeginCheckout"; orderId: string; shipping: CartShipping; promotion: { code: string; discount: number } | null }
  | { type: "CompleteCheckout"; orderId: string }
  | { type: "AbandonCheckout"; orderId: string };

export type Event =
  | { type: "ItemAdded"; variant: VariantCopy; quantity: number; at: number }
  | { type: "QuantityChanged"; variantId: string; quantity: number; at: number }
  | { type: "ItemRemoved"; variantId: string; at: number }
  | { type: "PromotionApplied"; promotion: AppliedPromotion; at: number }
  | { type: "PricesRefreshed"; variants: VariantCopy[]; at: number }
  | { type: "ShippingSet"; shipping: CartShipping; at: number }
  | { type: "CheckoutStarted"; pending: PendingCheckout; at: number }
  | { type: "CheckoutCompleted"; orderId: string; at: number }
  | { type: "CheckoutAbandoned"; orderId: string; at: number };

export type Rejection = Rejected;
const refuse = reject;

export const emptyCart = (id: string, customerId: string, now: number): CartState => ({ id, customerId, lines: [], promotion: null, shipping: null, pending: null, version: 0, updatedAt: now });

/**
 * The option a country's shipping uses: the one named, else the cheapest; none when the country has no options and
 * none is named (it ships free). A named option the country does not offer is refused, whether or not it has others.
 */
export function chooseOption(options: readonly OptionCopy[], optionId: string | null): OptionCopy | null | Rejection {
  if (optionId === null) return options[0] ?? null;
  return options.find((o) => o.id === optionId) ?? refuse("SHIPPING_NOT_AVAILABLE", "this shipping option does not ship to the address's country", "shippingOptionId");
}

export const subtotalOf = (lines: readonly { unitPrice: number; quantity: number }[]) => lines.reduce((a, l) => a + l.unitPrice * l.quantity, 0);

/** The discount the applied code gives now, at the cart's prices; 0 when it no longer applies (expired, minimum…). */
export function discountOf(s: CartState, now: number): number {
  if (!s.promotion || s.lines.length === 0) return 0;
  const r = evaluate(s.promotion.terms, { customerId: s.customerId, subtotal: { amount: subtotalOf(s.lines), currency: "USD" }, customerUses: s.promotion.customerUses }, now);
  return r.ok ? r.value.amount : 0;
}

export function decide(s: CartState, c: Command, now: number): Event[] | Rejection {
  switch (c.type) {
    case "AddItem": {
      if (!c.product) return refuse("PRODUCT_NOT_FOUND", "product not found", "productId");
      if (c.product.status !== "ACTIVE") return refuse("PRODUCT_NOT_AVAILABLE", "this product is discontinued", "productId");
      const variant = pickVariant(c.product, c.variantId);
      if (isRejection(variant)) return variant;
      // The shell reads the stock of the variant it picks; stock of another item says nothing about this one.
      if (c.available.itemId !== variant.variantId) throw new Error(`cart add: stock read for ${c.available.itemId}, variant picked ${variant.variantId}`);
      const available = c.available.available;
      const line = s.lines.find((l) => l.variantId === variant.variantId);
      const merged = (line?.quantity ?? 0) + c.quantity;
      if (merged > MAX_QUANTITY) return refuse("CART_QUANTITY_LIMIT", `at most ${MAX_QUANTITY} of one variant per cart`, "quantity");
      if (!line && s.lines.length >= MAX_LINES) return refuse("CART_TOO_MANY_LINES", `a cart has at most ${MAX_LINES} lines`);
      if (merged > available) return refuse("CART_INSUFFICIENT_STOCK", `only ${available} available`, "quantity", { available });
      return [{ type: "ItemAdded", variant, quantity: merged, at: now }];
    }
    case "ChangeItem": {
      const line = s.lines.find((l) => l.variantId === c.variantId);
      if (!line) return refuse("CART_ITEM_NOT_FOUND", "this variant is not in the cart", "variantId");
      if (c.quantity === 0) return [{ type: "ItemRemoved", variantId: c.variantId, at: now }];
      if (c.quantity > line.quantity && c.available !== null && c.quantity > c.available) {
        return refuse("CART_INSUFFICIENT_STOCK", `only ${c.available} available`, "quantity", { available: c.available });
      }
      return [{ type: "QuantityChanged", variantId: c.variantId, quantity: c.quantity, at: now }];
    }
    case "RemoveItem":
      return s.lines.some((l) => l.variantId === c.variantId) ? [{ type: "ItemRemoved", variantId: c.variantId, at: now }] : [];
    case "ApplyPromotion": {
      if (!c.terms) return refuse("PROMOTION_NOT_APPLICABLE", "no promotion with this code", "code");
      const r = evaluate(c.terms, { customerId: s.customerId, subtotal: { amount: subtotalOf(s.lines), currency: "USD" }, customerUses: c.customerUses }, now);
      if (!r.ok) return refuse(r.code, r.message, r.field ?? "code");
      return [{ type: "PromotionApplied", promotion: { code: c.code, terms: c.terms, customerUses: c.customerUses }, at: now }];
    }
    case "RefreshPrices": {
      const changed = c.variants.filter((v) => s.lines.some((l) => l.variantId === v.variantId && !sameCopy(l, v)));
      return changed.length ? [{ type: "PricesRefreshed", variants: changed, at: now }] : [];
    }
    case "SetShipping": {
      const option = chooseOption(c.options, c.optionId);
      if (option !== null && "ok" in option) return option;
      return [{ type: "ShippingSet", shipping: { address: c.address, option, rate: c.rate }, at: now }];
    }
    case "BeginCheckout": {
      if (s.pending) return [];
      if (s.lines.length === 0) return refuse("CART_EMPTY", "the cart is empty");
      const items = s.lines.map((l) => ({ productId: l.productId, variantId: l.variantId, sku: l.sku, options: l.options, name: l.name, unitPrice: l.unitPrice, quantity: l.quantity }));
      const pending: PendingCheckout = {
        orderId: c.orderId, items, shippingAddress: c.shipping.address, shippingOption: c.shipping.option, taxRate: c.shipping.rate,
        promotionCode: c.promotion?.code ?? null, discount: Math.min(c.promotion?.discount ?? 0, subtotalOf(items)),
      };
      return [{ type: "CheckoutStarted", pending, at: now }];
    }
    case "CompleteCheckout":
      return s.pending?.orderId === c.orderId ? [{ type: "CheckoutCompleted", orderId: c.orderId, at: now }] : [];
    case "AbandonCheckout":
      return s.pending?.orderId === c.orderId ? [{ type: "CheckoutAbandoned", orderId: c.orderId, at: now }] : [];
    default: {
      const never: never = c;
      throw new Error(`unknown cart command ${JSON.stringify(never)}`);
    }
  }
}

const touch = (s: CartState, at: number): CartState => ({ ...s, version: s.version + 1, updatedAt: at });

export function evolve(s: CartState, e: Event): CartState {
  switch (e.type) {
    case "ItemAdded": {
      const { variant, quantity } = e;
      const existing = s.lines.find((l) => l.variantId === variant.variantId);
      const lines = existing
        ? s.lines.map((l) => (l.variantId === variant.variantId ? { ...l, ...variant, quantity } : l))
        : [...s.lines, { ...variant, quantity, addedAt: e.at }];
      return touch({ ...s, lines }, e.at);
    }
    case "QuantityChanged":
      return touch({ ...s, lines: s.lines.map((l) => (l.variantId === e.variantId ? { ...l, quantity: e.quantity } : l)) }, e.at);
    case "ItemRemoved":
      return touch({ ...s, lines: s.lines.filter((l) => l.variantId !== e.variantId) }, e.at);
    case "PromotionApplied":
      return touch({ ...s, promotion: e.promotion }, e.at);
    case "PricesRefreshed": {
      const by = new Map(e.variants.map((v) => [v.variantId, v]));
      return touch({ ...s, lines: s.lines.map((l) => { const v = by.get(l.variantId); return v ? { ...l, ...v } : l; }) }, e.at);
    }
    case "ShippingSet":
      return touch({ ...s, shipping: e.shipping }, e.at);
    case "CheckoutStarted":
      return touch({ ...s, pending: e.pending }, e.at);
    case "CheckoutCompleted": {
      // What was ordered leaves the cart; what was added while the order was being created stays.
      const ordered = new Map((s.pending?.items ?? []).map((i) => [i.variantId ?? i.productId, i.quantity]));
      const lines = s.lines
        .map((l) => ({ ...l, quantity: l.quantity - (ordered.get(l.variantId) ?? 0) }))
        .filter((l) => l.quantity > 0);
      // The shipping quote goes with the order: a next order is quoted afresh.
      return touch({ ...s, lines, pending: null, promotion: null, shipping: null }, e.at);
    }
    case "CheckoutAbandoned":
      return touch({ ...s, pending: null }, e.at);
    default: {
      const never: never = e;
      throw new Error(`unknown cart event ${JSON.stringify(never)}`);
    }
  }
}

/** Decides and folds: the new state and what happened, or the rejection. */
export function handle(s: CartState, c: Command, now: number): { state: CartState; events: Event[] } | Rejection {
  const decided = decide(s, c, now);
  if (!Array.isArray(decided)) return decided;
  return { state: decided.reduce(evolve, s), events: decided };
}

/** Lines in the order they were first added. */
export const orderedLines = (s: CartState) => [...s.lines].sort((a, b) => a.addedAt - b.addedAt || a.variantId.localeCompare(b.variantId));

const sameOptions = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);
const sameCopy = (l: VariantCopy, v: VariantCopy) =>
  l.name === v.name && l.unitPrice === v.unitPrice && l.status === v.status && l.sku === v.sku && sameOptions(l.options, v.options);

/**
 * A cart stored before variants existed has lines without variantId, sku and options: each was a simple product's
 * one variant, whose id is the product's. Its SKU arrives with the next refresh of the copy.
 */
export function upgradeState(s: CartState): CartState {
  const old = s.lines as (Omit<CartLine, "variantId" | "sku" | "options"> & Partial<CartLine>)[];
  if (old.every((l) => l.variantId !== undefined)) return s;
  return { ...s, lines: old.map((l) => ({ ...l, variantId: l.variantId ?? l.productId, sku: l.sku ?? null, options: l.options ?? {} })) };
}
