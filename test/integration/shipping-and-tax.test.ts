import { describe, expect, it } from "vitest";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer } from "../support/mothers";
import { sellerAccount } from "../support/accounts";

// Shipping options and tax rates (contract §6), owned by the shipping context. Each test uses its own countries.

const usd = (amount: number) => ({ amount, currency: "USD" });
const offer = async (body: Record<string, unknown>) => api("POST", v1("/admin/shipping-options"), { token: (await adminToken()).token, body });
const optionsFor = (country: string, token?: string) => api("GET", v1(`/shipping-options?country=${country}`), { token });

describe("shipping options", () => {
  it("lists a country's options to anyone, cheapest first, and only those that ship there", async () => {
    const express = await offer({ name: "Express", countries: ["DE", "AT"], amount: usd(1500) });
    expect(express.status).toBe(201);
    expect(express.data).toEqual({ id: expect.stringMatching(/^sop_[0-9A-Z]{26}$/), name: "Express", countries: ["DE", "AT"], amount: usd(1500), freeOver: null, createdAt: expect.any(String) });
    const standard = await offer({ name: "Standard", countries: ["DE"], amount: usd(490), freeOver: usd(5000) });
    const pickup = await offer({ name: "Pick-up point", countries: ["DE", "NL"], amount: usd(0) });
    await offer({ name: "Elsewhere", countries: ["NL"], amount: usd(100) });
    const res = await optionsFor("DE");
    expect(res.status).toBe(200);
    expect(res.data.map((o: { id: string }) => o.id)).toEqual([pickup.data.id, standard.data.id, express.data.id]);
    expect(res.data[1]).toMatchObject({ name: "Standard", freeOver: usd(5000) });
    expect((await optionsFor("AT", (await aCustomer()).token)).data.map((o: { name: string }) => o.name)).toEqual(["Express"]);
    expect((await optionsFor("JP")).data).toEqual([]);
  });

  it("withdraws an option: it is no longer listed, and a second delete is 404", async () => {
    const { token } = await adminToken();
    const id = (await offer({ name: "Courier", countries: ["BE"], amount: usd(990) })).data.id as string;
    const res = await api("DELETE", v1(`/admin/shipping-options/${id}`), { token });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ id });
    expect((await optionsFor("BE")).data).toEqual([]);
    const again = await api("DELETE", v1(`/admin/shipping-options/${id}`), { token });
    expect(again.status).toBe(404);
    expect(again.errors[0]?.code).toBe("SHIPPING_OPTION_NOT_FOUND");
  });

  it("returns every validation error of a new option at once, and creates nothing", async () => {
    const res = await offer({ name: "", countries: ["pl", "PL", "PL"], amount: { amount: -1, currency: "EUR" }, freeOver: usd(0), carrier: "x" });
    expect(res.status).toBe(400);
    const fields = res.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["name", "countries.0", "countries", "amount.amount", "amount.currency", "freeOver.amount"]));
    expect(res.errors.some((e) => /carrier/.test(e.message) || e.field === "carrier" || e.field === "")).toBe(true);
    expect((await offer({ name: "No countries", countries: [], amount: usd(100) })).status).toBe(400);
    expect((await offer({ name: "Fraction", countries: ["PL"], amount: usd(1.5) })).status).toBe(400);
    expect((await optionsFor("PL")).data).toEqual([]);
  });

  it("wants a valid country to list options", async () => {
    for (const q of ["", "?country=de", "?country=DEU", "?country=D1"]) {
      const res = await api("GET", v1(`/shipping-options${q}`));
      expect(res.status, q).toBe(400);
      expect(res.errors[0]?.field).toBe("query.country");
    }
  });

  it("lets only admins offer or withdraw options, checking the role before looking the option up", async () => {
    const customer = await aCustomer();
    const seller = await sellerAccount();
    const id = (await offer({ name: "Locked", countries: ["CZ"], amount: usd(300) })).data.id as string;
    expect((await api("POST", v1("/admin/shipping-options"), { body: { name: "Anon", countries: ["CZ"], amount: usd(1) } })).status).toBe(401);
    for (const token of [customer.token, seller.token]) {
      expect((await api("POST", v1("/admin/shipping-options"), { token, body: { name: "Mine", countries: ["CZ"], amount: usd(1) } })).status).toBe(403);
      expect((await api("DELETE", v1(`/admin/shipping-options/${id}`), { token })).status).toBe(403);
      expect((await api("DELETE", v1("/admin/shipping-options/sop_00000000000000000000000000"), { token })).status).toBe(403);
    }
    expect((await api("DELETE", v1(`/admin/shipping-options/${id}`))).status).toBe(401);
    expect((await optionsFor("CZ")).data.map((o: { id: string }) => o.id)).toEqual([id]);
  });
});

