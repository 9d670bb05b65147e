import { AsyncLocalStorage } from "node:async_hooks";

// The binding meter: counts every remote call a request (or an order's asynchronous work) makes through the real
// bindings — D1 statements and batches, Durable Object RPC calls, KV operations, queue sends, rate-limit checks —
// with a logical clock, so the budget test (test/budget/) can compute the *sequential* depth of a request's calls.
//
// It is off unless a test turns it on (`enableMeter`); off, every entry point hands its `env` through unchanged and
// no Proxy exists. Nothing in the Worker turns it on: the switch is a module variable only test code sets (tests
// share the Worker's module registry inside the vitest-plugin isolate, Durable Objects included).
//
// Attribution. workerd's clock stands still during compute, so order is a logical counter bumped at every call's
// start and end. Each entry point (Worker fetch/queue/scheduled, every Durable Object constructor) wraps its env in
// counting Proxies; a request's calls are tied to it through AsyncLocalStorage. AsyncLocalStorage does not cross an
// RPC boundary, so while metering a stub call is routed through the object's `meteredCall(token, method, args)`,
// which re-enters the caller's scope inside the object (parent = the stub call). Work a request starts but does not
// await (post-commit relays, cache fills, metric flushes) runs through `detached`, so it is counted for the order
// but not on the request path.

export type Store = "d1" | "object" | "kv" | "queue" | "edge";
export type Access = "read" | "write";

export interface MeterToken {
  /** The request (its x-request-id) or the background entry (queue:<name>, scheduled, alarm) the call belongs to. */
  scope: string | null;
  /** The stub call whose object is making this call; null on the Worker's own path. */
  parent: number | null;
  /** Started by the request but not awaited by it. */
  detached: boolean;
}

export interface MeterCall {
  id: number;
  scope: string | null;
  parent: number | null;
  detached: boolean;
  kind: Store;
  /** Binding name (DB_CART, Q_ORDER, PRODUCT_CACHE) or object class (OrderObject). */
  store: string;
  /** SQL verb, RPC method or KV/queue operation. */
  op: string;
  access: Access;
  /** A D1 read through a Sessions API session that has not written yet: a nearby replica may answer it. */
  replica: boolean;
  /** The object's name (idFromName) for object calls. */
  target: string | null;
  start: number;
  end: number | null;
}

/** Which Durable Object class each namespace binding holds (wrangler.toml). */
export const OBJECT_CLASSES: Record<string, string> = {
  ORDER: "OrderObject",
  INVENTORY_ITEM: "InventoryItemObject",
  CART: "CartObject",
  EVENT_LOG: "EventLogObject",
};

let enabled = false;
let clock = 0;
let nextId = 1;
let calls: MeterCall[] = [];
const scopeEnds = new Map<string, number>();
const als = new AsyncLocalStorage<MeterToken>();

/** Test seam: turns the meter on for this isolate. Entry points created afterwards are counted. */
export function enableMeter(): void {
  enabled = true;
}

export const meterEnabled = (): boolean => enabled;

/** Test seam: forgets every recorded call. */
export function resetMeter(): void {
  calls = [];
  scopeEnds.clear();
}

/** Test seam: every call recorded since the last reset (oldest first). */
export function meterCalls(): readonly MeterCall[] {
  return calls;
}

/** When the request of that scope returned its response (logical clock), if it has. */
export function scopeEnd(scope: string): number | undefined {
  return scopeEnds.get(scope);
}

const tick = () => ++clock;

async function recorded<T>(kind: Store, store: string, op: string, access: Access, run: (self: MeterCall) => Promise<T>, extra: { replica?: boolean; target?: string | null } = {}): Promise<T> {
  const token = als.getStore() ?? null;
  const call: MeterCall = {
    id: nextId++, scope: token?.scope ?? null, parent: token?.parent ?? null, detached: token?.detached ?? true,
    kind, store, op, access, replica: extra.replica ?? false, target: extra.target ?? null, start: tick(), end: null,
  };
  calls.push(call);
  try {
    return await run(call);
  } finally {
    call.end = tick();
  }
}

/** Runs work the caller starts but does not await (waitUntil, an object's relay) outside the request path. */
export function detached<T>(run: () => T): T {
  if (!enabled) return run();
  const current = als.getStore();
  return als.run({ scope: current?.scope ?? null, parent: current?.parent ?? null, detached: true }, run);
}

/** Runs an entry point (a Worker handler) in its own scope. */
export function inScope<T>(scope: string, isDetached: boolean, run: () => T): T {
  if (!enabled) return run();
  return als.run({ scope, parent: null, detached: isDetached }, run);
}

