import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeTotals } from "../../workers/kernel/totals";
import { goodsPart, refundForReturn, type ReturnableOrder } from "../../workers/kernel/return-refund";
import { fcParams } from "../support/property";

// The spreading rule of contract §6 (Returns): whatever the split of the units over returns, the refunds add up to
// exactly the goods part of the total (shipping not refunded), never a cent more at any point, and each cumulative
// refund is the exact share of the units returned so far, rounded down (so within one minor unit of it).

const orderArb: fc.Arbitrary<ReturnableOrder> = fc
  .record({
    lines: fc.array(fc.record({ unitPrice: fc.integer({ min: 1, max: 50_000 }), quantity: fc.integer({ min: 1, max: 8 }) }), { minLength: 1, maxLength: 5 }),
    discount: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30_000 }), fc.constant(Number.MAX_SAFE_INTEGER)),
    shipping: fc.option(fc.record({ amount: fc.integer({ min: 0, max: 5_000 }), freeOver: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }) }), { nil: null }),
    tax: fc.option(fc.record({ rateBasisPoints: fc.integer({ min: 0, max: 5_000 }), inclusive: fc.boolean() }), { nil: null }),
  })
  .map((i) => ({ lines: i.lines.map((l, n) => ({ key: `var_${n}`, ...l })), totals: computeTotals(i) }));

/** The order, and every unit assigned to one of up to 6 returns, taken in a random order. */
const splitArb = orderArb.chain((order) => {
  const units = order.lines.flatMap((l) => Array.from({ length: l.quantity }, () => l.key));
  return fc.record({
    order: fc.constant(order),
    returnOf: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: units.length, maxLength: units.length }),
    sequence: fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6, maxLength: 6 }),
  }).map((s) => ({ ...s, units }));
});

const valueOf = (order: ReturnableOrder, counts: Record<string, number>) => order.lines.reduce((s, l) => s + BigInt(l.unitPrice) * BigInt(counts[l.key] ?? 0), 0n);

describe("return refunds spread over the order (pure)", () => {
  it("refund exactly the goods part when every unit comes back, in any split over any number of returns, never a cent more", () => {
    fc.assert(
      fc.property(splitArb, ({ order, units, returnOf, sequence }) => {
        const goods = BigInt(goodsPart(order));
        const returned: Record<string, number> = {};
        let refunded = 0n;
        for (const r of sequence) {
          const returning: Record<string, number> = {};
          units.forEach((key, u) => {
            if (returnOf[u] === r) returning[key] = (returning[key] ?? 0) + 1;
          });
          if (Object.keys(returning).length === 0) continue;
          const refund = refundForReturn(order, returned, returning);
          if (!refund.ok) throw new Error(`refused a valid return: ${refund.message}`);
          expect(refund.value).toBeGreaterThanOrEqual(0);
          for (const [k, n] of Object.entries(returning)) returned[k] = (returned[k] ?? 0) + n;
          refunded += BigInt(refund.value);
          // Exact share of the units returned so far: goods × value / subtotal. Refunded is its floor.
          const exact = goods * valueOf(order, returned);
          const subtotal = BigInt(order.totals.subtotal);
          expect(refunded * subtotal <= exact, "refunded more than the returned units' share").toBe(true);
          expect((refunded + 1n) * subtotal > exact, "refunded a cent or more less than the share").toBe(true);
        }
        expect(refunded).toBe(goods);
      }),
      fcParams(2_000),
    );
  });

  it("take the goods part as the total less shipping and the tax on shipping", () => {
    fc.assert(
      fc.property(orderArb, (order) => {
        const t = order.totals;
        const goods = goodsPart(order);
        expect(goods).toBeGreaterThanOrEqual(0);
        expect(goods).toBeLessThanOrEqual(t.total - t.shippingFee);
        if (t.tax.inclusive) expect(goods).toBe(t.subtotal - t.discount);
        else {
          const shippingTax = t.total - t.shippingFee - goods;
          // The tax on shipping is the fee's share of the tax, half up: |shippingTax·base − tax·fee| ≤ base/2.
          const base = t.subtotal - t.discount + t.shippingFee;
          expect(Math.abs(2 * shippingTax * base - 2 * t.tax.amount * t.shippingFee)).toBeLessThanOrEqual(base);
        }
      }),
      fcParams(2_000),
    );
  });

  it("spreads the discount and tax in proportion: a line of two thirds of the value gets two thirds of the goods part", () => {
    const lines = [{ key: "var_a", unitPrice: 2000, quantity: 1 }, { key: "var_b", unitPrice: 1000, quantity: 1 }];
    const order = { lines, totals: computeTotals({ lines, discount: 300, shipping: { amount: 500, freeOver: null }, tax: { rateBasisPoints: 1000, inclusive: false } }) };
    // subtotal 3000, discount 300, fee 500: base 3200, tax 320 (50 of it on shipping), total 3520; goods part 2970.
    expect(order.totals.total).toBe(3520);
    expect(goodsPart(order)).toBe(2970);
    expect(refundForReturn(order, {}, { var_a: 1 })).toEqual({ ok: true, value: 1980 });
    expect(refundForReturn(order, { var_a: 1 }, { var_b: 1 })).toEqual({ ok: true, value: 990 });
  });

  it("refuses to return more units than were bought, counting those already returned, and lines not on the order", () => {
    const lines = [{ key: "var_a", unitPrice: 999, quantity: 3 }];
    const order = { lines, totals: computeTotals({ lines, discount: 0, shipping: null, tax: null }) };
    expect(refundForReturn(order, { var_a: 2 }, { var_a: 2 })).toMatchObject({ ok: false, code: "RETURN_QUANTITY_EXCEEDED", field: "var_a" });
    expect(refundForReturn(order, {}, { var_a: 4 })).toMatchObject({ ok: false, code: "RETURN_QUANTITY_EXCEEDED" });
    expect(refundForReturn(order, {}, { var_zzz: 1 })).toMatchObject({ ok: false, code: "RETURN_QUANTITY_EXCEEDED", field: "var_zzz" });
    expect(refundForReturn(order, {}, { var_a: 0 })).toMatchObject({ ok: false, code: "RETURN_QUANTITY_EXCEEDED" });
    // Three single returns of 999 each refund 999 each: 2997 in all.
    expect([refundForReturn(order, {}, { var_a: 1 }), refundForReturn(order, { var_a: 1 }, { var_a: 1 }), refundForReturn(order, { var_a: 2 }, { var_a: 1 })]).toEqual([
      { ok: true, value: 999 }, { ok: true, value: 999 }, { ok: true, value: 999 },
    ]);
  });
});
