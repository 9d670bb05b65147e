import { describe, expect, it } from "vitest";
import { api, v1 } from "../support/api";
import { createProduct } from "../support/mothers";

// D1 refuses LIKE patterns over 50 bytes (local SQLite does not), so the limit is enforced before the query.
describe("product search text", () => {
  it("accepts a search that fits D1's 50-byte LIKE pattern and finds by it", async () => {
    const p = await createProduct({ name: "Ünïcödé Lantern 2000" });
    const res = await api("GET", v1(`/products?q=${encodeURIComponent("Ünïcödé Lantern")}`));
    expect(res.status).toBe(200);
    expect(res.data.map((x: { id: string }) => x.id)).toContain(p.id);
  });

  it("refuses one that would not fit once escaped, with 400 and the field named", async () => {
    for (const q of ["é".repeat(25), "%".repeat(25), "a".repeat(49)]) {
      const res = await api("GET", v1(`/products?q=${encodeURIComponent(q)}`));
      expect(res.status, q).toBe(400);
      expect(res.errors[0]).toMatchObject({ code: "VALIDATION_FAILED", field: "query.q" });
    }
  });
});
