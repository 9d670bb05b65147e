import type { Context, MiddlewareHandler } from "hono";
import { and, eq, lt, or } from "drizzle-orm";
import { idempotencyKeys } from "../../schema/operations/tables";
import { loginReplies } from "../../schema/customer/tables";
import { db } from "../events/outbox-d1";
import { ApiError } from "./errors";
import { detached } from "./meter";
import { log, errorFields } from "./logging";
import type { AppEnv } from "./http-env";

// Idempotency-Key with Stripe's semantics (contract §1): scoped to caller + method + path; same key and body within
// 24 h replays the first response without re-executing; a different body is 422; a concurrent duplicate waits for
// the first and replays it. Responses that rejected the request before it ran (4xx other than 404/409, and 5xx)
// are not kept, so a corrected retry with the same key can run.
const TTL_MS = 24 * 3600 * 1000;
const LOCK_MS = 30_000;
const WAIT_STEP_MS = 25;
const WAIT_MAX_MS = 15_000;
/** Records that vanish under a request (each one not kept) are claimed again at most this often. */
const MAX_CLAIMS = 5;
/** The answers a key keeps: the request ran (a success, a 404 or a 409); anything else may be retried. */
export const keptStatus = (status: number): boolean => status < 400 || status === 404 || status === 409;

/**
 * What a route whose own store keeps its records receives instead of a record in the operations database: the
 * key's scope (caller + method + path + key, hashed) and the body's hash.
 */
export interface IdempotencyKey {
  scope: string;
  bodyHash: string;
}

/**
 * Routes that keep their records where they write anyway, at no extra round trip: the shopper's cart (POST
 * /carts/me/items, /promotions, /checkout) in the cart object, an order's submit and cancel in the order object,
 * which each of those routes calls exactly once (durable-objects/shared/kept-replies.ts), and login in the customer
 * database's own write batch (customer/auth-service.ts). Exact paths, not a prefix: a new route takes the general
 * path until it hands the key on to its own store itself.
 */
const KEPT_BY_ROUTE = /^\/api\/v1\/(carts\/me\/(items|promotions|checkout)|orders\/[^/]+\/(submit|cancel)|auth\/login)$/;

/** The key for the route's own store, when the middleware left the record to it. */
export const routeKeptKey = (c: Context<AppEnv>): IdempotencyKey | null => c.get("idempotencyKey") ?? null;

/** The value of a route-kept reply, or its rejection thrown; a reply replayed for the key says so in a header. */
export function replayedOrValue<T>(c: Context<AppEnv>, r: ({ ok: true; value: T } | { ok: false; code: string; message: string; field?: string }) & { replayed?: true }): T {
  const headers: Record<string, string> = r.replayed ? { "idempotent-replayed": "true" } : {};
  if (!r.ok) throw new ApiError(r.code, r.message, r.field, headers);
  if (r.replayed) c.header("idempotent-replayed", "true");
  return r.value;
}

export const keyReused = () => ({ ok: false as const, code: "IDEMPOTENCY_KEY_REUSED", message: "this Idempotency-Key was used with a different request body", field: "idempotency-key" });

async function sha256(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...d].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function replay(status: number, response: string, requestId: string): Response {
  return new Response(response, {
    status,
    headers: { "content-type": "application/json", "idempotent-replayed": "true", "x-request-id": requestId },
  });
}

