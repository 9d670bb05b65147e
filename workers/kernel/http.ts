import { OpenAPIHono, z, createRoute, type RouteConfig } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { ApiError, type ApiErrorItem } from "./errors";
import type { AppEnv } from "./http-env";
import { requireRole, type Role } from "./auth";
import type { Result } from "./result";
// Installs the readable validation messages (z.config) before any route validates a request.
import "./schema";

// ---- Envelope (contract §1) -------------------------------------------------------------------------------

export function metadata(c: Context<AppEnv>, extra: Record<string, unknown> = {}) {
  return { requestId: c.get("requestId"), timestamp: new Date().toISOString(), ...extra };
}

export function respond<T, S extends 200 | 201 | 202>(c: Context<AppEnv>, data: T, status: S, extra: Record<string, unknown> = {}) {
  return c.json({ data, metadata: metadata(c, extra) }, status);
}

export function errorBody(c: Context<AppEnv>, errors: ApiErrorItem[]) {
  return { errors, metadata: metadata(c) };
}

// ---- OpenAPI schemas shared by every route ----------------------------------------------------------------

export const MetadataSchema = z
  .object({ requestId: z.string(), timestamp: z.string(), nextCursor: z.string().nullable().optional() })
  .openapi("Metadata");

export const ErrorEnvelopeSchema = z
  .object({
    errors: z.array(z.object({ code: z.string(), message: z.string(), field: z.string().optional() })),
    metadata: MetadataSchema,
  })
  .openapi("ErrorEnvelope");

export const envelope = <T extends z.ZodTypeAny>(data: T) => z.object({ data, metadata: MetadataSchema });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Validation failed: every field error is listed",
  401: "Not authenticated",
  403: "Not allowed for this role",
  404: "Not found (or owned by someone else)",
  409: "Conflict with the current state",
  413: "Body larger than 1 MB",
  415: "Body is not JSON",
  422: "Idempotency-Key reused with a different body",
  423: "Account locked",
  429: "Rate limited (see Retry-After)",
  500: "Unexpected error (a bug)",
  503: "Authentication is not configured on this deployment (JWT_SECRET missing): no token is accepted",
};

/** A required JSON request body of `schema`, as a route's `request.body`. */
export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ content: { "application/json": { schema } }, required: true });

/** A use case's value, or its rejection thrown as the API error it maps to (kernel/errors.ts). */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw ApiError.fromRejection(r);
  return r.value;
}

export const IdempotencyKeyHeader = z.object({
  "idempotency-key": z.string().min(1).max(255).optional().openapi({ description: "Stripe-style idempotency key (1–255 chars), kept 24 h" }),
});

// Cursors are base64url (kernel/cursor.ts): the pattern says so; whether one was issued here is CURSOR_RULE.
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;

export const PaginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .refine((s) => CURSOR.test(s), { message: "the cursor is not one this API issued", params: { code: "INVALID_CURSOR" } })
    .openapi({ pattern: CURSOR.source })
    .optional(),
});

/**
 * A rule JSON Schema cannot state (the order of two dates, the state of a resource, a token only this API
 * issues): listed in the operation's description as "- 409 `CODE`: when", with a stable error code, so a client
 * (and the conformance test) knows which answers a schema-valid request may still get.
 */
export interface DocumentedRule {
  status: 400 | 403 | 404 | 409;
  code: string;
  when: string;
}

const CURSOR_RULE: DocumentedRule = { status: 400, code: "INVALID_CURSOR", when: "the cursor is not one this API issued (cursors are opaque; pass back `metadata.nextCursor`)" };

interface RouteSpec<R extends RouteConfig["request"]> {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  tags: string[];
  summary: string;
  roles?: Role[] | "any";
  /** Extra guards run after the role check and before validation (rate limits), so they also count bad requests. */
  middleware?: MiddlewareHandler<AppEnv>[];
  request?: R;
  success: { status: 200 | 201 | 202; schema: z.ZodTypeAny; description: string };
  errors?: number[];
  /** Conditional GET: documents 304 Not Modified (no body) for a matching If-None-Match. */
  notModified?: boolean;
  /** Rules beyond the schemas, each with its status and code (see DocumentedRule). */
  rules?: DocumentedRule[];
  description?: string;
}

