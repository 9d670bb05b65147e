import type { MiddlewareHandler } from "hono";
import { ApiError } from "./errors";
import type { AppEnv } from "./http-env";

// Read-your-writes at the edge (contract §5) through D1's Sessions API.
//
// Why a request-scoped env and not a session argument threaded through every service: the services already take
// `env` and open `db(env.DB_PRODUCT)`; swapping the binding for a session-backed one in the request's `c.env`
// routes every catalogue/list/review read of the request through one session without touching each call site, and
// code that runs outside a request (queue consumers, objects, cron) keeps the plain binding, i.e. the primary.
//
// One session per database per request, created on first use:
//   - a safe request (GET/HEAD) starts at the client's bookmark for that database, or "first-unconstrained" when it
//     has none: the nearest replica may answer, possibly a little stale (the contract allows it for these);
//   - any other request starts at "first-primary": what a write decides on is read current, and its writes go to
//     the primary anyway (D1 sends every write there), so the session's bookmark afterwards is at or after them.
// After the handler, the bookmarks of the sessions used are merged into the client's token and sent back.
//
// Only the databases of catalogue-like data are replicated. The client's own cart and orders must always be current
// (contract §5), auth and lockout decide on what they read, the inventory context's decision records are what a
// stock audit cross-checks, promotions are redeemed on the write path, and the operations database holds the
// idempotency records every POST claims and polls: those keep the plain binding (the primary), as before.
export const CONSISTENCY_HEADER = "x-consistency-token";
export const REPLICATED = {
  product: "DB_PRODUCT",
  review: "DB_REVIEW",
  seller: "DB_SELLER",
  shipping: "DB_SHIPPING",
  notification: "DB_NOTIFICATION",
} as const satisfies Record<string, keyof Env>;
export type ReplicatedDatabase = keyof typeof REPLICATED;

/** The contract's bound on the header (at most 2 KB). Five bookmarks of ~60 characters stay far below it. */
export const MAX_TOKEN_BYTES = 2048;
const TOKEN_VERSION = 1;
// D1 bookmarks are dash-separated hex fields ("0000002a-00000003-00004fa1-<hash>"), ordered so a later point sorts
// after an earlier one. Checked here so a hostile value is a 400, not an error deep in the D1 client.
const BOOKMARK = /^[0-9a-f]{8}(?:-[0-9a-f]{8}){2}-[0-9a-f]{8,64}$/;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type Bookmarks = Partial<Record<ReplicatedDatabase, string>>;

const BY_BINDING = new Map<string, ReplicatedDatabase>(Object.entries(REPLICATED).map(([name, binding]) => [binding, name as ReplicatedDatabase]));

const isReplicated = (name: string): name is ReplicatedDatabase => Object.hasOwn(REPLICATED, name);

/** Encodes bookmarks as the opaque header value: base64url of `{"v":1,"b":{database: bookmark}}`. */
export function encodeToken(bookmarks: Bookmarks): string {
  const json = JSON.stringify({ v: TOKEN_VERSION, b: bookmarks });
  const bytes = new TextEncoder().encode(json);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The bookmarks of a header value, or null when it is not a token this server issued (shape, version, size). */
export function decodeToken(value: string): Bookmarks | null {
  if (value.length === 0 || value.length > MAX_TOKEN_BYTES || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  let parsed: unknown;
  try {
    const binary = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
    parsed = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { v, b } = parsed as { v?: unknown; b?: unknown };
  if (v !== TOKEN_VERSION || typeof b !== "object" || b === null || Array.isArray(b)) return null;
  const out: Bookmarks = {};
  for (const [name, bookmark] of Object.entries(b)) {
    if (!isReplicated(name) || typeof bookmark !== "string" || !BOOKMARK.test(bookmark)) return null;
    out[name] = bookmark;
  }
  return out;
}

/** The later of two bookmarks of one database (they sort in commit order). */
export const laterBookmark = (a: string | undefined, b: string): string => (a !== undefined && a > b ? a : b);

/**
 * A D1Database whose statements run in one session. `exec`, `dump` and `withSession` go to the plain binding, so
 * code that opens its own session (a promotion read at a bookmark, for instance) still can.
 */
function sessionDatabase(plain: D1Database, session: D1DatabaseSession): D1Database {
  return {
    prepare: (query: string) => session.prepare(query),
    batch: <T = unknown>(statements: D1PreparedStatement[]) => session.batch<T>(statements),
    exec: (query: string) => plain.exec(query),
    withSession: (constraint?: string) => plain.withSession(constraint),
    dump: () => plain.dump(),
  };
}

/** The primary of a binding even inside a request whose env routes it through a session: for reads that must be current. */
export const primary = (d1: D1Database): D1Database => sessionDatabase(d1, d1.withSession("first-primary"));

/**
 * The middleware. A malformed, oversized or foreign token is a 400 `INVALID_CONSISTENCY_TOKEN` (contract §1: bad
 * input gets a clear 4xx with a code): ignoring it would silently drop the read-your-writes the client asked for.
 */
export const consistency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const sent = c.req.header(CONSISTENCY_HEADER);
  const incoming = sent === undefined ? {} : decodeToken(sent);
  if (incoming === null) {
    throw new ApiError("INVALID_CONSISTENCY_TOKEN", `${CONSISTENCY_HEADER} is not a token this API issued; send back the value of a response's ${CONSISTENCY_HEADER} unchanged, or none`, CONSISTENCY_HEADER);
  }
  const write = !SAFE_METHODS.has(c.req.method);
  const plainEnv = c.env;
  const sessions = new Map<ReplicatedDatabase, D1DatabaseSession>();
  const databases = new Map<ReplicatedDatabase, D1Database>();
  c.env = new Proxy(plainEnv, {
    get(target, prop, receiver) {
      const name = typeof prop === "string" ? BY_BINDING.get(prop) : undefined;
      if (name === undefined) return Reflect.get(target, prop, receiver) as unknown;
      let d1 = databases.get(name);
      if (!d1) {
        const plain = target[REPLICATED[name]];
        const session = plain.withSession(write ? "first-primary" : incoming[name] ?? "first-unconstrained");
        sessions.set(name, session);
        d1 = sessionDatabase(plain, session);
        databases.set(name, d1);
      }
      return d1;
    },
  });
  try {
    await next();
  } finally {
    c.env = plainEnv;
  }
  const merged: Bookmarks = { ...incoming };
  for (const [name, session] of sessions) {
    const bookmark = session.getBookmark();
    if (bookmark) merged[name] = laterBookmark(merged[name], bookmark);
  }
  // Every write answers a token (contract §5), even one that touched no replicated database: it carries the
  // client's entries forward, so a client may keep just the last token it saw. A read answers one when there is
  // something to carry.
  if (!write && sent === undefined && sessions.size === 0) return;
  const token = encodeToken(merged);
  try {
    c.res.headers.set(CONSISTENCY_HEADER, token);
  } catch {
    // A response with immutable headers (a fetched one): copy it.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(CONSISTENCY_HEADER, token);
  }
};
