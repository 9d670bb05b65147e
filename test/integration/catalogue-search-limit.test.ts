import { describe, expect, it } from "vitest";
import { api, v1 } from "../support/api";
import { createProduct } from "../support/mothers";

// Search is a substring match without LIKE (D1 refuses LIKE patterns over 50 bytes, a limit the document could not
// state): any text of at most 48 characters is a valid search, wildcards and accents included.
describe("product search text", () => {
  it("finds by a substring, case-insensitively for ASCII, accents included", async () => {
    const p = await createProduct({ name: "Ünïcödé Lantern 2000" });
    for (const q of ["Ünïcödé Lantern", "lantern 2000"]) {
      const res = await api("GET", v1(`/products?q=${encodeURIComponent(q)}&limit=100`));
      expect(res.status, q).toBe(200);
      expect(res.data.map((x: { id: string }) => x.id), q).toContain(p.id);
    }
  });

  it("takes % and _ literally and accepts the 48 characters the document allows, multi-byte ones too", async () => {
    const p = await createProduct({ name: "Rebate 50%_off token" });
    const hit = await api("GET", v1(`/products?q=${encodeURIComponent("50%_off")}&limit=100`));
    expect(hit.data.map((x: { id: string }) => x.id)).toContain(p.id);
    const miss = await api("GET", v1(`/products?q=${encodeURIComponent("5%f")}&limit=100`));
    expect(miss.data.map((x: { id: string }) => x.id)).not.toContain(p.id);
    for (const q of ["é".repeat(48), "%".repeat(48), "🦄".repeat(48)]) {
      const res = await api("GET", v1(`/products?q=${encodeURIComponent(q)}`));
      expect(res.status, q).toBe(200);
      expect(res.data, q).toEqual([]);
    }
  });

  it("refuses a longer one with 400 and the field named", async () => {
    const res = await api("GET", v1(`/products?q=${"a".repeat(49)}`));
    expect(res.status).toBe(400);
    expect(res.errors[0]).toMatchObject({ code: "VALIDATION_FAILED", field: "query.q", message: "must be at most 48 characters long" });
  });
});
