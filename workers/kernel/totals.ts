// The one place that computes a cart's or an order's figures (contract §6, "Tax" and "Totals"). Pure: integer minor
// units in, integer minor units out, computed once for the whole cart or order (never per line, so line roundings
// cannot add up to a cent more or less than the total's).
//
//   subtotal    = Σ quantity × unit price
//   discount    = the promotion's discount, at most the subtotal (the total never drops below zero)
//   shippingFee = the option's amount, 0 once `subtotal − discount` reaches its `freeOver`, 0 without an option
//   taxBase     = subtotal − discount + shippingFee
//   tax         = exclusive: taxBase × rate, half up;            total = taxBase + tax
//                 inclusive: taxBase × rate / (1 + rate), half up; total = taxBase (the tax is the part included)
//   (rate = rateBasisPoints / 10 000; no rate for the country: tax 0)
//
// Ceiling: a cart holds at most 50 lines of 99 units at MAX_AMOUNT each, so every figure stays below 2^53 and is
// exact as a number. `taxBase × rateBasisPoints` can pass 2^53, so the tax is computed in BigInt.

export const MAX_RATE_BASIS_POINTS = 5_000;
const BASIS = 10_000n;

export interface ShippingCharge {
  amount: number;
  /** Free once `subtotal − discount` reaches this amount; null: never free. */
  freeOver: number | null;
}

export interface TaxRate {
  rateBasisPoints: number;
  inclusive: boolean;
}

export interface TotalsInput {
  lines: ReadonlyArray<{ unitPrice: number; quantity: number }>;
  discount: number;
  shipping: ShippingCharge | null;
  tax: TaxRate | null;
}

export interface Totals {
  subtotal: number;
  discount: number;
  shippingFee: number;
  tax: { amount: number; rateBasisPoints: number; inclusive: boolean };
  total: number;
}

/** ⌊(numerator / denominator) + ½⌋ for non-negative integers: the nearest integer, halves up. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

export function taxOn(base: number, rate: TaxRate | null): number {
  if (!rate || rate.rateBasisPoints === 0 || base === 0) return 0;
  const r = BigInt(rate.rateBasisPoints);
  const b = BigInt(base);
  return Number(rate.inclusive ? divideHalfUp(b * r, BASIS + r) : divideHalfUp(b * r, BASIS));
}

export function computeTotals(input: TotalsInput): Totals {
  assertFigures(input);
  const subtotal = input.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const discount = Math.min(input.discount, subtotal);
  const goods = subtotal - discount;
  const ship = input.shipping;
  const shippingFee = !ship || (ship.freeOver !== null && goods >= ship.freeOver) ? 0 : ship.amount;
  const base = goods + shippingFee;
  const tax = taxOn(base, input.tax);
  const inclusive = input.tax?.inclusive ?? false;
  return {
    subtotal, discount, shippingFee,
    tax: { amount: tax, rateBasisPoints: input.tax?.rateBasisPoints ?? 0, inclusive },
    total: inclusive ? base : base + tax,
  };
}

/** Callers validate at the edge; a negative or fractional figure here is a bug, not bad input. */
function assertFigures(input: TotalsInput): void {
  const wholes = [input.discount, ...input.lines.flatMap((l) => [l.unitPrice, l.quantity])];
  if (input.shipping) wholes.push(input.shipping.amount, ...(input.shipping.freeOver === null ? [] : [input.shipping.freeOver]));
  if (input.tax) wholes.push(input.tax.rateBasisPoints);
  if (wholes.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new RangeError("totals need non-negative integer minor units");
  if (input.tax && input.tax.rateBasisPoints > MAX_RATE_BASIS_POINTS) throw new RangeError(`a tax rate is at most ${MAX_RATE_BASIS_POINTS} basis points`);
}
