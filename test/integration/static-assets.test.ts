// The storefront and the API reference are static assets (wrangler.toml [assets], built by scripts/build-assets.mjs).
// Cloudflare serves them before the Worker runs; these tests read them through the ASSETS binding, and check the
// Worker's part: deep links under /store answer the storefront's shell. The browser tests (test/browser/) load them
// for real, with every request outside the origin blocked.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../support/api";

const asset = (path: string) => env.ASSETS.fetch(new Request(`https://shop.test${path}`));

describe("static assets", () => {
  it("serves /docs as an HTML page that reads /openapi.json with a viewer from this origin", async () => {
    const res = await asset("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('data-url="/openapi.json"');
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(scripts).toEqual(["/docs/swagger-ui-bundle.js", "/docs/init.js"]);
    for (const src of scripts) expect((await asset(src)).status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
  });

  it("serves the storefront at / with its script and no outside origin", async () => {
    const res = await asset("/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('src="/assets/store.js"');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await asset("/assets/store.js")).status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
  });

  it("answers a storefront deep link with the storefront's shell, and an unknown path with the API's 404", async () => {
    const deep = await api("GET", "/store/products/prd_00000000000000000000000000");
    expect(deep.status).toBe(200);
    expect(deep.headers.get("content-type")).toMatch(/^text\/html/);
    expect(String(deep.body)).toContain('src="/assets/store.js"');
    const unknown = await api("GET", "/no-such-page");
    expect(unknown.status).toBe(404);
    expect(unknown.errors[0]?.code).toBe("ROUTE_NOT_FOUND");
  });
});
