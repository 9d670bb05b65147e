import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./http-env";
import { ApiError } from "./errors";

/**
 * Per-client-address limits (contract §1) through Cloudflare's rate-limiting binding rather than a Durable Object
 * counter: the binding counts at the edge location that received the request, with no storage round trip and no
 * single object every login in the world would have to queue behind, and these limits only need to blunt floods
 * from one address. It is approximate across locations by design; the exact per-account protection is the
 * lockout in the auth service, kept in D1. The key is the client address (cf-connecting-ip), so one noisy client
 * cannot exhaust the budget of the others.
 */
export function rateLimit(pick: (env: Env) => RateLimit, bucket: string, periodSeconds = 60): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { success } = await pick(c.env).limit({ key: `${bucket}:${c.get("clientAddress")}` });
    if (!success) {
      throw new ApiError("RATE_LIMITED", "too many requests from this address; retry later", undefined, { "retry-after": String(periodSeconds) });
    }
    return next();
  };
}
