import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./http-env";
import { ApiError } from "./errors";

/**
 * Per-client-address limits through Cloudflare's rate-limiting binding: counted at the edge location, no storage
 * round trip on the hot path. It is approximate across locations by design; exact per-account protection is the
 * lockout in the auth service, which is kept in D1.
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
