// The cart aggregate as a pure decider (decide/evolve, emmett-style): no env, no clock, no I/O. The shell
// (cart-object.ts) loads the state, gathers what a command needs from elsewhere (a price, the stock, a promotion's
// terms) *before* deciding, then decides, evolves and stores without an await in between — so its commands run one
// at a time even though the object awaits I/O between them, and a limit checked here holds under any concurrency.

import { evaluate, type PromotionTerms } from "../../workers/promotion/domain";
import type { ShippingAddress } from "../order/order";
import { reject, type Rejected } from "../../workers/kernel/result";
import type { TaxRate } from "../../workers/kernel/totals";
import type { OptionCopy } from "../../workers/shipping/quote";

export const MAX_QUANTITY = 99;
export const MAX_LINES = 50;

export interface CartLine {
  productId: string;
  /** The cart's copy of the product's name, price and status: refreshed from the catalogue (cart-object.ts). */
  name: string;
  unitPrice: number;
  status: "ACTIVE" | "DISCONTINUED";
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
  items: { productId: string; name: string; unitPrice: number; quantity: number }[];
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

export interface ProductCopy {
  productId: string;
  name: string;
  unitPrice: number;
  status: "ACTIVE" | "DISCONTINUED";
}

export type Command =
  | { type: "AddItem"; product: ProductCopy | null; productId: string; quantity: number; available: number }
  | { type: "ChangeItem"; productId: string; quantity: number; available: number | null }
  | { type: "RemoveItem"; productId: string }
  | { type: "ApplyPromotion"; code: string; terms: PromotionTerms | null; customerUses: number }
  | { type: "RefreshPrices"; products: ProductCopy[] }
  /** `options`: what the address's country offers, cheapest first; `optionId`: the shopper's pick (null: the cheapest). */
  | { type: "SetShipping"; address: ShippingAddress; options: OptionCopy[]; optionId: string | null; rate: TaxRate | null }
  | { type: "BeginCheckout"; orderId: string; shipping: CartShipping; promotion: { code: string; discount: number } | null }
  | { type: "CompleteCheckout"; orderId: string }
  | { type: "AbandonCheckout"; orderId: string };

export type Event =
  | { type: "ItemAdded"; product: ProductCopy; quantity: number; at: number }
  | { type: "QuantityChanged"; productId: string; quantity: number; at: number }
  | { type: "ItemRemoved"; productId: string; at: number }
  | { type: "PromotionApplied"; promotion: AppliedPromotion; at: number }
  | { type: "PricesRefreshed"; products: ProductCopy[]; at: number }
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
      const line = s.lines.find((l) => l.productId === c.productId);
      const merged = (line?.quantity ?? 0) + c.quantity;
      if (merged > MAX_QUANTITY) return refuse("CART_QUANTITY_LIMIT", `at most ${MAX_QUANTITY} of one product per cart`, "quantity");
      if (!line && s.lines.length >= MAX_LINES) return refuse("CART_TOO_MANY_LINES", `a cart has at most ${MAX_LINES} lines`);
      if (merged > c.available) return refuse("CART_INSUFFICIENT_STOCK", `only ${c.available} available`, "quantity", { available: c.available });
      return [{ type: "ItemAdded", product: c.product, quantity: merged, at: now }];
    }
    case "ChangeItem": {
      const line = s.lines.find((l) => l.productId === c.productId);
      if (!line) return refuse("CART_ITEM_NOT_FOUND", "this product is not in the cart", "productId");
      if (c.quantity === 0) return [{ type: "ItemRemoved", productId: c.productId, at: now }];
      if (c.quantity > line.quantity && c.available !== null && c.quantity > c.available) {
        return refuse("CART_INSUFFICIENT_STOCK", `only ${c.available} available`, "quantity", { available: c.available });
      }
      return [{ type: "QuantityChanged", productId: c.productId, quantity: c.quantity, at: now }];
    }
    case "RemoveItem":
      return s.lines.some((l) => l.productId === c.productId) ? [{ type: "ItemRemoved", productId: c.productId, at: now }] : [];
    case "ApplyPromotion": {
      if (!c.terms) return refuse("PROMOTION_NOT_APPLICABLE", "no promotion with this code", "code");
      const r = evaluate(c.terms, { customerId: s.customerId, subtotal: { amount: subtotalOf(s.lines), currency: "USD" }, customerUses: c.customerUses }, now);
      if (!r.ok) return refuse(r.code, r.message, r.field ?? "code");
      return [{ type: "PromotionApplied", promotion: { code: c.code, terms: c.terms, customerUses: c.customerUses }, at: now }];
    }
    case "RefreshPrices": {
      const changed = c.products.filter((p) => s.lines.some((l) => l.productId === p.productId && (l.name !== p.name || l.unitPrice !== p.unitPrice || l.status !== p.status)));
      return changed.length ? [{ type: "PricesRefreshed", products: changed, at: now }] : [];
    }
    case "SetShipping": {
      const option = chooseOption(c.options, c.optionId);
      if (option !== null && "ok" in option) return option;
      return [{ type: "ShippingSet", shipping: { address: c.address, option, rate: c.rate }, at: now }];
    }
    case "BeginCheckout": {
      if (s.pending) return [];
      if (s.lines.length === 0) return refuse("CART_EMPTY", "the cart is empty");
      const items = s.lines.map((l) => ({ productId: l.productId, name: l.name, unitPrice: l.unitPrice, quantity: l.quantity }));
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
      const { product, quantity } = e;
      const existing = s.lines.find((l) => l.productId === product.productId);
      const lines = existing
        ? s.lines.map((l) => (l.productId === product.productId ? { ...l, ...product, quantity } : l))
        : [...s.lines, { ...product, quantity, addedAt: e.at }];
      return touch({ ...s, lines }, e.at);
    }
    case "QuantityChanged":
      return touch({ ...s, lines: s.lines.map((l) => (l.productId === e.productId ? { ...l, quantity: e.quantity } : l)) }, e.at);
    case "ItemRemoved":
      return touch({ ...s, lines: s.lines.filter((l) => l.productId !== e.productId) }, e.at);
    case "PromotionApplied":
      return touch({ ...s, promotion: e.promotion }, e.at);
    case "PricesRefreshed": {
      const by = new Map(e.products.map((p) => [p.productId, p]));
      return touch({ ...s, lines: s.lines.map((l) => { const p = by.get(l.productId); return p ? { ...l, name: p.name, unitPrice: p.unitPrice, status: p.status } : l; }) }, e.at);
    }
    case "ShippingSet":
      return touch({ ...s, shipping: e.shipping }, e.at);
    case "CheckoutStarted":
      return touch({ ...s, pending: e.pending }, e.at);
    case "CheckoutCompleted": {
      // What was ordered leaves the cart; what was added while the order was being created stays.
      const ordered = new Map((s.pending?.items ?? []).map((i) => [i.productId, i.quantity]));
      const lines = s.lines
        .map((l) => ({ ...l, quantity: l.quantity - (ordered.get(l.productId) ?? 0) }))
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
export const orderedLines = (s: CartState) => [...s.lines].sort((a, b) => a.addedAt - b.addedAt || a.productId.localeCompare(b.productId));