export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header("idempotency-key");
  if (c.req.method !== "POST" || key === undefined) return next();
  if (key.length < 1 || key.length > 255) throw new ApiError("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1–255 characters", "idempotency-key");

  const principal = c.get("principal");
  const caller = principal ? principal.id : `addr:${c.get("clientAddress")}`;
  const scope = await sha256(`${caller}\n${c.req.method} ${c.req.path}\n${key}`);
  const bodyHash = await sha256(await c.req.raw.clone().text());
  if (KEPT_BY_ROUTE.test(c.req.path)) {
    c.set("idempotencyKey", { scope, bodyHash });
    return next();
  }
  const d = db(c.env.DB_OPERATIONS);

  // The claim is asked for while the handler already runs: its reads overlap the claim's round trip, and its first
  // write waits for the claim (writesAfter). Won, the handler goes on; lost, its writes never start and the kept
  // response (or 422) answers instead. The completion is recorded after the response, off the request path.
  const claim = gate();
  c.env = writesAfter(c.env, claim.opened);
  const handler = next();
  for (let attempt = 0, waited = 0; ; attempt++) {
    const now = Date.now();
    // Claim the key, or take over an expired record or a lock abandoned by a crashed request. The record is read
    // back in the same batch (one D1 round trip), so a replay is answered without a second query.
    const [claimed, [seen]] = await d.batch([
      d
        .insert(idempotencyKeys)
        .values({ scope, bodyHash, state: "IN_FLIGHT", lockedUntil: now + LOCK_MS, expiresAt: now + TTL_MS })
        .onConflictDoUpdate({
          target: idempotencyKeys.scope,
          set: { bodyHash, state: "IN_FLIGHT", status: null, response: null, lockedUntil: now + LOCK_MS, expiresAt: now + TTL_MS },
          setWhere: or(lt(idempotencyKeys.expiresAt, now), and(eq(idempotencyKeys.state, "IN_FLIGHT"), lt(idempotencyKeys.lockedUntil, now))),
        })
        .returning({ scope: idempotencyKeys.scope }),
      d.select().from(idempotencyKeys).where(eq(idempotencyKeys.scope, scope)),
    ]);
    if (claimed.length > 0) break;
    const inProgress = () => new ApiError("IDEMPOTENCY_REQUEST_IN_PROGRESS", "a request with this Idempotency-Key is still in progress");
    if (attempt >= MAX_CLAIMS) throw inProgress();
    let row = seen;
    for (; row; waited += WAIT_STEP_MS) {
      if (row.bodyHash !== bodyHash) throw ApiError.fromRejection(keyReused());
      if (row.state === "DONE" && row.status !== null && row.response !== null) {
        // Set, not only returned: a handler that already answered (it wrote nothing) has finalized the context.
        c.res = replay(row.status, row.response, c.get("requestId"));
        return c.res;
      }
      if (waited >= WAIT_MAX_MS) throw inProgress();
      await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
      [row] = await d.select().from(idempotencyKeys).where(eq(idempotencyKeys.scope, scope));
    }
    // The first attempt's result was not kept (its record is gone): claim again and run this one.
  }
  claim.open();
  const complete = (finish: () => Promise<unknown>) =>
    c.executionCtx.waitUntil(detached(finish).catch((err: unknown) => {
      // The record stays IN_FLIGHT: a duplicate waits until its lock lapses, then runs (as after a crash).
      log("warn", "idempotency record not completed", { requestId: c.get("requestId"), ...errorFields(err) });
    }));
  const forget = () => d.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.state, "IN_FLIGHT")));
  try {
    await handler;
  } catch (err) {
    complete(forget);
    throw err;
  }
  const status = c.res.status;
  if (!keptStatus(status)) return complete(forget);
  const response = c.res.clone();
  complete(async () => d.update(idempotencyKeys).set({ state: "DONE", status, response: await response.text() }).where(eq(idempotencyKeys.scope, scope)));
};

/** A promise the middleware opens once the key is claimed (it never opens for a request that lost the claim). */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

const READ_SQL = /^\s*select\b/i;
/** Object methods that only read (the project's naming); every other call may change the object. */
const OBJECT_READS = new Set(["snapshot", "view", "levels"]);

/**
 * The request's bindings with every write held until `opened`: D1 statements other than SELECT (alone or in a
 * batch), Durable Object calls other than reads, queue sends, cache writes, email. Reads go straight through.
 */
