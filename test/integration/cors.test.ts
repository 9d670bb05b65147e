import { describe, expect, it } from "vitest";
import { api, v1 } from "../support/api";
import { aCustomer, createProduct } from "../support/mothers";
import { allowedOrigins } from "../../workers/kernel/cors";

// vitest.config.ts allows https://shop.test and https://www.shop.test (and lists a "*", which must allow nothing).
const SHOP = "https://shop.test";
const preflight = (path: string, origin: string, method: string, headers = "authorization, content-type, x-consistency-token") =>
  api("OPTIONS", path, { headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers } });

describe("CORS for a storefront on another origin", () => {
  it("answers an allowed origin's preflight for a known route with 204 and what the browser needs", async () => {
    const res = await preflight(v1("/carts/me/items"), SHOP, "POST");
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect(res.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(res.headers.get("access-control-allow-methods")).toBe("POST");
    const allowHeaders = res.headers.get("access-control-allow-headers")!.split(", ");
    expect(allowHeaders).toEqual(expect.arrayContaining(["authorization", "content-type", "idempotency-key", "x-consistency-token"]));
    expect(res.headers.get("access-control-max-age")).toBe("600");
    expect(res.headers.get("vary")).toContain("Origin");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    // The second allowed origin is answered with itself, never with a list or a wildcard.
    const www = await preflight(v1("/products/prd_x"), "https://www.shop.test", "PATCH");
    expect(www.status).toBe(204);
    expect(www.headers.get("access-control-allow-origin")).toBe("https://www.shop.test");
    expect(www.headers.get("access-control-allow-methods")).toBe("GET, HEAD, PATCH");
  });

  it("lets an allowed origin read x-consistency-token, idempotent-replayed and the other contract headers", async () => {
    const c = await aCustomer();
    const p = await createProduct({ initialStock: 5 });
    const add = () => api("POST", v1("/carts/me/items"), { token: c.token, idempotencyKey: `k-${c.id}`, headers: { origin: SHOP }, body: { productId: p.id, quantity: 1 } });
    const first = await add();
    expect(first.status).toBe(200);
    expect(first.headers.get("access-control-allow-origin")).toBe(SHOP);
    const exposed = first.headers.get("access-control-expose-headers")!.split(", ");
    expect(exposed).toEqual(expect.arrayContaining(["x-consistency-token", "idempotent-replayed", "traceparent", "retry-after", "x-request-id"]));
    expect(first.headers.get("vary")).toContain("Origin");
    // A replay and an error answer carry them too: a storefront must read those as well.
    const replay = await add();
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.headers.get("access-control-allow-origin")).toBe(SHOP);
    const unauthenticated = await api("GET", v1("/carts/me"), { headers: { origin: SHOP } });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("access-control-allow-origin")).toBe(SHOP);
  });

  it("fails closed: another origin, a wildcard and a look-alike get no CORS headers, and OPTIONS stays 405/404", async () => {
    for (const origin of ["https://evil.test", "*", "https://shop.test.evil.test", "http://shop.test", "null"]) {
      const res = await preflight(v1("/carts/me/items"), origin, "POST");
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      const get = await api("GET", "/health", { headers: { origin } });
      expect(get.status).toBe(200);
      expect(get.headers.get("access-control-allow-origin")).toBeNull();
      expect(get.headers.get("vary")).toContain("Origin");
    }
    // An allowed origin asking for a method the path does not have, or for an unknown path, gets no permission.
    const wrongMethod = await preflight(v1("/carts/me/items"), SHOP, "DELETE");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("access-control-allow-methods")).toBeNull();
    const unknown = await preflight(v1("/no-such-route"), SHOP, "GET");
    expect(unknown.status).toBe(404);
    expect(unknown.errors[0]?.code).toBe("ROUTE_NOT_FOUND");
    // A plain OPTIONS (no preflight) from an allowed origin is what it always was.
    const plain = await api("OPTIONS", v1("/products"), { headers: { origin: SHOP } });
    expect(plain.status).toBe(405);
    expect(plain.headers.get("allow")).toBe("GET, HEAD, POST");
  });

  it("reads the setting exactly: no entry, a wildcard or a malformed entry allows nothing", () => {
    expect([...allowedOrigins(undefined)]).toEqual([]);
    expect([...allowedOrigins("")]).toEqual([]);
    expect([...allowedOrigins("*")]).toEqual([]);
    expect([...allowedOrigins("https://*.shop.test, shop.test, https://shop.test/, https://Shop.Test:8443")]).toEqual(["https://shop.test:8443"]);
  });
});