/** Wraps a Worker fetch handler: the request's calls are counted under its x-request-id. */
export function meteredFetch<E>(handler: (req: Request, env: E, ctx: ExecutionContext) => Response | Promise<Response>) {
  return (req: Request, env: E, ctx: ExecutionContext): Response | Promise<Response> => {
    if (!enabled) return handler(req, env, ctx);
    const scope = req.headers.get("x-request-id") ?? `req-${nextId}`;
    return als.run({ scope, parent: null, detached: false }, async () => {
      try {
        return await handler(req, meterEnv(env), ctx);
      } finally {
        scopeEnds.set(scope, tick());
      }
    });
  };
}

/** What an object answers a metered call it will not run. */
export interface MeterRefusal {
  refused: string;
}

/**
 * The object side of a metered stub call: runs the method in the caller's scope. Refused (answered, not thrown, so
 * nothing is logged as an object failure) unless the meter is on, and only for the class's own public methods, so
 * it is no back door into an object.
 */
export async function meteredInvoke(target: object, token: MeterToken, method: string, args: unknown[]): Promise<unknown> {
  if (!enabled) return { refused: "the binding meter is off" } satisfies MeterRefusal;
  const proto = Object.getPrototypeOf(target) as Record<string, unknown>;
  const fn = Object.hasOwn(proto, method) ? proto[method] : undefined;
  if (typeof fn !== "function" || method === "constructor" || method === "meteredCall" || method.startsWith("_")) {
    return { refused: `not an RPC method: ${method}` } satisfies MeterRefusal;
  }
  return als.run(token, () => (fn as (...a: unknown[]) => unknown).apply(target, args));
}

// ---- binding wrappers -------------------------------------------------------------------------------------

const isWrite = (sql: string) => !/^\s*(select|with\b[\s\S]*\bselect\b(?![\s\S]*\b(insert|update|delete)\b)|pragma|explain)/i.test(sql);
const verb = (sql: string) => (/^\s*(\w+)/.exec(sql)?.[1] ?? "sql").toUpperCase();

interface SessionState {
  wrote: boolean;
}

const realStatements = new WeakMap<object, D1PreparedStatement>();