/** createRoute with the conventions filled in: auth, role guard, standard error responses, idempotency header. */
export function route<R extends RouteConfig["request"]>(spec: RouteSpec<R>) {
  const middleware: MiddlewareHandler<AppEnv>[] = [];
  if (spec.roles === "any") middleware.push(requireRole("CUSTOMER", "SELLER", "ADMIN"));
  else if (spec.roles) middleware.push(requireRole(...spec.roles));
  middleware.push(...(spec.middleware ?? []));
  const statuses = new Set(spec.errors ?? []);
  statuses.add(500);
  if (spec.request?.body || spec.request?.query || spec.request?.params) statuses.add(400);
  // The body guard runs on every write, with or without a documented body: a POST with any body may be 413/415.
  if (spec.request?.body || spec.method === "post" || spec.method === "put" || spec.method === "patch") {
    statuses.add(413);
    statuses.add(415);
  }
  if (spec.roles) {
    statuses.add(401);
    statuses.add(403);
    statuses.add(503);
  }
  const query = spec.request?.query as { shape?: Record<string, unknown> } | undefined;
  const rules = [...(spec.rules ?? []), ...(query?.shape && "cursor" in query.shape ? [CURSOR_RULE] : [])];
  for (const r of rules) statuses.add(r.status);
  const description = [spec.description, rules.length ? `Besides the schemas, the server checks:\n${rules.map((r) => `- ${r.status} \`${r.code}\`: ${r.when}`).join("\n")}` : undefined]
    .filter(Boolean)
    .join("\n\n");
  const writes = spec.method === "post";
  if (writes) statuses.add(422);
  const responses: RouteConfig["responses"] = {
    [spec.success.status]: { description: spec.success.description, content: { "application/json": { schema: envelope(spec.success.schema) } } },
  };
  if (spec.notModified) responses[304] = { description: "Not modified: the If-None-Match entity tag still matches" };
  for (const s of [...statuses].sort()) {
    responses[s] = { description: ERROR_DESCRIPTIONS[s] ?? "Error", content: { "application/json": { schema: ErrorEnvelopeSchema } } };
  }
  const request = writes ? { ...(spec.request ?? {}), headers: IdempotencyKeyHeader } : spec.request;
  return createRoute({
    method: spec.method,
    path: spec.path,
    tags: spec.tags,
    summary: spec.summary,
    ...(description ? { description } : {}),
    ...(spec.roles ? { security: [{ bearerAuth: [] }] } : {}),
    middleware,
    request: request as R,
    responses,
  });
}

/**
 * Validation errors: every issue of the request, each with its field path (contract §1) and a readable message
 * (kernel/schema.ts); an unknown field is reported under its own name.
 */
export function zodErrors(error: z.ZodError, where: string): ApiErrorItem[] {
  const item = (path: PropertyKey[], message: string, code = "VALIDATION_FAILED"): ApiErrorItem => {
    const joined = path.map(String).join(".");
    const field = where === "json" ? joined : [where, joined].filter(Boolean).join(".");
    return { code, message, ...(field ? { field } : {}) };
  };
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => item([...issue.path, key], issue.message))
      // A refinement may name its own stable code (params.code), documented as a rule of its route.
      : [item(issue.path, issue.message, issue.code === "custom" && typeof issue.params?.code === "string" ? issue.params.code : undefined)],
  );
}

export function newRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw ApiError.many(400, zodErrors(result.error as z.ZodError, (result as { target?: string }).target ?? "json"));
      }
      return undefined;
    },
  });
}

/**
 * The methods a path answers to, for 405's `Allow` header (RFC 9110 §15.5.6), from the router's own table:
 * `:param` segments match one segment, `*` the rest. Middleware (method ALL) is not a route. HEAD is listed with
 * GET because Hono answers it from the GET handler.
 */
export function allowedMethods(routes: readonly { method: string; path: string }[], path: string): string[] {
  const methods = new Set<string>();
  for (const r of routes) {
    if (r.method === "ALL") continue;
    const source = r.path.split("/").map((seg) => (seg === "*" ? ".*" : seg.startsWith(":") ? "[^/]+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/");
    if (new RegExp(`^${source}$`).test(path)) methods.add(r.method);
  }
  if (methods.has("GET")) methods.add("HEAD");
  const order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
  return [...methods].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
