import { beforeAll, describe, expect, it } from "vitest";
import { adminToken, api, v1 } from "../support/api";

interface Operation {
  parameters?: { in: string; name: string; schema?: unknown }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  security?: unknown[];
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

let doc: Doc;
beforeAll(async () => {
  const res = await api("GET", "/openapi.json");
  expect(res.status).toBe(200);
  doc = res.body as Doc;
});

const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with every route of the API and the ErrorEnvelope component", () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const routes = operations().map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort();
    expect(routes).toEqual(expect.arrayContaining([
      "GET /api/v1/admin/events",
      "GET /api/v1/inventory/{productId}",
      "GET /api/v1/inventory/{productId}/availability",
      "GET /api/v1/products",
      "GET /api/v1/products/{id}",
      "PATCH /api/v1/products/{id}",
      "POST /api/v1/auth/login",
      "POST /api/v1/auth/refresh",
      "POST /api/v1/inventory/{productId}/adjustments",
      "POST /api/v1/products",
      "PUT /api/v1/inventory/{productId}/reorder-point",
    ]));
    expect(doc.components.schemas.ErrorEnvelope).toBeDefined();
    expect(doc.components.schemas.Money).toBeDefined();
  });

  it("documents the query parameters of the list routes", () => {
    const query = (path: string) => (doc.paths[path]?.get?.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name).sort();
    expect(query("/api/v1/products")).toEqual(["category", "cursor", "limit", "q"]);
    expect(query("/api/v1/admin/events")).toEqual(["aggregateId", "cursor", "limit", "orderId", "type"]);
  });

  it("gives every route its request schemas and a JSON schema for every response, errors through ErrorEnvelope", () => {
    for (const { path, method, op } of operations()) {
      const name = `${method.toUpperCase()} ${path}`;
      for (const param of path.match(/\{(\w+)\}/g) ?? []) {
        expect(op.parameters?.find((p) => p.in === "path" && `{${p.name}}` === param)?.schema, `${name} ${param}`).toBeDefined();
      }
      // Public writes: logging in, refreshing, and registering as a customer or a seller.
      const publicWrite = /\/(auth\/refresh|auth\/login|customers|sellers)$/.test(path);
      if (["post", "put", "patch"].includes(method) && !publicWrite) {
        expect(op.security, name).toBeDefined();
      }
      // Action endpoints (approve, replay, live tickets, enable, receive) take no body; every other write documents its JSON body.
      const bodyless = method === "post" && /\/(approve|replay|live-tickets|enable|receive)$/.test(path);
      if (["put", "patch"].includes(method) || (method === "post" && !bodyless)) {
        expect(op.requestBody?.content["application/json"]?.schema, name).toBeDefined();
        for (const s of ["400", "413", "415"]) expect(op.responses[s], `${name} ${s}`).toBeDefined();
      }
      if (method === "post") expect(op.parameters?.some((p) => p.in === "header" && p.name === "idempotency-key"), name).toBe(true);
      expect(op.responses["500"], name).toBeDefined();
      for (const [status, response] of Object.entries(op.responses)) {
        if (status === "304") continue; // Not Modified carries no body by definition
        if (status === "101") continue; // a WebSocket upgrade: what follows are messages, not a body
        const schema = response.content?.["application/json"]?.schema;
        expect(schema, `${name} ${status}`).toBeDefined();
        if (Number(status) >= 400) expect(schema?.$ref, `${name} ${status}`).toBe("#/components/schemas/ErrorEnvelope");
      }
    }
  });

  it("documents each status the routes actually answer", async () => {
    const { token } = await adminToken();
    const product = await api("POST", v1("/products"), { token, body: { sku: `OAS-${crypto.randomUUID().slice(0, 8)}`, name: "Spec check", description: "", price: { amount: 100, currency: "USD" } } });
    const id = product.data.id as string;
    const json = { "content-type": "application/json" };
    const calls: [string, string, string, Parameters<typeof api>[2]][] = [
      ["POST", "/api/v1/products", v1("/products"), { token, body: { sku: "x" } }],
      ["POST", "/api/v1/products", v1("/products"), { body: {} }],
      ["POST", "/api/v1/products", v1("/products"), { token, rawBody: "x", headers: { "content-type": "text/plain" } }],
      ["POST", "/api/v1/products", v1("/products"), { token, rawBody: "x".repeat(1024 * 1024 + 1), headers: json }],
      ["POST", "/api/v1/products", v1("/products"), { token, body: { sku: product.data.sku, name: "Dup", description: "", price: { amount: 100, currency: "USD" } } }],
      ["GET", "/api/v1/products", v1("/products?limit=0"), {}],
      ["GET", "/api/v1/products/{id}", v1("/products/prd_00000000000000000000000000"), {}],
      ["PATCH", "/api/v1/products/{id}", v1("/products/prd_00000000000000000000000000"), { token, body: { name: "Nope" } }],
      ["PATCH", "/api/v1/products/{id}", v1(`/products/${id}`), { body: { name: "Nope" } }],
      ["GET", "/api/v1/inventory/{productId}", v1("/inventory/prd_00000000000000000000000000"), { token }],
      ["GET", "/api/v1/inventory/{productId}/availability", v1("/inventory/prd_00000000000000000000000000/availability"), {}],
      ["POST", "/api/v1/inventory/{productId}/adjustments", v1(`/inventory/${id}/adjustments`), { token, body: { delta: 0, reason: "" } }],
      ["PUT", "/api/v1/inventory/{productId}/reorder-point", v1(`/inventory/${id}/reorder-point`), { body: { reorderPoint: 1 } }],
      ["POST", "/api/v1/auth/login", v1("/auth/login"), { body: { email: "nobody@example.com", password: "Wrong-password-1" } }],
      ["POST", "/api/v1/auth/refresh", v1("/auth/refresh"), { body: { refreshToken: "rt_not-a-real-refresh-token" } }],
      ["GET", "/api/v1/admin/events", v1("/admin/events"), {}],
    ];
    for (const [method, template, url, opts] of calls) {
      const res = await api(method, url, opts);
      expect(res.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
      expect(Object.keys(doc.paths[template]?.[method.toLowerCase()]?.responses ?? {}), `${method} ${template} answered ${res.status}`).toContain(String(res.status));
    }
  });
});

describe("root endpoints", () => {
  it("serves GET /health as {status: ok} without the envelope", async () => {
    const res = await api("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("echoes a client's x-request-id and generates one otherwise", async () => {
    expect((await api("GET", "/health", { headers: { "x-request-id": "client-trace-42" } })).headers.get("x-request-id")).toBe("client-trace-42");
    const res = await api("GET", v1("/products/prd_00000000000000000000000000"));
    expect(res.headers.get("x-request-id")).toBe(res.body.metadata.requestId);
  });
});
