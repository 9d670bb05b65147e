import { divideHalfUp, type Totals } from "./totals";
import { ok, reject, type Result } from "./result";

// What a return refunds (contract §6, "Returns"): the returned units' share of what the customer paid for goods.
// Discount and tax are spread over the lines in proportion to their value; shipping (and, for an exclusive rate, the
// tax on shipping) is not refunded.
//
// Rounding: the refund of a return is F(returned after) − F(returned before), where F(units) is the goods part times
// the units' share of the subtotal, rounded down. F is monotone and F(every unit) is the goods part exactly, so
// the refunds of any sequence of returns telescope: returning every unit, in any split, refunds exactly the goods
// part, and at no point has more been refunded than the exact share of the units returned so far.

export interface ReturnableLine {
  /** The line's key: its variant id (a simple product's variant id is the product id). */
  key: string;
  unitPrice: number;
  quantity: number;
}

export interface ReturnableOrder {
  lines: ReadonlyArray<ReturnableLine>;
  totals: Totals;
}

export type UnitCounts = Readonly<Record<string, number>>;

/** The part of the order's total paid for goods: the total less the shipping fee and the tax on shipping. */
export function goodsPart({ totals }: ReturnableOrder): number {
  const goods = totals.subtotal - totals.discount;
  if (totals.tax.inclusive) return goods; // the included tax is inside the goods' prices already
  const base = goods + totals.shippingFee;
  if (base === 0) return 0;
  const shippingTax = Number(divideHalfUp(BigInt(totals.tax.amount) * BigInt(totals.shippingFee), BigInt(base)));
  return goods + totals.tax.amount - shippingTax;
}

/** F(units): the goods part times the units' share of the subtotal, rounded down. */
export function refundableFor(order: ReturnableOrder, units: UnitCounts): number {
  const subtotal = order.totals.subtotal;
  if (subtotal === 0) return 0;
  const value = order.lines.reduce((sum, l) => sum + l.unitPrice * (units[l.key] ?? 0), 0);
  return Number((BigInt(goodsPart(order)) * BigInt(value)) / BigInt(subtotal));
}

/**
 * The refund for returning `returning` units when `alreadyReturned` units (returned or requested before) are out.
 * RETURN_QUANTITY_EXCEEDED when a line would be returned more often than it was bought; unknown lines likewise.
 */
export function refundForReturn(order: ReturnableOrder, alreadyReturned: UnitCounts, returning: UnitCounts): Result<number> {
  const after: Record<string, number> = { ...alreadyReturned };
  for (const [key, count] of Object.entries(returning)) {
    const line = order.lines.find((l) => l.key === key);
    const total = (after[key] ?? 0) + count;
    if (!line || !Number.isSafeInteger(count) || count < 1 || total > line.quantity) {
      return reject("RETURN_QUANTITY_EXCEEDED", `at most ${line ? line.quantity - (after[key] ?? 0) : 0} more unit(s) of ${key} can be returned`, key);
    }
    after[key] = total;
  }
  return ok(refundableFor(order, after) - refundableFor(order, alreadyReturned));
}
