import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { sign } from "hono/jwt";
import { sql } from "drizzle-orm";
import { db } from "../../workers/events/outbox-d1";
import { issueAccessToken, jwtSecret } from "../../workers/kernel/auth";
import { aSignedInCustomer, call, signIn, registerCustomer } from "../support/identity";

const refresh = (refreshToken: string) => call("POST", "/auth/refresh", { body: { refreshToken } });
const me = (token: string) => call("GET", "/customers/me", { token });
/** Moves every spent refresh token of the account past the reuse grace window, as if a minute had passed. */
const outsideGrace = (accountId: string) =>
  db(env.DB_CUSTOMER).run(sql`UPDATE refresh_tokens SET used_at = used_at - ${60_000} WHERE account_id = ${accountId} AND used_at IS NOT NULL`);
const b64url = (obj: unknown) => btoa(JSON.stringify(obj)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

describe("refresh tokens", () => {
  it("exchanges a refresh token for a new working pair", async () => {
    const customer = await aSignedInCustomer();
    const res = await refresh(customer.refreshToken);
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ expiresIn: 3600, principal: { id: customer.id, role: "CUSTOMER" } });
    expect(res.data.refreshToken).not.toBe(customer.refreshToken);
    expect((await me(res.data.accessToken)).status).toBe(200);
  });

  it("outside the grace window, reuse is theft: 401, and the whole family (the new token too) is revoked", async () => {
    const customer = await aSignedInCustomer();
    const second = await refresh(customer.refreshToken);
    expect(second.status).toBe(200);
    await outsideGrace(customer.id);
    const replayed = await refresh(customer.refreshToken);
    expect(replayed.status).toBe(401);
    expect(replayed.errors[0]?.code).toBe("AUTH_REFRESH_INVALID");
    // The thief's reuse also kills the token the legitimate holder got from the rotation.
    expect((await refresh(second.data.refreshToken)).status).toBe(401);
  });

  it("leaves other sessions (other families) working when one family is revoked", async () => {
    const customer = await registerCustomer();
    const a = await signIn(customer.email, customer.password);
    const b = await signIn(customer.email, customer.password);
    await refresh(a.refreshToken);
    await outsideGrace(customer.id);
    expect((await refresh(a.refreshToken)).status).toBe(401);
    expect((await refresh(b.refreshToken)).status).toBe(200);
  });

  it.each([2, 5])("%i tabs refreshing with one token at once all get the same new pair, and the user stays signed in", async (tabs) => {
    const customer = await aSignedInCustomer();
    const results = await Promise.all(Array.from({ length: tabs }, () => refresh(customer.refreshToken)));
    expect(results.map((r) => r.status)).toEqual(Array(tabs).fill(200));
    const pairs = new Set(results.map((r) => `${r.data.accessToken} ${r.data.refreshToken}`));
    expect(pairs.size).toBe(1);
    const pair = results[0]!.data as { accessToken: string; refreshToken: string };
    expect(pair.refreshToken).not.toBe(customer.refreshToken);
    expect((await me(pair.accessToken)).status).toBe(200);
    // One rotation happened, not `tabs` of them: the family holds the old token and one successor.
    const rows = await db(env.DB_CUSTOMER).all<{ n: number }>(sql`SELECT COUNT(*) AS n FROM refresh_tokens WHERE account_id = ${customer.id}`);
    expect(Number(rows[0]?.n)).toBe(2);
    // The winner's new token is not revoked by the losers' reuse: the next rotation works.
    await outsideGrace(customer.id);
    expect((await refresh(pair.refreshToken)).status).toBe(200);
  });

  it("a retry a moment later (a lost response) gets the same pair again", async () => {
    const customer = await aSignedInCustomer();
    const first = await refresh(customer.refreshToken);
    const retry = await refresh(customer.refreshToken);
    expect(retry.status).toBe(200);
    expect(retry.data).toEqual(first.data);
    expect((await refresh(first.data.refreshToken)).status).toBe(200);
  });

  it("gives no grace once the new token has itself been used: that reuse revokes the family", async () => {
    const customer = await aSignedInCustomer();
    const second = await refresh(customer.refreshToken);
    const third = await refresh(second.data.refreshToken);
    expect(third.status).toBe(200);
    expect((await refresh(customer.refreshToken)).status).toBe(401);
    expect((await refresh(third.data.refreshToken)).status).toBe(401);
  });

  it("gives no grace to a revoked family", async () => {
    const customer = await aSignedInCustomer();
    const second = await refresh(customer.refreshToken);
    await db(env.DB_CUSTOMER).run(sql`UPDATE refresh_tokens SET revoked_at = ${Date.now()} WHERE account_id = ${customer.id}`);
    expect((await refresh(customer.refreshToken)).status).toBe(401);
    expect((await refresh(second.data.refreshToken)).status).toBe(401);
  });

  it("refuses an expired refresh token", async () => {
    const customer = await aSignedInCustomer();
    await db(env.DB_CUSTOMER).run(sql`UPDATE refresh_tokens SET expires_at = ${Date.now() - 1} WHERE account_id = ${customer.id}`);
    const res = await refresh(customer.refreshToken);
    expect(res.status).toBe(401);
    expect(res.errors[0]?.code).toBe("AUTH_REFRESH_INVALID");
  });

  it("refuses an unknown refresh token with 401 and a malformed body with 400", async () => {
    expect((await refresh("rt_this-token-was-never-issued")).status).toBe(401);
    const bad = await call("POST", "/auth/refresh", { body: { refreshToken: 42 } });
    expect(bad.status).toBe(400);
    expect(bad.errors[0]).toMatchObject({ code: "VALIDATION_FAILED", field: "refreshToken" });
  });
});

