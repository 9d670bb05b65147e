import { describe, expect, it } from "vitest";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anAddress } from "../support/mothers";
import { sellerAccount } from "../support/accounts";

// Saved addresses (contract §6): at most 20 per customer, exactly one default while any exist, someone else's id 404.

const save = (token: string, body: Record<string, unknown> = {}) => api("POST", v1("/customers/me/addresses"), { token, body: { ...anAddress(), ...body } });
const list = async (token: string) => (await api("GET", v1("/customers/me/addresses"), { token })).data as { id: string; isDefault: boolean; label: string | null }[];
const defaults = async (token: string) => (await list(token)).filter((a) => a.isDefault).map((a) => a.id);

describe("saved addresses", () => {
  it("saves an address with an adr_ id; the first one becomes the default even without asking", async () => {
    const me = await aCustomer();
    expect(await list(me.token)).toEqual([]);
    const res = await save(me.token, { label: "Home", line2: "Flat 2", isDefault: false });
    expect(res.status).toBe(201);
    expect(res.data).toEqual({
      id: expect.stringMatching(/^adr_[0-9A-Z]{26}$/), label: "Home", recipient: "Ada Lovelace", line1: "1 Analytical Way", line2: "Flat 2",
      city: "London", postalCode: "N1 9GU", country: "GB", isDefault: true, createdAt: expect.any(String), updatedAt: expect.any(String),
    });
    const second = await save(me.token, { label: "Office" });
    expect(second.data).toMatchObject({ label: "Office", line2: null, isDefault: false });
    expect(await list(me.token)).toEqual([expect.objectContaining({ id: res.data.id, isDefault: true }), expect.objectContaining({ id: second.data.id, isDefault: false })]);
  });

  it("moves the default to an address saved or changed with isDefault: true, keeping exactly one", async () => {
    const me = await aCustomer();
    const a = (await save(me.token)).data.id as string;
    const b = (await save(me.token, { isDefault: true })).data.id as string;
    expect(await defaults(me.token)).toEqual([b]);
    const patched = await api("PATCH", v1(`/customers/me/addresses/${a}`), { token: me.token, body: { isDefault: true, city: "Cambridge", line2: "Rear door" } });
    expect(patched.status).toBe(200);
    expect(patched.data).toMatchObject({ id: a, isDefault: true, city: "Cambridge", line2: "Rear door" });
    expect(await defaults(me.token)).toEqual([a]);
    const cleared = await api("PATCH", v1(`/customers/me/addresses/${a}`), { token: me.token, body: { line2: null, label: null } });
    expect(cleared.data).toMatchObject({ line2: null, label: null, isDefault: true });
  });

  it("refuses to unset the default (409 ADDRESS_DEFAULT_REQUIRED) and changes nothing", async () => {
    const me = await aCustomer();
    const a = (await save(me.token)).data.id as string;
    await save(me.token);
    const res = await api("PATCH", v1(`/customers/me/addresses/${a}`), { token: me.token, body: { isDefault: false, city: "Paris" } });
    expect(res.status).toBe(409);
    expect(res.errors).toEqual([expect.objectContaining({ code: "ADDRESS_DEFAULT_REQUIRED", field: "isDefault" })]);
    expect((await list(me.token)).find((x) => x.id === a)).toMatchObject({ isDefault: true, city: "London" });
  });

  it("hands the default to the newest remaining address when the default is deleted, and answers what remains", async () => {
    const me = await aCustomer();
    const a = (await save(me.token)).data.id as string;
    const b = (await save(me.token)).data.id as string;
    const c = (await save(me.token)).data.id as string;
    const res = await api("DELETE", v1(`/customers/me/addresses/${a}`), { token: me.token });
    expect(res.status).toBe(200);
    expect(res.data.map((x: { id: string; isDefault: boolean }) => [x.id, x.isDefault])).toEqual([[c, true], [b, false]]);
    expect((await api("DELETE", v1(`/customers/me/addresses/${b}`), { token: me.token })).data.map((x: { id: string }) => x.id)).toEqual([c]);
    expect((await api("DELETE", v1(`/customers/me/addresses/${c}`), { token: me.token })).data).toEqual([]);
    expect((await api("DELETE", v1(`/customers/me/addresses/${c}`), { token: me.token })).status).toBe(404);
  });

  it("keeps at most 20 addresses and exactly one default even when 25 are saved at once", async () => {
    const me = await aCustomer();
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => save(me.token, { label: `Place ${i}`, isDefault: i % 3 === 0 })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(20);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.errors).toEqual([expect.objectContaining({ code: "ADDRESS_LIMIT_REACHED" })]);
    expect(await list(me.token)).toHaveLength(20);
    expect(await defaults(me.token)).toHaveLength(1);
    // Room again after a delete.
    await api("DELETE", v1(`/customers/me/addresses/${(await list(me.token))[5]!.id}`), { token: me.token });
    expect((await save(me.token)).status).toBe(201);
  });

  it("keeps exactly one default when several addresses claim it concurrently", async () => {
    const me = await aCustomer();
    const ids = await Promise.all(Array.from({ length: 6 }, async () => (await save(me.token)).data.id as string));
    await Promise.all(ids.map((id) => api("PATCH", v1(`/customers/me/addresses/${id}`), { token: me.token, body: { isDefault: true } })));
    expect(await defaults(me.token)).toHaveLength(1);
  });

  it("answers 404 for someone else's address on every route, and leaves it untouched", async () => {
    const owner = await aCustomer();
    const other = await aCustomer();
    const id = (await save(owner.token, { label: "Mine" })).data.id as string;
    const patch = await api("PATCH", v1(`/customers/me/addresses/${id}`), { token: other.token, body: { label: "Stolen", isDefault: true } });
    expect(patch.status).toBe(404);
    expect(patch.errors[0]?.code).toBe("ADDRESS_NOT_FOUND");
    expect((await api("DELETE", v1(`/customers/me/addresses/${id}`), { token: other.token })).status).toBe(404);
    expect(await list(other.token)).toEqual([]);
    expect(await list(owner.token)).toEqual([expect.objectContaining({ id, label: "Mine", isDefault: true })]);
    expect((await api("PATCH", v1("/customers/me/addresses/adr_00000000000000000000000000"), { token: owner.token, body: { label: "X" } })).status).toBe(404);
  });

  it("returns every validation error at once and saves nothing", async () => {
    const me = await aCustomer();
    const res = await api("POST", v1("/customers/me/addresses"), {
      token: me.token, body: { recipient: "", line1: "x".repeat(201), city: "London", country: "gb", label: "", isDefault: "yes", extra: 1 },
    });
    expect(res.status).toBe(400);
    const fields = res.errors.map((e) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(["recipient", "line1", "postalCode", "country", "label", "isDefault"]));
    expect(res.errors.every((e) => e.code === "VALIDATION_FAILED")).toBe(true);
    const empty = await api("PATCH", v1("/customers/me/addresses/adr_00000000000000000000000000"), { token: me.token, body: {} });
    expect(empty.status).toBe(400);
    const badPatch = await api("PATCH", v1("/customers/me/addresses/adr_00000000000000000000000000"), { token: me.token, body: { country: "Britain", recipient: null } });
    expect(badPatch.errors.map((e) => e.field).sort()).toEqual(["country", "recipient"]);
    expect(await list(me.token)).toEqual([]);
  });

  it("is for customers only: anonymous 401, sellers and admins 403 before any lookup", async () => {
    const seller = await sellerAccount();
    const admin = await adminToken();
    expect((await api("GET", v1("/customers/me/addresses"))).status).toBe(401);
    for (const token of [seller.token, admin.token]) {
      expect((await api("GET", v1("/customers/me/addresses"), { token })).status).toBe(403);
      expect((await save(token)).status).toBe(403);
      expect((await api("PATCH", v1("/customers/me/addresses/adr_00000000000000000000000000"), { token, body: { label: "x" } })).status).toBe(403);
      expect((await api("DELETE", v1("/customers/me/addresses/adr_00000000000000000000000000"), { token })).status).toBe(403);
    }
  });
});