describe("tax rates", () => {
  it("sets a country's rate and replaces it on a second PUT; the admin list has one rate per country", async () => {
    const { token } = await adminToken();
    const first = await api("PUT", v1("/admin/tax-rates/GB"), { token, body: { rateBasisPoints: 2000, inclusive: true } });
    expect(first.status).toBe(200);
    expect(first.data).toEqual({ country: "GB", rateBasisPoints: 2000, inclusive: true, updatedAt: expect.any(String) });
    await api("PUT", v1("/admin/tax-rates/US"), { token, body: { rateBasisPoints: 0, inclusive: false } });
    await api("PUT", v1("/admin/tax-rates/GB"), { token, body: { rateBasisPoints: 500, inclusive: false } });
    const list = await api("GET", v1("/admin/tax-rates"), { token });
    expect(list.status).toBe(200);
    const ours = list.data.filter((r: { country: string }) => ["GB", "US"].includes(r.country));
    expect(ours).toEqual([
      { country: "GB", rateBasisPoints: 500, inclusive: false, updatedAt: expect.any(String) },
      { country: "US", rateBasisPoints: 0, inclusive: false, updatedAt: expect.any(String) },
    ]);
  });

  it("accepts 0 to 5000 basis points, and returns every error of a bad rate at once", async () => {
    const { token } = await adminToken();
    expect((await api("PUT", v1("/admin/tax-rates/SE"), { token, body: { rateBasisPoints: 5000, inclusive: true } })).status).toBe(200);
    const res = await api("PUT", v1("/admin/tax-rates/SE"), { token, body: { rateBasisPoints: 5001, inclusive: "yes" } });
    expect(res.status).toBe(400);
    expect(res.errors.map((e) => e.field).sort()).toEqual(["inclusive", "rateBasisPoints"]);
    const lower = await api("PUT", v1("/admin/tax-rates/se"), { token, body: { rateBasisPoints: 100, inclusive: false } });
    expect(lower.errors.map((e) => e.field)).toEqual(["param.country"]);
    for (const body of [{ rateBasisPoints: -1, inclusive: false }, { rateBasisPoints: 12.5, inclusive: false }, { rateBasisPoints: 100 }, {}]) {
      expect((await api("PUT", v1("/admin/tax-rates/SE"), { token, body })).status, JSON.stringify(body)).toBe(400);
    }
    const se = (await api("GET", v1("/admin/tax-rates"), { token })).data.find((r: { country: string }) => r.country === "SE");
    expect(se).toMatchObject({ rateBasisPoints: 5000, inclusive: true });
  });

  it("is for admins only, before any lookup or validation", async () => {
    const customer = await aCustomer();
    const seller = await sellerAccount();
    expect((await api("GET", v1("/admin/tax-rates"))).status).toBe(401);
    expect((await api("PUT", v1("/admin/tax-rates/FR"), { body: { rateBasisPoints: 2000, inclusive: true } })).status).toBe(401);
    for (const token of [customer.token, seller.token]) {
      expect((await api("GET", v1("/admin/tax-rates"), { token })).status).toBe(403);
      expect((await api("PUT", v1("/admin/tax-rates/FR"), { token, body: { rateBasisPoints: 2000, inclusive: true } })).status).toBe(403);
      expect((await api("PUT", v1("/admin/tax-rates/fr"), { token, body: {} })).status).toBe(403);
    }
    const { token } = await adminToken();
    expect((await api("GET", v1("/admin/tax-rates"), { token })).data.find((r: { country: string }) => r.country === "FR")).toBeUndefined();
  });
});
