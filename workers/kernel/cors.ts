import type { MiddlewareHandler } from "hono";
import { allowedMethods } from "./http";
import type { AppEnv } from "./http-env";

// CORS for storefronts served from another origin (contract §5: they must be able to read `x-consistency-token`).
// Fail closed: only origins listed exactly in CORS_ALLOWED_ORIGINS (comma-separated `scheme://host[:port]`) are
// answered; an empty or missing setting allows none, and a wildcard or malformed entry allows nothing (it is never
// widened to "any origin"). The API authenticates with a bearer token, never a cookie, so no request needs
// credentials mode and `Access-Control-Allow-Credentials` is never sent.

/** Response headers a cross-origin storefront may read: the ones the contract gives meaning to. */
const EXPOSED = ["x-consistency-token", "idempotent-replayed", "traceparent", "retry-after", "x-request-id", "allow", "location"].join(", ");
/** Request headers a cross-origin storefront may send. */
const ALLOWED_HEADERS = ["authorization", "content-type", "idempotency-key", "x-consistency-token", "traceparent", "tracestate"].join(", ");
/** How long a browser may reuse a preflight's answer. */
const MAX_AGE_SECONDS = "600";
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

const parsed = new Map<string, ReadonlySet<string>>();
/** The allowed origins of a setting (parsed once per distinct value; each isolate sees one or two). */
export function allowedOrigins(setting: string | undefined): ReadonlySet<string> {
  const raw = setting ?? "";
  let set = parsed.get(raw);
  if (!set) {
    set = new Set(raw.split(",").map((o) => o.trim().toLowerCase()).filter((o) => ORIGIN.test(o)));
    parsed.set(raw, set);
  }
  return set;
}

/**
 * Answers a preflight from an allowed origin for a known path and method with 204; adds the allow and expose headers
 * to every other response to an allowed origin. Anything else passes untouched: a preflight from another origin, or
 * for a path or method the API does not have, keeps its 404/405 (issue 20), and so the browser refuses the call.
 */
export function cors(routes: () => readonly { method: string; path: string }[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origin === undefined) return next();
    const allowed = allowedOrigins(c.env.CORS_ALLOWED_ORIGINS);
    if (allowed.size === 0) return next();
    if (!allowed.has(origin.toLowerCase())) {
      await next();
      varied(c);
      return;
    }
    const requested = c.req.header("access-control-request-method");
    if (c.req.method === "OPTIONS" && requested !== undefined) {
      const methods = allowedMethods(routes(), c.req.path);
      if (methods.includes(requested.toUpperCase())) {
        return new Response(null, {
          status: 204,
          headers: {
            "access-control-allow-origin": origin,
            "access-control-allow-methods": methods.join(", "),
            "access-control-allow-headers": ALLOWED_HEADERS,
            "access-control-max-age": MAX_AGE_SECONDS,
            vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
            "x-request-id": c.get("requestId"),
          },
        });
      }
    }
    await next();
    const headers = varied(c);
    headers?.set("access-control-allow-origin", origin);
    headers?.set("access-control-expose-headers", EXPOSED);
  };
}

/**
 * Adds `Vary: Origin` (the answer depends on the Origin whenever CORS is configured, so a shared cache never serves
 * one origin's answer to another) and returns the headers to add to, copying the response first when its headers
 * are immutable (a fetched static asset). A WebSocket upgrade is not subject to CORS (and its 101 cannot be copied).
 */
function varied(c: { res: Response }): Headers | null {
  if (c.res.status === 101) return null;
  try {
    c.res.headers.append("vary", "Origin");
  } catch {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.append("vary", "Origin");
  }
  return c.res.headers;
}