export function writesAfter(env: Env, opened: Promise<void>): Env {
  const inner = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<object, string>();
  const statement = (stmt: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const write = !READ_SQL.test(sql);
    const proxy = new Proxy(stmt, {
      get(t, prop) {
        if (prop === "bind") return (...values: unknown[]) => statement(t.bind(...values), sql);
        const v = Reflect.get(t, prop, t) as unknown;
        if (typeof v !== "function") return v;
        const f = (v as (...a: unknown[]) => unknown).bind(t);
        return write && (prop === "run" || prop === "all" || prop === "first" || prop === "raw") ? async (...a: unknown[]) => (await opened, f(...a)) : f;
      },
    });
    inner.set(proxy, stmt);
    sqlOf.set(proxy, sql);
    return proxy;
  };
  const database = <D extends { prepare(q: string): D1PreparedStatement; batch(s: D1PreparedStatement[]): Promise<D1Result[]> }>(d1: D): D =>
    new Proxy(d1, {
      get(t, prop) {
        if (prop === "prepare") return (q: string) => statement(t.prepare(q), q);
        if (prop === "batch") {
          return async (stmts: D1PreparedStatement[]) => {
            if (stmts.some((s) => !READ_SQL.test(sqlOf.get(s) ?? ""))) await opened;
            return t.batch(stmts.map((s) => inner.get(s) ?? s));
          };
        }
        if (prop === "withSession") return (constraint?: string) => database((t as unknown as D1Database).withSession(constraint));
        if (prop === "exec") return async (q: string) => (await opened, (t as unknown as D1Database).exec(q));
        const v = Reflect.get(t, prop, t) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
  const held = <T extends object>(value: T, isWrite: (method: string) => boolean): T =>
    new Proxy(value, {
      get(t, prop) {
        const v = Reflect.get(t, prop, t) as unknown;
        if (typeof prop !== "string" || typeof v !== "function") return v;
        const f = (v as (...a: unknown[]) => unknown).bind(t);
        return isWrite(prop) ? async (...a: unknown[]) => (await opened, f(...a)) : f;
      },
    });
  const namespace = (ns: DurableObjectNamespace): DurableObjectNamespace =>
    new Proxy(ns, {
      get(t, prop) {
        if (prop === "get") return (id: DurableObjectId, o?: DurableObjectNamespaceGetDurableObjectOptions) => stub(t.get(id, o));
        if (prop === "getByName") return (name: string, o?: DurableObjectNamespaceGetDurableObjectOptions) => stub(t.getByName(name, o));
        const v = Reflect.get(t, prop, t) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
  // An RPC stub answers every property name with a callable, so only the names that are not calls pass through.
  const stub = (s: DurableObjectStub): DurableObjectStub =>
    new Proxy(s, {
      get(t, prop) {
        if (typeof prop !== "string" || prop === "id" || prop === "name" || prop === "then" || OBJECT_READS.has(prop)) return Reflect.get(t, prop, t) as unknown;
        const f = Reflect.get(t, prop, t) as (...a: unknown[]) => unknown;
        // Reflect.apply: on an RPC stub, `f.apply` would itself be a remote method named "apply".
        return async (...a: unknown[]) => (await opened, Reflect.apply(f, t, a));
      },
    });
  const cache = new Map<string, unknown>();
  return new Proxy(env, {
    get(t, prop) {
      const v = Reflect.get(t, prop, t) as unknown;
      if (typeof prop !== "string" || v === null || typeof v !== "object") return v;
      if (!cache.has(prop)) {
        cache.set(prop,
          prop.startsWith("DB_") ? database(v as D1Database)
          : "idFromName" in v ? namespace(v as DurableObjectNamespace)
          : prop.startsWith("Q_") ? held(v, (m) => m === "send" || m === "sendBatch")
          : prop === "PRODUCT_CACHE" ? held(v, (m) => m === "put" || m === "delete")
          : prop === "EMAIL" ? held(v, (m) => m === "send")
          : v);
      }
      return cache.get(prop);
    },
  });
}

/** Drops records past their 24 h, here and login's in the customer database (run from the cron trigger). */
export async function pruneIdempotencyKeys(env: Env, now = Date.now()): Promise<void> {
  await Promise.all([
    db(env.DB_OPERATIONS).delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now)),
    db(env.DB_CUSTOMER).delete(loginReplies).where(lt(loginReplies.expiresAt, now)),
  ]);
}
