import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anAddress, createProduct } from "../support/mothers";
import { createPromotion } from "../support/promotions";
import { eventually } from "../support/settle";
import { fcParams } from "../support/property";

// Shipping choice and totals through the cart, checkout, the order and payment (contract §6, "Shipping options",
// "Tax", "Totals"), over HTTP on the real objects and databases. Each test ships to its own countries, so the
// options and rates one test sets never reach another's.

const usd = (amount: number) => ({ amount, currency: "USD" });
type Token = string;

async function admin(): Promise<Token> {
  return (await adminToken()).token;
}
async function offer(name: string, countries: string[], amount: number, freeOver?: number): Promise<string> {
  const res = await api("POST", v1("/admin/shipping-options"), { token: await admin(), body: { name, countries, amount: usd(amount), ...(freeOver ? { freeOver: usd(freeOver) } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.data.id as string;
}
async function rate(country: string, rateBasisPoints: number, inclusive: boolean): Promise<void> {
  expect((await api("PUT", v1(`/admin/tax-rates/${country}`), { token: await admin(), body: { rateBasisPoints, inclusive } })).status).toBe(200);
}
const to = (country: string) => ({ ...anAddress(), country });
const shipTo = (token: Token, body: Record<string, unknown>) => api("PUT", v1("/carts/me/shipping"), { token, body });
const cartOf = async (token: Token) => (await api("GET", v1("/carts/me"), { token })).data;

/** A customer whose cart holds `quantity` of a product at `price`. */
async function shopperWith(price: number, quantity = 1) {
  const c = await aCustomer();
  const product = await createProduct({ price: usd(price), initialStock: 200 });
  expect((await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: product.id, quantity } })).status).toBe(200);
  return c;
}

/** The §6 identities every cart and order answers. */
function expectIdentities(t: { subtotal: { amount: number }; discount: { amount: number }; shippingFee: { amount: number }; tax: { amount: number; inclusive: boolean }; total: { amount: number } }) {
  const base = t.subtotal.amount - t.discount.amount + t.shippingFee.amount;
  expect(t.total.amount).toBe(t.tax.inclusive ? base : base + t.tax.amount);
}

describe("PUT /carts/me/shipping", () => {
  it("takes the cheapest option for the country when none is named, and adds exclusive tax on goods plus shipping", async () => {
    await offer("Express", ["QA"], 1500);
    const standard = await offer("Standard", ["QA", "QB"], 490);
    await rate("QA", 2000, false);
    const c = await shopperWith(2500, 2);
    const res = await shipTo(c.token, { shippingAddress: to("QA") });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.data).toMatchObject({
      shippingAddress: to("QA"), shippingOption: { id: standard, name: "Standard" },
      subtotal: usd(5000), discount: usd(0), shippingFee: usd(490),
      // 20 % of 5000 + 490 = 1098.
      tax: { amount: 1098, currency: "USD", rateBasisPoints: 2000, inclusive: false }, total: usd(6588),
    });
    expectIdentities(res.data);
    // The cart keeps the choice: a later view shows the same figures.
    expect(await cartOf(c.token)).toEqual(res.data);
  });

  it("uses the option named, and reports inclusive tax as the part of the total without adding it", async () => {
    const express = await offer("Express", ["QC"], 1500);
    await offer("Standard", ["QC"], 500);
    await rate("QC", 2000, true);
    const c = await shopperWith(4500);
    const res = await shipTo(c.token, { shippingAddress: to("QC"), shippingOptionId: express });
    expect(res.status).toBe(200);
    // 6000 includes 6000 × 0.2 / 1.2 = 1000 of tax.
    expect(res.data).toMatchObject({ shippingOption: { id: express, name: "Express" }, shippingFee: usd(1500), tax: { amount: 1000, rateBasisPoints: 2000, inclusive: true }, total: usd(6000) });
    expectIdentities(res.data);
  });

  it("answers 409 SHIPPING_NOT_AVAILABLE for an option that does not ship to the country, and keeps the cart's choice", async () => {
    const here = await offer("Here", ["QD"], 300);
    const elsewhere = await offer("Elsewhere", ["QE"], 100);
    const c = await shopperWith(1000);
    expect((await shipTo(c.token, { shippingAddress: to("QD") })).status).toBe(200);
    const before = await cartOf(c.token);
    const refused = await shipTo(c.token, { shippingAddress: to("QD"), shippingOptionId: elsewhere });
    expect(refused.status).toBe(409);
    expect(refused.errors[0]).toMatchObject({ code: "SHIPPING_NOT_AVAILABLE", field: "shippingOptionId" });
    // A country with no options at all refuses a named option too (it is not available there either).
    const none = await shipTo(c.token, { shippingAddress: to("QF"), shippingOptionId: here });
    expect(none.status).toBe(409);
    expect(none.errors[0]?.code).toBe("SHIPPING_NOT_AVAILABLE");
    expect(await cartOf(c.token)).toEqual(before);
    expect(before.shippingOption).toEqual({ id: here, name: "Here" });
  });

  it("ships free with no option where the country has none, and untaxed where it has no rate", async () => {
    const c = await shopperWith(1234, 3);
    const res = await shipTo(c.token, { shippingAddress: to("QG") });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ shippingOption: null, shippingFee: usd(0), tax: { amount: 0, rateBasisPoints: 0, inclusive: false }, subtotal: usd(3702), total: usd(3702) });
  });

  it("waives the fee once subtotal − discount reaches freeOver, and charges it when a discount takes the goods below", async () => {
    const option = await offer("Free over 50", ["QH"], 700, 5000);
    const c = await shopperWith(5000);
    const free = await shipTo(c.token, { shippingAddress: to("QH") });
    expect(free.data).toMatchObject({ shippingOption: { id: option }, shippingFee: usd(0), total: usd(5000) });
    const promotion = await createPromotion({ type: "PERCENTAGE", value: 10 });
    const discounted = await api("POST", v1("/carts/me/promotions"), { token: c.token, body: { code: promotion.code } });
    expect(discounted.status).toBe(200);
    expect(discounted.data).toMatchObject({ discount: usd(500), shippingFee: usd(700), total: usd(5200) });
    expectIdentities(discounted.data);
  });

  it("takes a saved address by id; someone else's id is 404 and changes nothing", async () => {
    await rate("QI", 1000, false);
    const c = await shopperWith(2000);
    const saved = await api("POST", v1("/customers/me/addresses"), { token: c.token, body: { label: "Home", ...to("QI") } });
    expect(saved.status).toBe(201);
    const res = await shipTo(c.token, { shippingAddressId: saved.data.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.data).toMatchObject({ shippingAddress: to("QI"), tax: { amount: 200, rateBasisPoints: 1000 }, total: usd(2200) });
    const other = await shopperWith(2000);
    const foreign = await shipTo(other.token, { shippingAddressId: saved.data.id });
    expect(foreign.status).toBe(404);
    expect(foreign.errors[0]?.code).toBe("ADDRESS_NOT_FOUND");
    expect((await cartOf(other.token)).shippingAddress).toBeNull();
  });

  it("returns every validation error at once and changes nothing", async () => {
    const c = await shopperWith(1000);
    const both = await shipTo(c.token, { shippingAddress: to("QJ"), shippingAddressId: "adr_00000000000000000000000000" });
    expect(both.status).toBe(400);
    expect(both.errors.map((e) => e.field)).toContain("shippingAddressId");
    expect((await shipTo(c.token, {})).status).toBe(400);
    const bad = await shipTo(c.token, { shippingAddress: { ...to("qj"), recipient: "" }, shippingOptionId: "nope", extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.errors.map((e) => e.field)).toEqual(expect.arrayContaining(["shippingAddress.country", "shippingAddress.recipient", "shippingOptionId"]));
    expect((await cartOf(c.token)).shippingAddress).toBeNull();
  });
});

