import { describe, expect, it } from "vitest";
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { sign } from "hono/jwt";
import worker from "../../workers/index";
import devVarsExample from "../../.dev.vars.example?raw";
import { aSignedInCustomer, call, freshIp } from "../support/identity";

// The constant every deployment without JWT_SECRET signed and verified tokens with before issue 17. It is in the
// repository's history, so anyone can forge tokens with it: no configuration may ever accept it again.
const OLD_CONSTANT = "local-development-only-jwt-secret-not-for-production-use";

function claims(sub: string, role: "CUSTOMER" | "ADMIN") {
  const iat = Math.floor(Date.now() / 1000);
  return { sub, role, iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE, iat, nbf: iat, exp: iat + 3600 };
}

/** The test configuration's own secret (vitest.config.ts generates one per run). */
const testSecret = () => (env as { JWT_SECRET?: string }).JWT_SECRET ?? "";

/** Calls the Worker's fetch with the real bindings, except JWT_SECRET (absent, or the given value). */
async function withSecret(secret: string | undefined, method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
  const { JWT_SECRET: _dropped, ...rest } = env as Env & { JWT_SECRET?: string };
  const bindings = (secret === undefined ? rest : { ...rest, JWT_SECRET: secret }) as Env;
  const headers: Record<string, string> = { "cf-connecting-ip": freshIp() };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`https://api.test${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }), bindings, ctx);
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as { data?: unknown; errors?: { code: string }[] } | null };
}

describe("the JWT secret fails closed", () => {
  it("the test configuration runs with its own random secret, never the old constant", () => {
    expect(testSecret().length).toBeGreaterThanOrEqual(32);
    expect(testSecret()).not.toBe(OLD_CONSTANT);
  });

  it("refuses customer and admin tokens signed with the constant the repository used to ship", async () => {
    const customer = await aSignedInCustomer();
    const forgedCustomer = await sign(claims(customer.id, "CUSTOMER"), OLD_CONSTANT, "HS512");
    const me = await call("GET", "/customers/me", { token: forgedCustomer });
    expect(me.status).toBe(401);
    expect(me.errors[0]?.code).toBe("AUTH_INVALID_TOKEN");
    const forgedAdmin = await sign(claims("adm_forged", "ADMIN"), OLD_CONSTANT, "HS512");
    expect((await call("GET", "/admin/metrics", { token: forgedAdmin })).status).toBe(401);
    // The genuine token still works: the refusal is about the key, not the claims.
    expect((await call("GET", "/customers/me", { token: customer.token })).status).toBe(200);
  });

  it.each([
    ["unset", undefined],
    ["empty", ""],
    ["shorter than 32 characters", "k".repeat(31)],
  ])("a Worker whose JWT_SECRET is %s answers login, refresh and every authenticated route with 503 and accepts no token", async (_label, secret) => {
    const customer = await aSignedInCustomer();
    const tokens = [
      customer.token, // valid under the configured secret
      await sign(claims(customer.id, "CUSTOMER"), OLD_CONSTANT, "HS512"),
      ...(secret ? [await sign(claims(customer.id, "CUSTOMER"), secret, "HS512")] : []),
    ];
    const login = await withSecret(secret, "POST", "/api/v1/auth/login", { body: { email: customer.email, password: customer.password } });
    expect(login.status).toBe(503);
    expect(login.body?.errors?.[0]?.code).toBe("AUTH_NOT_CONFIGURED");
    expect(JSON.stringify(login.body)).not.toContain("accessToken");
    const refresh = await withSecret(secret, "POST", "/api/v1/auth/refresh", { body: { refreshToken: customer.refreshToken } });
    expect(refresh.status).toBe(503);
    expect(refresh.body?.errors?.[0]?.code).toBe("AUTH_NOT_CONFIGURED");
    for (const token of tokens) {
      for (const [method, path] of [["GET", "/api/v1/customers/me"], ["GET", "/api/v1/carts/me"], ["GET", "/api/v1/admin/metrics"]] as const) {
        const res = await withSecret(secret, method, path, { token });
        expect(res.status, `${method} ${path}`).toBe(503);
        expect(res.body?.errors?.[0]?.code).toBe("AUTH_NOT_CONFIGURED");
      }
    }
    expect((await withSecret(secret, "GET", "/api/v1/customers/me")).status).toBe(503);
    // Public routes keep working; a token presented to them grants nothing.
    expect((await withSecret(secret, "GET", "/health")).status).toBe(200);
    expect((await withSecret(secret, "GET", "/api/v1/products", { token: customer.token })).status).toBe(200);
    // The refused refresh spent nothing: with the secret back, the same refresh token still works once.
    expect((await call("POST", "/auth/refresh", { body: { refreshToken: customer.refreshToken } })).status).toBe(200);
  });

  it(".dev.vars.example holds no usable secret", () => {
    const line = devVarsExample.split("\n").find((l) => l.startsWith("JWT_SECRET="));
    expect(line).toBe("JWT_SECRET=");
  });
});
