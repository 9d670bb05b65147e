import { describe, expect, it } from "vitest";
import { adminToken, api, v1 } from "../support/api";
import { aProduct } from "../support/mothers";
import { sellerAccount } from "../support/accounts";

const key = () => `key-${crypto.randomUUID()}`;
const category = () => `idem-${crypto.randomUUID().slice(0, 8)}`;

async function productsIn(cat: string): Promise<string[]> {
  const res = await api("GET", v1(`/products?category=${cat}&limit=100`));
  return res.data.map((p: { id: string }) => p.id);
}

describe("Idempotency-Key", () => {
  it("replays the first response (status and data) without creating a second product", async () => {
    const { token } = await adminToken();
    const k = key();
    const body = aProduct({ category: category() });
    const first = await api("POST", v1("/products"), { token, idempotencyKey: k, body });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const second = await api("POST", v1("/products"), { token, idempotencyKey: k, body });
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.data).toEqual(first.data);
    expect(await productsIn(body.category)).toEqual([first.data.id]);
  });

  it("answers 422 IDEMPOTENCY_KEY_REUSED for the same key with a different body, and runs nothing", async () => {
    const { token } = await adminToken();
    const k = key();
    const cat = category();
    const first = await api("POST", v1("/products"), { token, idempotencyKey: k, body: aProduct({ category: cat }) });
    expect(first.status).toBe(201);
    const reused = await api("POST", v1("/products"), { token, idempotencyKey: k, body: aProduct({ category: cat }) });
    expect(reused.status).toBe(422);
    expect(reused.errors[0]).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", field: "idempotency-key" });
    expect(await productsIn(cat)).toEqual([first.data.id]);
  });

  it("lets concurrent duplicates run once: every answer is the first one's", async () => {
    const { token } = await adminToken();
    const k = key();
    const body = aProduct({ category: category() });
    const answers = await Promise.all(Array.from({ length: 5 }, () => api("POST", v1("/products"), { token, idempotencyKey: k, body })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(4);
    expect(await productsIn(body.category)).toEqual([answers[0]!.data.id]);
  });

  it("scopes keys to the caller: another principal's same key is a different request", async () => {
    const { token } = await adminToken();
    const seller = await sellerAccount();
    const k = key();
    const cat = category();
    const a = await api("POST", v1("/products"), { token, idempotencyKey: k, body: aProduct({ category: cat }) });
    const b = await api("POST", v1("/products"), { token: seller.token, idempotencyKey: k, body: aProduct({ category: cat }) });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.data.sellerId).toBe(seller.id);
    expect((await productsIn(cat)).sort()).toEqual([a.data.id, b.data.id].sort());
  });

  it("does not keep a rejected request, so a corrected retry with the same key runs", async () => {
    const { token } = await adminToken();
    const k = key();
    const body = aProduct({ category: category() });
    const bad = await api("POST", v1("/products"), { token, idempotencyKey: k, body: { ...body, price: { amount: -5, currency: "USD" } } });
    expect(bad.status).toBe(400);
    const good = await api("POST", v1("/products"), { token, idempotencyKey: k, body });
    expect(good.status).toBe(201);
  });

  it("keeps a conflict: replaying a 409 answers the same 409", async () => {
    const { token } = await adminToken();
    const existing = await api("POST", v1("/products"), { token, body: aProduct() });
    const k = key();
    const body = aProduct({ sku: existing.data.sku });
    const first = await api("POST", v1("/products"), { token, idempotencyKey: k, body });
    const again = await api("POST", v1("/products"), { token, idempotencyKey: k, body });
    expect([first.status, again.status]).toEqual([409, 409]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.errors).toEqual(first.body.errors);
  });

  it("refuses a key longer than 255 characters with 400 and creates nothing", async () => {
    const { token } = await adminToken();
    const body = aProduct({ category: category() });
    const res = await api("POST", v1("/products"), { token, idempotencyKey: "k".repeat(256), body });
    expect(res.status).toBe(400);
    expect(res.errors[0]).toMatchObject({ code: "INVALID_IDEMPOTENCY_KEY", field: "idempotency-key" });
    expect(await productsIn(body.category)).toEqual([]);
    const longest = await api("POST", v1("/products"), { token, idempotencyKey: "k".repeat(255), body });
    expect(longest.status).toBe(201);
  });
});
