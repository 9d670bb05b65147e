import { describe, expect, it } from "vitest";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, aProduct, createProduct } from "../support/mothers";
import { settle } from "../support/settle";

// The Idempotency-Key middleware claims the key and reads the record back in one D1 batch; these pin its answers.
describe("Idempotency-Key", () => {
  it("replays the first response for the same key and body, and refuses the key with another body", async () => {
    const { token } = await adminToken();
    const body = aProduct();
    const key = `k-${crypto.randomUUID()}`;
    const first = await api("POST", v1("/products"), { token, body, idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await api("POST", v1("/products"), { token, body, idempotencyKey: key });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.data.id).toBe(first.data.id);
    const other = await api("POST", v1("/products"), { token, body: { ...body, name: "Another name" }, idempotencyKey: key });
    expect(other.status).toBe(422);
    expect(other.errors[0]?.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("runs concurrent duplicates once: one product, every answer the same", async () => {
    const { token } = await adminToken();
    const body = aProduct();
    const key = `k-${crypto.randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => api("POST", v1("/products"), { token, body, idempotencyKey: key })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.data.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get("idempotent-replayed") === "true")).toHaveLength(4);
  });

  it("does not keep a rejected request, so a corrected retry with the same key runs", async () => {
    const c = await aCustomer();
    const p = await createProduct({ initialStock: 5 });
    await settle(); // the inventory item is created from ProductCreated, through the queue
    const key = `k-${crypto.randomUUID()}`;
    const bad = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 0 }, idempotencyKey: key });
    expect(bad.status).toBe(400);
    const good = await api("POST", v1("/carts/me/items"), { token: c.token, body: { productId: p.id, quantity: 2 }, idempotencyKey: key });
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.data.items[0].quantity).toBe(2);
  });
});