function wrapStatement(name: string, stmt: D1PreparedStatement, sql: string, session: SessionState | null): D1PreparedStatement {
  const write = isWrite(sql);
  const run = <T>(op: string, f: () => Promise<T>) => {
    const replica = session !== null && !write && !session.wrote;
    if (session && write) session.wrote = true;
    return recorded("d1", name, `${verb(sql)}${op === "" ? "" : ` ${op}`}`, write ? "write" : "read", f, { replica });
  };
  const proxy = new Proxy(stmt, {
    get(t, prop) {
      if (prop === "bind") return (...values: unknown[]) => wrapStatement(name, t.bind(...values), sql, session);
      if (prop === "first") return (col?: string) => run("", () => (col === undefined ? t.first() : t.first(col)));
      if (prop === "all") return () => run("", () => t.all());
      if (prop === "run") return () => run("", () => t.run());
      if (prop === "raw") return (opts?: { columnNames?: boolean }) => run("", () => (opts?.columnNames ? t.raw({ columnNames: true }) : t.raw()));
      const v = Reflect.get(t, prop, t) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  realStatements.set(proxy, stmt);
  return proxy;
}

const unwrap = (s: D1PreparedStatement) => realStatements.get(s) ?? s;

function batchOf(name: string, session: SessionState | null, batch: (s: D1PreparedStatement[]) => Promise<D1Result[]>, statements: D1PreparedStatement[], sqls: string[]) {
  const write = sqls.some(isWrite);
  const replica = session !== null && !write && !session.wrote;
  if (session && write) session.wrote = true;
  return recorded("d1", name, `BATCH(${sqls.map(verb).join(",")})`, write ? "write" : "read", () => batch(statements.map(unwrap)), { replica });
}

const statementSql = new WeakMap<object, string>();

function wrapD1(name: string, d1: D1Database): D1Database {
  const prepare = (target: { prepare(q: string): D1PreparedStatement }, session: SessionState | null) => (q: string) => {
    const s = wrapStatement(name, target.prepare(q), q, session);
    statementSql.set(s, q);
    return s;
  };
  const sqlOf = (s: D1PreparedStatement) => statementSql.get(s) ?? (s as unknown as { statement?: string }).statement ?? "";
  return new Proxy(d1, {
    get(t, prop) {
      if (prop === "prepare") return prepare(t, null);
      if (prop === "batch") return (stmts: D1PreparedStatement[]) => batchOf(name, null, (s) => t.batch(s), stmts, stmts.map(sqlOf));
      if (prop === "exec") return (q: string) => recorded("d1", name, "EXEC", isWrite(q) ? "write" : "read", () => t.exec(q));
      if (prop === "withSession") {
        return (constraint?: string) => {
          const session = t.withSession(constraint);
          // A "first-primary" session reads the primary first, and the meter cannot tell which later read a replica
          // answers: all of its reads count as primary reads (the conservative choice for the budget).
          const state: SessionState = { wrote: constraint === "first-primary" };
          return new Proxy(session, {
            get(st, p) {
              if (p === "prepare") return prepare(st, state);
              if (p === "batch") return (stmts: D1PreparedStatement[]) => batchOf(name, state, (s) => st.batch(s), stmts, stmts.map(sqlOf));
              const v = Reflect.get(st, p, st) as unknown;
              return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(st) : v;
            },
          });
        };
      }
      const v = Reflect.get(t, prop, t) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

/** Object methods that only read (by the project's naming); every other RPC call may write. */
const READ_METHODS = /^(snapshot|view|get|read|levels|audit)/;

// Stub calls keep the method's arguments and result; the result is awaited (no promise pipelining while metering).
function wrapStub(className: string, stub: DurableObjectStub, target: string | null): DurableObjectStub {
  return new Proxy(stub, {
    get(t, prop) {
      if (typeof prop !== "string" || prop === "id" || prop === "name" || prop === "then") return Reflect.get(t, prop, t) as unknown;
      return (...args: unknown[]) =>
        recorded("object", className, prop, READ_METHODS.test(prop) ? "read" : "write", (self) => {
          const here = als.getStore();
          const token: MeterToken = { scope: here?.scope ?? null, parent: self.id, detached: here?.detached ?? true };
          const rpc = t as unknown as { meteredCall(token: MeterToken, method: string, args: unknown[]): Promise<unknown> };
          return rpc.meteredCall(token, prop, args);
        }, { target });
    },
  });
}

function wrapNamespace(binding: string, ns: DurableObjectNamespace): DurableObjectNamespace {
  const className = OBJECT_CLASSES[binding] ?? binding;
  const names = new Map<string, string>();
  return new Proxy(ns, {
    get(t, prop) {
      if (prop === "idFromName") {
        return (name: string) => {
          const id = t.idFromName(name);
          names.set(id.toString(), name);
          return id;
        };
      }
      if (prop === "get") return (id: DurableObjectId, opts?: DurableObjectNamespaceGetDurableObjectOptions) => wrapStub(className, t.get(id, opts), names.get(id.toString()) ?? id.toString());
      if (prop === "getByName") return (name: string, opts?: DurableObjectNamespaceGetDurableObjectOptions) => wrapStub(className, t.getByName(name, opts), name);
      const v = Reflect.get(t, prop, t) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

const KV_READS = new Set(["get", "getWithMetadata", "list"]);
const KV_WRITES = new Set(["put", "delete"]);

function wrapMethods<T extends object>(value: T, kind: Store, store: string, accessOf: (op: string) => Access | null): T {
  return new Proxy(value, {
    get(t, prop) {
      const v = Reflect.get(t, prop, t) as unknown;
      if (typeof prop !== "string" || typeof v !== "function") return v;
      const access = accessOf(prop);
      const f = (v as (...a: unknown[]) => Promise<unknown>).bind(t);
      return access ? (...args: unknown[]) => recorded(kind, store, prop, access, () => f(...args)) : f;
    },
  });
}

function wrapBinding(name: string, value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (name.startsWith("DB_")) return wrapD1(name, value as D1Database);
  if (name in OBJECT_CLASSES) return wrapNamespace(name, value as DurableObjectNamespace);
  if (name.startsWith("Q_")) return wrapMethods(value, "queue", name, (op) => (op === "send" || op === "sendBatch" ? "write" : null));
  if (name === "PRODUCT_CACHE") return wrapMethods(value, "kv", name, (op) => (KV_READS.has(op) ? "read" : KV_WRITES.has(op) ? "write" : null));
  if (name.endsWith("_LIMITER")) return wrapMethods(value, "edge", name, (op) => (op === "limit" ? "write" : null));
  return value;
}

const wrappedEnvs = new WeakMap<object, object>();

/** The env an entry point should use: itself when the meter is off, counting Proxies over its bindings when on. */
export function meterEnv<E>(env: E): E {
  if (!enabled || env === null || typeof env !== "object") return env;
  const existing = wrappedEnvs.get(env as object);
  if (existing) return existing as E;
  const cache = new Map<string, unknown>();
  const proxy = new Proxy(env as object, {
    get(t, prop) {
      const v = Reflect.get(t, prop, t) as unknown;
      if (typeof prop !== "string") return v;
      if (!cache.has(prop)) cache.set(prop, wrapBinding(prop, v));
      return cache.get(prop);
    },
  });
  wrappedEnvs.set(env as object, proxy);
  return proxy as E;
}
