import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "../support/api";
import { aProduct, createProduct } from "../support/mothers";
import { eventually, settle } from "../support/settle";
import { itemStub } from "../../workers/inventory/stub";

describe("catalogue", () => {
  it("creates a product over HTTP and its inventory item through the real queue", async () => {
    const { token } = await adminToken();
    const res = await api("POST", v1("/products"), { token, body: aProduct({ initialStock: 42, reorderPoint: 7 }) });
    expect(res.status).toBe(201);
    expect(res.data.id).toMatch(/^prd_/);
    expect(res.data.availability).toBe("IN_STOCK");
    const levels = await eventually(() => itemStub(env, res.data.id).snapshot(), (l) => l !== null);
    expect(levels).toMatchObject({ onHand: 42, reserved: 0, available: 42, reorderPoint: 7 });
    await settle();
    const inv = await api("GET", v1(`/inventory/${res.data.id}`), { token });
    expect(inv.status).toBe(200);
    expect(inv.data).toEqual({ productId: res.data.id, onHand: 42, reserved: 0, available: 42, reorderPoint: 7 });
  });

  it("refuses a duplicate SKU with 409 PRODUCT_SKU_EXISTS", async () => {
    const p = await createProduct();
    const { token } = await adminToken();
    const res = await api("POST", v1("/products"), { token, body: aProduct({ sku: p.sku }) });
    expect(res.status).toBe(409);
    expect(res.errors[0]?.code).toBe("PRODUCT_SKU_EXISTS");
  });
});
