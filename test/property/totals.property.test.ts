import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeTotals, MAX_RATE_BASIS_POINTS, type TotalsInput } from "../../workers/kernel/totals";
import { MAX_AMOUNT } from "../../workers/kernel/money";
import { fcParams } from "../support/property";

// The identities of contract §6 (Tax, Totals), checked exactly in integer arithmetic over random carts, discounts,
// shipping options and rates, inclusive and exclusive. Failures print the seed and path (test/support/property.ts).

const line = fc.record({ unitPrice: fc.integer({ min: 1, max: MAX_AMOUNT }), quantity: fc.integer({ min: 1, max: 99 }) });
const smallLine = fc.record({ unitPrice: fc.integer({ min: 1, max: 5_000 }), quantity: fc.integer({ min: 1, max: 5 }) });
const rate = fc.record({ rateBasisPoints: fc.integer({ min: 0, max: MAX_RATE_BASIS_POINTS }), inclusive: fc.boolean() });
const shipping = fc.record({ amount: fc.integer({ min: 0, max: 100_000 }), freeOver: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }) });

const input = (lines: fc.Arbitrary<{ unitPrice: number; quantity: number }>): fc.Arbitrary<TotalsInput> =>
  fc.record({
    lines: fc.array(lines, { minLength: 1, maxLength: 50 }),
    discount: fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
    shipping: fc.option(shipping, { nil: null }),
    tax: fc.option(rate, { nil: null }),
  });

/** The identities, in BigInt so that nothing here can round. */
function violations(i: TotalsInput): string[] {
  const t = computeTotals(i);
  const out: string[] = [];
  const subtotal = i.lines.reduce((s, l) => s + BigInt(l.unitPrice) * BigInt(l.quantity), 0n);
  const figures = [t.subtotal, t.discount, t.shippingFee, t.tax.amount, t.total];
  if (figures.some((n) => !Number.isSafeInteger(n) || n < 0)) out.push(`a figure is not a non-negative integer: ${figures}`);
  if (BigInt(t.subtotal) !== subtotal) out.push("subtotal ≠ Σ quantity × unit price");
  if (t.discount !== Math.min(i.discount, t.subtotal)) out.push("discount is not the promotion's, capped at the subtotal");
  const goods = BigInt(t.subtotal - t.discount);
  const expectedFee = !i.shipping ? 0 : i.shipping.freeOver !== null && goods >= BigInt(i.shipping.freeOver) ? 0 : i.shipping.amount;
  if (t.shippingFee !== expectedFee) out.push(`shippingFee ${t.shippingFee} ≠ ${expectedFee}`);
  const base = goods + BigInt(t.shippingFee);
  const r = BigInt(i.tax?.rateBasisPoints ?? 0);
  const tax = BigInt(t.tax.amount);
  if (t.tax.rateBasisPoints !== Number(r) || t.tax.inclusive !== (i.tax?.inclusive ?? false)) out.push("tax does not report the rate used");
  if (!i.tax?.inclusive) {
    // Half up: tax = ⌊base·r/10⁴ + ½⌋  ⇔  2·base·r − 10⁴ < 2·10⁴·tax ≤ 2·base·r + 10⁴ … with ties going up.
    if (!(2n * 10_000n * tax <= 2n * base * r + 10_000n && 2n * 10_000n * tax > 2n * base * r - 10_000n)) out.push(`exclusive tax ${tax} is not base·rate half up`);
    if (BigInt(t.total) !== base + tax) out.push("exclusive: total ≠ subtotal − discount + shippingFee + tax");
  } else {
    const d = 10_000n + r;
    if (!(2n * d * tax <= 2n * base * r + d && 2n * d * tax > 2n * base * r - d)) out.push(`inclusive tax ${tax} is not the included part, half up`);
    if (BigInt(t.total) !== base) out.push("inclusive: total ≠ subtotal − discount + shippingFee");
    if (tax > base) out.push("inclusive: tax larger than the total");
  }
  if (!i.tax && t.tax.amount !== 0) out.push("no rate, yet tax is not 0");
  return out;
}

describe("cart and order totals (pure)", () => {
  it("satisfy every identity of §6 for any cart the contract admits (up to 50 lines × 99 × the largest price)", () => {
    fc.assert(fc.property(input(line), (i) => {
      expect(violations(i)).toEqual([]);
    }), fcParams(2_000));
  });

  it("satisfy every identity for everyday carts, where discounts and free-shipping thresholds bite", () => {
    fc.assert(fc.property(input(smallLine), (i) => {
      expect(violations(i)).toEqual([]);
    }), fcParams(3_000));
  });

  it("rounds a tax of exactly half a minor unit up, and just under half down", () => {
    const tax = (base: number, rateBasisPoints: number, inclusive = false) =>
      computeTotals({ lines: [{ unitPrice: base, quantity: 1 }], discount: 0, shipping: null, tax: { rateBasisPoints, inclusive } }).tax.amount;
    expect(tax(5, 1000)).toBe(1); // 0.5 → 1
    expect(tax(4, 1000)).toBe(0); // 0.4 → 0
    expect(tax(15, 1000)).toBe(2); // 1.5 → 2
    expect(tax(1999, 2000)).toBe(400); // 399.8
    expect(tax(1200, 2000, true)).toBe(200); // 1200 includes 200 at 20 %
    expect(tax(11, 1000, true)).toBe(1); // 11 · 0.1/1.1 = 1 exactly
    expect(tax(6, 2000, true)).toBe(1); // 6 · 0.2/1.2 = 1
    expect(tax(3, 2000, true)).toBe(1); // 0.5 → 1
  });

  it("taxes the shipping fee too, and drops the fee once subtotal − discount reaches freeOver", () => {
    const lines = [{ unitPrice: 2500, quantity: 2 }];
    const at = (discount: number) => computeTotals({ lines, discount, shipping: { amount: 500, freeOver: 4500 }, tax: { rateBasisPoints: 1000, inclusive: false } });
    expect(at(500)).toEqual({ subtotal: 5000, discount: 500, shippingFee: 0, tax: { amount: 450, rateBasisPoints: 1000, inclusive: false }, total: 4950 });
    expect(at(501)).toEqual({ subtotal: 5000, discount: 501, shippingFee: 500, tax: { amount: 500, rateBasisPoints: 1000, inclusive: false }, total: 5499 });
  });

  it("keeps §1–§5 figures for a cart without shipping and a country without a rate: total = subtotal − discount", () => {
    fc.assert(
      fc.property(fc.array(smallLine, { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 100_000 }), (lines, discount) => {
        const t = computeTotals({ lines, discount, shipping: null, tax: null });
        expect(t.total).toBe(t.subtotal - t.discount);
        expect(t.shippingFee).toBe(0);
        expect(t.tax).toEqual({ amount: 0, rateBasisPoints: 0, inclusive: false });
      }),
      fcParams(500),
    );
  });

  it("refuses figures that are not non-negative integers, or a rate above 50 %", () => {
    const ok: TotalsInput = { lines: [{ unitPrice: 100, quantity: 1 }], discount: 0, shipping: null, tax: null };
    expect(() => computeTotals({ ...ok, discount: -1 })).toThrow(RangeError);
    expect(() => computeTotals({ ...ok, lines: [{ unitPrice: 1.5, quantity: 1 }] })).toThrow(RangeError);
    expect(() => computeTotals({ ...ok, shipping: { amount: -5, freeOver: null } })).toThrow(RangeError);
    expect(() => computeTotals({ ...ok, tax: { rateBasisPoints: 5001, inclusive: false } })).toThrow(RangeError);
  });
});