describe("checkout, the order and payment", () => {
  it("without a prior PUT takes the body's address and the cheapest option; the order snapshots every figure", async () => {
    await offer("Slow", ["QK"], 900);
    const cheap = await offer("Cheap", ["QK"], 400);
    await rate("QK", 1500, false);
    const c = await shopperWith(3333, 3);
    const res = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: to("QK") } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // 9999 + 400 = 10399; 15 % = 1559.85 → 1560.
    expect(res.data).toMatchObject({
      shippingAddress: to("QK"), shippingOption: { id: cheap, name: "Cheap" }, subtotal: usd(9999), discount: usd(0),
      shippingFee: usd(400), tax: { amount: 1560, currency: "USD", rateBasisPoints: 1500, inclusive: false }, total: usd(11959),
    });
    expectIdentities(res.data);
    // The cart is empty again and its shipping choice went with the order.
    expect(await cartOf(c.token)).toMatchObject({ items: [], shippingAddress: null, shippingOption: null, total: usd(0) });
  });

  it("charges 0 shipping where the country has no options, and refuses a checkout with no address anywhere", async () => {
    const c = await shopperWith(1000);
    const none = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: {} });
    expect(none.status).toBe(409);
    expect(none.errors[0]).toMatchObject({ code: "SHIPPING_ADDRESS_REQUIRED", field: "shippingAddress" });
    expect((await cartOf(c.token)).items).toHaveLength(1);
    const res = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: to("QL") } });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({ shippingOption: null, shippingFee: usd(0), tax: { amount: 0 }, total: usd(1000) });
  });

  it("after a PUT uses the cart's address and chosen option with an empty body; another address keeps the option where it ships", async () => {
    await offer("Cheap", ["QM", "QN"], 100);
    const express = await offer("Express", ["QM", "QN"], 2000);
    const c = await shopperWith(1000);
    expect((await shipTo(c.token, { shippingAddress: to("QM"), shippingOptionId: express })).status).toBe(200);
    const order = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: {} });
    expect(order.status).toBe(201);
    expect(order.data).toMatchObject({ shippingAddress: to("QM"), shippingOption: { id: express }, shippingFee: usd(2000), total: usd(3000) });
    const d = await shopperWith(1000);
    expect((await shipTo(d.token, { shippingAddress: to("QM"), shippingOptionId: express })).status).toBe(200);
    const moved = await api("POST", v1("/carts/me/checkout"), { token: d.token, body: { shippingAddress: to("QN") } });
    expect(moved.data).toMatchObject({ shippingAddress: to("QN"), shippingOption: { id: express }, shippingFee: usd(2000) });
  });

  it("charges the current rate at checkout, and a saved address of someone else is 404 there too", async () => {
    await rate("QO", 1000, false);
    const c = await shopperWith(1000);
    expect((await shipTo(c.token, { shippingAddress: to("QO") })).data.tax.amount).toBe(100);
    await rate("QO", 2500, false);
    const stranger = await aCustomer();
    const theirs = await api("POST", v1("/customers/me/addresses"), { token: stranger.token, body: to("QO") });
    const foreign = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddressId: theirs.data.id } });
    expect(foreign.status).toBe(404);
    expect(foreign.errors[0]?.code).toBe("ADDRESS_NOT_FOUND");
    expect((await cartOf(c.token)).items).toHaveLength(1);
    const order = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: {} });
    expect(order.data).toMatchObject({ tax: { amount: 250, rateBasisPoints: 2500 }, total: usd(1250) });
  });

  it("keeps an order's figures when the rate changes and the option is withdrawn, and authorizes exactly its total", async () => {
    const option = await offer("Courier", ["QP"], 650);
    await rate("QP", 700, false);
    const c = await shopperWith(1999, 2);
    const created = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: { shippingAddress: to("QP") } });
    expect(created.status).toBe(201);
    const orderId = created.data.id as string;
    const figures = (o: Record<string, unknown>) => ({ subtotal: o.subtotal, discount: o.discount, shippingOption: o.shippingOption, shippingFee: o.shippingFee, tax: o.tax, total: o.total });
    // 3998 + 650 = 4648; 7 % = 325.36 → 325.
    expect(figures(created.data)).toEqual({ subtotal: usd(3998), discount: usd(0), shippingOption: { id: option, name: "Courier" }, shippingFee: usd(650), tax: { amount: 325, currency: "USD", rateBasisPoints: 700, inclusive: false }, total: usd(4973) });
    await rate("QP", 3000, true);
    expect((await api("DELETE", v1(`/admin/shipping-options/${option}`), { token: await admin() })).status).toBe(200);
    expect((await api("POST", v1(`/orders/${orderId}/submit`), { token: c.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } })).status).toBe(202);
    const confirmed = await eventually(() => api("GET", v1(`/orders/${orderId}`), { token: c.token }), (r) => r.data.status === "CONFIRMED");
    expect(figures(confirmed.data)).toEqual(figures(created.data));
    const payments = await api("GET", v1(`/payments?orderId=${orderId}`), { token: c.token });
    expect(payments.data.map((p: { amount: unknown }) => p.amount)).toEqual([usd(4973)]);
  });
});

