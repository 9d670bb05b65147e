import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./http-env";
import { newId } from "./ids";
import { log, logs } from "./logging";
import { ApiError } from "./errors";
import { continueTrace, withTrace } from "./trace";

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * x-request-id: echoed when the client sent a sane one, generated otherwise; also the events' correlationId.
 * traceparent: this request is a new span of the caller's trace; a missing or malformed header starts a new trace
 * (never an error). Everything the request does runs inside that span (log lines, events, outbound calls).
 */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const trace = continueTrace(c.req.header("traceparent"));
  c.set("trace", trace);
  return withTrace(trace, () => handle(c, next));
};

const handle: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = Date.now();
  const given = c.req.header("x-request-id");
  const requestId = given && CLIENT_REQUEST_ID.test(given) ? given : `req_${newId("evt").slice(4)}`;
  c.set("requestId", requestId);
  c.set("principal", null);
  c.set("invalidToken", false);
  c.set("clientAddress", c.req.header("cf-connecting-ip") ?? c.req.header("x-forwarded-for")?.split(",")[0]?.trim() ?? "local");
  await next();
  c.res.headers.set("x-request-id", requestId);
  const status = c.res.status;
  const level = status >= 500 ? "error" : "info";
  // Checked first: at the usual "warn" level, every request would otherwise build a line nobody writes.
  if (!logs(level)) return;
  log(level, "request", {
    requestId,
    correlationId: requestId,
    method: c.req.method,
    route: c.req.routePath,
    path: c.req.path,
    status,
    ms: Date.now() - started,
    principalId: c.get("principal")?.id,
  });
};

const MAX_BODY_BYTES = 1024 * 1024;

/** 413 above 1 MB, 415 for a body that is not JSON; both before any work is done. */
export const bodyGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  if (method !== "POST" && method !== "PUT" && method !== "PATCH") return next();
  const length = c.req.header("content-length");
  if (length !== undefined && Number(length) > MAX_BODY_BYTES) throw new ApiError("PAYLOAD_TOO_LARGE", "the request body is larger than 1 MB");
  const raw = await c.req.raw.clone().arrayBuffer();
  if (raw.byteLength > MAX_BODY_BYTES) throw new ApiError("PAYLOAD_TOO_LARGE", "the request body is larger than 1 MB");
  if (raw.byteLength > 0) {
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/(.+\+)?json\s*(;.*)?$/i.test(type)) throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "the request body must be JSON (content-type: application/json)");
  }
  return next();
};
