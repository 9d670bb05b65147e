import { sign, verify } from "hono/jwt";
import type { MiddlewareHandler } from "hono";
import { ApiError } from "./errors";
import { secret } from "./secrets";
import type { AppEnv } from "./http-env";

export type Role = "CUSTOMER" | "SELLER" | "ADMIN";
export interface Principal {
  id: string;
  role: Role;
}

const ROLES: ReadonlySet<string> = new Set(["CUSTOMER", "SELLER", "ADMIN"]);
export const MIN_SECRET_LENGTH = 32;

/**
 * The HMAC key, or null when the deployment has none fit for use (unset or shorter than 32 characters). There is
 * no fallback key in the source, whatever ENVIRONMENT says: without a real secret no token is issued or accepted,
 * and login and every authenticated route answer 503 AUTH_NOT_CONFIGURED (`npm start` writes one to .dev.vars).
 */
export function jwtSecret(env: Env): string | null {
  const key = secret(env, "JWT_SECRET");
  return key && key.length >= MIN_SECRET_LENGTH ? key : null;
}

/** The key, for code that must not run without one (callers behind requireAuthConfigured or requireRole). */
export function signingSecret(env: Env): string {
  const secret = jwtSecret(env);
  if (!secret) throw new ApiError("AUTH_NOT_CONFIGURED", "authentication is not configured on this deployment (JWT_SECRET is missing or shorter than 32 characters)");
  return secret;
}

/** For the routes that issue tokens (login, refresh): refuse before any credential is checked or spent. */
export const requireAuthConfigured: MiddlewareHandler<AppEnv> = async (c, next) => {
  signingSecret(c.env);
  return next();
};

export async function issueAccessToken(env: Env, principal: Principal, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return sign(
    {
      sub: principal.id,
      role: principal.role,
      iss: env.JWT_ISSUER,
      aud: env.JWT_AUDIENCE,
      iat,
      nbf: iat,
      exp: iat + Number(env.ACCESS_TOKEN_TTL_SECONDS),
    },
    signingSecret(env),
    "HS512",
  );
}

/** Verifies signature (HS512 only: `alg: none` and other algorithms are refused), expiry, issuer and audience. */
export async function verifyAccessToken(env: Env, token: string): Promise<Principal | null> {
  const secret = jwtSecret(env);
  if (!secret) return null;
  try {
    const payload = await verify(token, secret, { alg: "HS512", iss: env.JWT_ISSUER, aud: env.JWT_AUDIENCE });
    // hono's verify checks exp only when present; a token without one would never expire, so it is refused.
    if (typeof payload.exp !== "number") return null;
    if (typeof payload.sub !== "string" || typeof payload.role !== "string" || !ROLES.has(payload.role)) return null;
    return { id: payload.sub, role: payload.role as Role };
  } catch {
    return null;
  }
}

/**
 * Reads the bearer token if any. A token that does not verify (expired, garbage) leaves the caller anonymous:
 * public routes answer as they would to anyone (an SDK that still attaches a stale token can browse and refresh),
 * and only routes that need a principal answer 401 AUTH_INVALID_TOKEN. Without a secret
 * nothing is verified: the caller is anonymous and requireRole answers 503.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  if (!header || !jwtSecret(c.env)) {
    c.set("principal", null);
    return next();
  }
  const match = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/.exec(header);
  const principal = match ? await verifyAccessToken(c.env, match[1]!) : null;
  c.set("principal", principal);
  c.set("invalidToken", principal === null);
  return next();
};

function unauthenticated(c: { get(key: "invalidToken"): boolean }): ApiError {
  return c.get("invalidToken")
    ? new ApiError("AUTH_INVALID_TOKEN", "the access token is missing, malformed, expired or invalid")
    : new ApiError("AUTH_REQUIRED", "authentication required");
}

/** Role check runs before any lookup, so a forbidden caller learns nothing about the resource. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    signingSecret(c.env);
    const principal = c.get("principal");
    if (!principal) throw unauthenticated(c);
    if (!roles.includes(principal.role)) throw new ApiError("FORBIDDEN", "this action is not allowed for your role");
    return next();
  };
}

export function principalOf(c: { get(key: "principal"): Principal | null; get(key: "invalidToken"): boolean }): Principal {
  const p = c.get("principal");
  if (!p) throw unauthenticated(c);
  return p;
}

