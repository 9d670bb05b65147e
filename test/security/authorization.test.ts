import { describe, expect, it } from "vitest";
import { api } from "../support/api";
import { theCast } from "../support/actors";
import { contract, fillPath } from "../support/openapi";
import { callerOf, COLUMNS, MATRIX } from "./authorization-matrix";

// Every route × {anonymous, owner, another customer, a seller, another seller, admin}, in one table
// (authorization-matrix.ts). A route without its row fails here, by name.

describe("authorization matrix", () => {
  it("every route of /openapi.json has a row, and every row a route", async () => {
    const { operations } = await contract();
    const keys = operations.map((o) => o.key);
    expect(keys, "the document lists the API's routes").toContain("GET /api/v1/orders/{orderId}");
    const missing = keys.filter((k) => !(k in MATRIX));
    const stale = Object.keys(MATRIX).filter((k) => !keys.includes(k));
    expect(missing, `routes without a row in test/security/authorization-matrix.ts (add one; see the comment at its top): ${missing.join(", ")}`).toEqual([]);
    expect(stale, `rows for routes that /openapi.json no longer has: ${stale.join(", ")}`).toEqual([]);
  });

  it("answers every cell with its expected status", async () => {
    const f = await theCast();
    const { operations } = await contract();
    const mismatches: string[] = [];
    for (const op of operations) {
      const row = MATRIX[op.key];
      if (!row) continue;
      for (const column of COLUMNS) {
        const caller = callerOf(f, row, column);
        const req = await row.request(f, caller);
        const query = req.query ? `?${new URLSearchParams(req.query)}` : "";
        const res = await api(op.method, `${fillPath(op.path, req.params ?? {})}${query}`, { token: caller?.token, body: req.body });
        const want = row.expect[column];
        if (res.status !== want) mismatches.push(`${op.key} as ${column}: expected ${want}, got ${res.status} ${JSON.stringify(res.errors[0] ?? res.data ?? null).slice(0, 160)}`);
        else if (want === 401 && res.errors[0]?.code !== "AUTH_REQUIRED") mismatches.push(`${op.key} as ${column}: 401 with code ${res.errors[0]?.code}`);
        else if (want >= 400 && !/^[A-Z][A-Z0-9_]+$/.test(res.errors[0]?.code ?? "")) mismatches.push(`${op.key} as ${column}: ${want} without an error code`);
      }
    }
    expect(mismatches, mismatches.join("\n")).toEqual([]);
  });
});
