import { describe, expect, it } from "vitest";
import { api, v1 } from "../support/api";
import { aCustomer, freshIp } from "../support/identity";

// The limits are per client address (cf-connecting-ip): each test uses its own addresses. Requests that fail
// validation still count, so the budget can be spent without paying for 120 password hashes.
const from = (ip: string, method: string, path: string, body: unknown) => api(method, v1(path), { body, headers: { "cf-connecting-ip": ip } });

async function spend(ip: string, n: number, method: string, path: string, body: unknown): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 30) {
    const wave = await Promise.all(Array.from({ length: Math.min(30, n - i) }, () => from(ip, method, path, body)));
    statuses.push(...wave.map((r) => r.status));
  }
  return statuses;
}

describe("rate limits", () => {
  it("allows 120 registrations a minute per address across customers and sellers, then 429 with Retry-After", async () => {
    const ip = freshIp();
    const statuses = [...(await spend(ip, 60, "POST", "/customers", { name: "x" })), ...(await spend(ip, 60, "POST", "/sellers", { name: "x" }))];
    expect(statuses.every((s) => s === 400)).toBe(true);
    for (const path of ["/customers", "/sellers"]) {
      const limited = await from(ip, "POST", path, aCustomer());
      expect(limited.status).toBe(429);
      expect(limited.errors[0]?.code).toBe("RATE_LIMITED");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect((await from(freshIp(), "POST", "/customers", aCustomer())).status).toBe(201);
  });

  it("allows 300 auth requests a minute per address across login and refresh, then 429 with Retry-After", async () => {
    const ip = freshIp();
    const statuses = [...(await spend(ip, 150, "POST", "/auth/login", { email: "x" })), ...(await spend(ip, 150, "POST", "/auth/refresh", {}))];
    expect(statuses.every((s) => s === 400)).toBe(true);
    for (const path of ["/auth/login", "/auth/refresh"]) {
      const limited = await from(ip, "POST", path, { email: "a@example.com", password: "Whatever-1" });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("60");
    }
    expect((await from(freshIp(), "POST", "/auth/login", { email: "a@example.com", password: "Whatever-1" })).status).toBe(401);
  });
});