describe("totals through the real cart → checkout → order → payment path (property)", () => {
  // Two-letter codes no other test here uses: one fresh country per run, so each run's option and rate are its own.
  const countries = Array.from({ length: 26 * 2 }, (_, i) => `${"XZ"[Math.floor(i / 26)]}${String.fromCharCode(65 + (i % 26))}`);
  let next = 0;

  it("holds the §6 identities, the freeOver rule and the cart's figures in the order, and payment authorizes the total", async () => {
    const token = await admin();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          price: fc.integer({ min: 1, max: 50_000 }), quantity: fc.integer({ min: 1, max: 5 }),
          percent: fc.option(fc.integer({ min: 1, max: 100 }), { nil: null }),
          fee: fc.integer({ min: 0, max: 5_000 }), freeOver: fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: null }),
          rateBasisPoints: fc.integer({ min: 0, max: 5_000 }), inclusive: fc.boolean(),
        }),
        async (r) => {
          const country = countries[next++ % countries.length]!;
          const option = await api("POST", v1("/admin/shipping-options"), { token, body: { name: `Run ${next}`, countries: [country], amount: usd(r.fee), ...(r.freeOver ? { freeOver: usd(r.freeOver) } : {}) } });
          await api("PUT", v1(`/admin/tax-rates/${country}`), { token, body: { rateBasisPoints: r.rateBasisPoints, inclusive: r.inclusive } });
          const c = await shopperWith(r.price, r.quantity);
          if (r.percent !== null) {
            const promotion = await createPromotion({ type: "PERCENTAGE", value: r.percent });
            expect((await api("POST", v1("/carts/me/promotions"), { token: c.token, body: { code: promotion.code } })).status).toBe(200);
          }
          const quoted = (await shipTo(c.token, { shippingAddress: to(country) })).data;
          const subtotal = r.price * r.quantity;
          const goods = subtotal - quoted.discount.amount;
          expect(quoted.subtotal).toEqual(usd(subtotal));
          expect(quoted.shippingOption).toEqual({ id: option.data.id, name: `Run ${next}` });
          expect(quoted.shippingFee.amount).toBe(r.freeOver !== null && goods >= r.freeOver ? 0 : r.fee);
          expectIdentities(quoted);
          // The tax is the rate of the whole base, half up, once (exclusive), or the part of it included (inclusive).
          const base = goods + quoted.shippingFee.amount;
          const exact = r.inclusive ? (base * r.rateBasisPoints) / (10_000 + r.rateBasisPoints) : (base * r.rateBasisPoints) / 10_000;
          expect(Math.abs(quoted.tax.amount - exact)).toBeLessThanOrEqual(0.5);
          const order = await api("POST", v1("/carts/me/checkout"), { token: c.token, body: {} });
          expect(order.status).toBe(201);
          for (const k of ["subtotal", "discount", "shippingOption", "shippingFee", "tax", "total"]) expect(order.data[k], k).toEqual(quoted[k]);
          expect((await api("POST", v1(`/orders/${order.data.id}/submit`), { token: c.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } })).status).toBe(202);
          const payment = await eventually(() => api("GET", v1(`/payments?orderId=${order.data.id}`), { token: c.token }), (p) => p.data.length === 1 && p.data[0].status !== "PENDING");
          expect(payment.data[0].amount).toEqual(order.data.total);
        },
      ),
      fcParams(6),
    );
  });
});
