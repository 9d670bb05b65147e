import type { Context, MiddlewareHandler } from "hono";
import { and, eq, lt, or } from "drizzle-orm";
import { idempotencyKeys } from "../../schema/operations/tables";
import { db } from "../events/outbox-d1";
import { ApiError } from "./errors";
import type { AppEnv } from "./http-env";

// Idempotency-Key with Stripe's semantics (contract §1): scoped to caller + method + path; same key and body within
// 24 h replays the first response without re-executing; a different body is 422; a concurrent duplicate waits for
// the first and replays it. Responses that rejected the request before it ran (4xx other than 404/409, and 5xx)
// are not kept, so a corrected retry with the same key can run.
const TTL_MS = 24 * 3600 * 1000;
const LOCK_MS = 30_000;
const WAIT_STEP_MS = 25;
const WAIT_MAX_MS = 15_000;
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
 * /carts/me/...) in the cart object and an order's submit and cancel in the order object, which each of those
 * routes calls exactly once (durable-objects/shared/kept-replies.ts).
 */
const KEPT_BY_ROUTE = /^\/api\/v1\/(carts\/me\/|orders\/[^/]+\/(submit|cancel)$)/;

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

  if (claimed.length === 0) {
    let row = seen;
    for (let waited = 0; ; waited += WAIT_STEP_MS) {
      if (!row) break; // the first attempt's result was not kept: run this one
      if (row.bodyHash !== bodyHash) throw ApiError.fromRejection(keyReused());
      if (row.state === "DONE" && row.status !== null && row.response !== null) return replay(row.status, row.response, c.get("requestId"));
      if (waited >= WAIT_MAX_MS) throw new ApiError("IDEMPOTENCY_REQUEST_IN_PROGRESS", "a request with this Idempotency-Key is still in progress");
      await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
      [row] = await d.select().from(idempotencyKeys).where(eq(idempotencyKeys.scope, scope));
    }
    return idempotency(c, next);
  }

  let kept = false;
  try {
    await next();
    const status = c.res.status;
    if (keptStatus(status)) {
      const body = await c.res.clone().text();
      await d
        .update(idempotencyKeys)
        .set({ state: "DONE", status, response: body })
        .where(eq(idempotencyKeys.scope, scope));
      kept = true;
    }
  } finally {
    if (!kept) await d.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.state, "IN_FLIGHT")));
  }
};

/** Drops records past their 24 h (run from the cron trigger). */
export async function pruneIdempotencyKeys(env: Env, now = Date.now()): Promise<void> {
  await db(env.DB_OPERATIONS).delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now));
}
