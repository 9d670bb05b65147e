import { describe, expect, it } from "vitest";
import { api } from "../support/api";

describe("OpenAPI document for customers, sellers, auth and promotions", () => {
  it("lists every route with each status it can answer", async () => {
    const doc = (await api("GET", "/openapi.json")).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const statuses = (p: string, m: string) => Object.keys(doc.paths[`/api/v1${p}`]?.[m]?.responses ?? {}).sort();
    expect(statuses("/customers", "post")).toEqual(expect.arrayContaining(["201", "400", "409", "413", "415", "429"]));
    expect(statuses("/customers/me", "get")).toEqual(expect.arrayContaining(["200", "401", "403", "404"]));
    expect(statuses("/customers/me", "patch")).toEqual(expect.arrayContaining(["200", "400", "401", "403", "409"]));
    expect(statuses("/sellers", "post")).toEqual(expect.arrayContaining(["201", "400", "409", "429"]));
    expect(statuses("/sellers/{id}", "get")).toEqual(expect.arrayContaining(["200", "404"]));
    expect(statuses("/auth/login", "post")).toEqual(expect.arrayContaining(["200", "400", "401", "423", "429"]));
    expect(statuses("/auth/refresh", "post")).toEqual(expect.arrayContaining(["200", "400", "401", "429"]));
    expect(statuses("/promotions", "post")).toEqual(expect.arrayContaining(["201", "400", "401", "403", "409"]));
    expect(statuses("/promotions/me", "get")).toEqual(expect.arrayContaining(["200", "401", "403"]));
  });
});