describe("access tokens", () => {
  const claimsFor = (id: string, overrides: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return { sub: id, role: "CUSTOMER", iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE, iat: now, nbf: now, exp: now + 3600, ...overrides };
  };

  it("accepts a token this API signed (control for the refusals below)", async () => {
    const customer = await registerCustomer();
    expect((await me(await sign(claimsFor(customer.id), jwtSecret(env)!, "HS512"))).status).toBe(200);
  });

  it.each([
    ["expired", async (id: string) => issueAccessToken(env, { id, role: "CUSTOMER" }, Date.now() - 2 * 3600 * 1000)],
    ["for another audience", (id: string) => sign(claimsFor(id, { aud: "someone-else" }), jwtSecret(env)!, "HS512")],
    ["from another issuer", (id: string) => sign(claimsFor(id, { iss: "evil-issuer" }), jwtSecret(env)!, "HS512")],
    ["without an expiry", (id: string) => sign(claimsFor(id, { exp: undefined }), jwtSecret(env)!, "HS512")],
    ["signed with another secret", (id: string) => sign(claimsFor(id), "another-secret-that-is-long-enough-to-be-used", "HS512")],
    ["signed HS256 with our secret", (id: string) => sign(claimsFor(id), jwtSecret(env)!, "HS256")],
    ["with alg none", async (id: string) => `${b64url({ alg: "none", typ: "JWT" })}.${b64url(claimsFor(id))}.`],
    ["with an unknown role", (id: string) => sign(claimsFor(id, { role: "ROOT" }), jwtSecret(env)!, "HS512")],
    [
      "tampered (role raised, signature kept)",
      async (id: string) => {
        const [h, , s] = (await sign(claimsFor(id), jwtSecret(env)!, "HS512")).split(".");
        return `${h}.${b64url(claimsFor(id, { role: "ADMIN" }))}.${s}`;
      },
    ],
  ])("refuses a token %s with 401 AUTH_INVALID_TOKEN", async (_label, make) => {
    const customer = await registerCustomer();
    const res = await me(await make(customer.id));
    expect(res.status).toBe(401);
    expect(res.errors[0]?.code).toBe("AUTH_INVALID_TOKEN");
  });

  it("refuses a malformed Authorization header with 401", async () => {
    const res = await call("GET", "/customers/me", { headers: { authorization: "Bearer not a token" } });
    expect(res.status).toBe(401);
  });
});
