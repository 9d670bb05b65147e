// Typed storefront client for the Edge Commerce API.
//
//   const store = createStoreClient({ baseUrl: "http://127.0.0.1:8787" });
//   await store.signIn("ada@example.com", "Secret-pass-1");
//   const cart = await store.call(store.api.POST("/api/v1/carts/me/items", { body: { productId, quantity: 2 } }));
//   for await (const update of store.liveOrder(orderId)) console.log(update.status);
//
// `api` is an openapi-fetch client over the types generated from /openapi.json (src/schema.ts), so paths, bodies
// and responses are checked by the compiler. Every request goes through one fetch wrapper that:
//   - gives every POST an Idempotency-Key (unless the caller set one) and sends the same key on each retry, so a
//     retried checkout or submit is executed once (contract §1);
//   - carries `x-consistency-token` from the last response that had one into every later request (read-your-writes
//     at the edge, contract §5);
//   - retries a 429 after its Retry-After, at most `maxRetries` times;
//   - sends the access token, and on a 401 refreshes the pair once (single flight: refresh tokens rotate, so two
//     concurrent refreshes would race) and replays the request.
import createClient from "openapi-fetch";
import type { paths, components } from "./schema.ts";

export type { paths, components };
export type Schemas = components["schemas"];

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

export interface ApiErrorItem {
  code: string;
  message: string;
  field?: string;
}

/** An error answer of the API: its status and its `errors[]` (each with a code, a message and maybe a field). */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: ApiErrorItem[];
  constructor(status: number, errors: ApiErrorItem[]) {
    super(errors.map((e) => e.message).join("; ") || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.errors = errors;
  }
  /** The first message per field (`errors[].field`), for showing next to form inputs. */
  fieldMessages(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) if (e.field && !(e.field in out)) out[e.field] = e.message;
    return out;
  }
  has(code: string): boolean {
    return this.errors.some((e) => e.code === code);
  }
}

/** One live order status message (contract §5), from the WebSocket or, without it, from polling. */
export interface OrderStatusMessage {
  type: "order";
  orderId: string;
  status: string;
  version: number;
  at: string;
  reason: string | null;
}

export interface StoreClientOptions {
  /** Origin of the API ("" in a browser page served by the Worker itself). */
  baseUrl: string;
  tokens?: SessionTokens | null;
  /** Called whenever the token pair changes (sign in, refresh, sign out), e.g. to keep it in sessionStorage. */
  onTokens?: (tokens: SessionTokens | null) => void;
  /** How many times a 429 is retried (default 3). */
  maxRetries?: number;
  /** Polling interval of liveOrder when the live route is not there (default 1000 ms). */
  pollMs?: number;
  fetch?: (request: Request) => Promise<Response>;
  sleep?: (ms: number) => Promise<void>;
  WebSocket?: typeof WebSocket;
}

const TERMINAL = new Set(["DELIVERED", "CANCELLED"]);
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createStoreClient(options: StoreClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/$/, "");
  const send = options.fetch ?? ((r: Request) => globalThis.fetch(r));
  const sleep = options.sleep ?? defaultSleep;
  const maxRetries = options.maxRetries ?? 3;
  let tokens: SessionTokens | null = options.tokens ?? null;
  let consistencyToken: string | null = null;
  let refreshing: Promise<boolean> | null = null;

  const setTokens = (next: SessionTokens | null) => {
    tokens = next;
    options.onTokens?.(next);
  };

  async function refresh(used: SessionTokens): Promise<boolean> {
    // Another request already refreshed while this one was in flight: use its pair.
    if (tokens && tokens.accessToken !== used.accessToken) return true;
    refreshing ??= (async () => {
      try {
        const res = await send(new Request(`${baseUrl}/api/v1/auth/refresh`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ refreshToken: used.refreshToken }) }));
        if (!res.ok) {
          setTokens(null);
          return false;
        }
        const body = (await res.json()) as { data: SessionTokens };
        setTokens({ accessToken: body.data.accessToken, refreshToken: body.data.refreshToken });
        return true;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  async function wrappedFetch(request: Request): Promise<Response> {
    const headers = new Headers(request.headers);
    if (request.method === "POST" && !headers.has("idempotency-key")) headers.set("idempotency-key", crypto.randomUUID());
    // The body is read once, so each attempt can send it again.
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    const isAuthRoute = new URL(request.url).pathname.startsWith("/api/v1/auth/");
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      if (consistencyToken) headers.set("x-consistency-token", consistencyToken);
      const used = tokens;
      if (used && !isAuthRoute && !request.headers.has("authorization")) headers.set("authorization", `Bearer ${used.accessToken}`);
      const res = await send(new Request(request.url, { method: request.method, headers, body, signal: request.signal }));
      const token = res.headers.get("x-consistency-token");
      if (token) consistencyToken = token;
      if (res.status === 429 && attempt < maxRetries) {
        const seconds = Number(res.headers.get("retry-after"));
        await sleep(Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000);
        continue;
      }
      if (res.status === 401 && used && !isAuthRoute && !refreshed) {
        refreshed = true;
        if (await refresh(used)) continue;
      }
      return res;
    }
  }

  const api = createClient<paths>({ baseUrl, fetch: wrappedFetch });

  /** Unwraps an openapi-fetch result: the envelope's `data`, or an ApiError with the API's `errors[]`. */
  async function call<T>(pending: Promise<{ data?: { data: T }; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await pending;
    if (data !== undefined && response.ok) return data.data;
    const errors = (error as { errors?: ApiErrorItem[] } | undefined)?.errors ?? [];
    throw new ApiError(response.status, errors);
  }

  async function signIn(email: string, password: string): Promise<{ id: string; role: string }> {
    const data = await call(api.POST("/api/v1/auth/login", { body: { email, password } }));
    setTokens({ accessToken: data.accessToken, refreshToken: data.refreshToken });
    return data.principal;
  }

  /** Polls GET /orders/{id}: the live messages' shape, one per status change (version = history length). */
  async function* pollOrder(orderId: string, seen: number, signal?: AbortSignal): AsyncGenerator<OrderStatusMessage> {
    let last = seen;
    while (!signal?.aborted) {
      const order = await call(api.GET("/api/v1/orders/{orderId}", { params: { path: { orderId } } }));
      const version = order.history.length;
      if (version > last) {
        last = version;
        const latest = order.history[order.history.length - 1];
        yield { type: "order", orderId, status: order.status, version, at: latest?.at ?? new Date().toISOString(), reason: order.cancellationReason ?? null };
      }
      if (TERMINAL.has(order.status)) return;
      await sleep(options.pollMs ?? 1000);
    }
  }

  /** A single-use ticket for the order's live stream; null when this deployment has no live route (404 ROUTE_NOT_FOUND). */
  async function liveTicket(orderId: string): Promise<string | null> {
    // Not through `api`: the route may be missing from an older /openapi.json, and this works either way.
    const res = await wrappedFetch(new Request(`${baseUrl}/api/v1/orders/${encodeURIComponent(orderId)}/live-tickets`, { method: "POST" }));
    const body = (await res.json()) as { data?: { ticket: string }; errors?: ApiErrorItem[] };
    if (res.status === 404 && body.errors?.[0]?.code === "ROUTE_NOT_FOUND") return null;
    if (!res.ok || !body.data) throw new ApiError(res.status, body.errors ?? []);
    return body.data.ticket;
  }

  /**
   * The order's live status (contract §5): the current state first, then one message per change, ending after
   * DELIVERED or CANCELLED. A dropped connection is reopened with a new ticket, and messages already seen (by
   * `version`) are skipped. Where the live route does not exist yet (404 ROUTE_NOT_FOUND) it polls instead.
   */
  async function* liveOrder(orderId: string, { signal }: { signal?: AbortSignal } = {}): AsyncGenerator<OrderStatusMessage> {
    const Socket = options.WebSocket ?? globalThis.WebSocket;
    let seen = 0;
    for (let failures = 0; !signal?.aborted; ) {
      const ticket = await liveTicket(orderId);
      if (ticket === null) {
        yield* pollOrder(orderId, seen, signal);
        return;
      }
      const origin = baseUrl || globalThis.location.origin;
      const url = `${origin.replace(/^http/, "ws")}/api/v1/orders/${encodeURIComponent(orderId)}/live?ticket=${encodeURIComponent(ticket)}`;
      const queue: OrderStatusMessage[] = [];
      const connection = { closed: false };
      let wake: (() => void) | null = null;
      const socket = new Socket(url);
      const notify = () => {
        wake?.();
        wake = null;
      };
      socket.onmessage = (e) => {
        const message = JSON.parse(String(e.data)) as OrderStatusMessage;
        if (message.type === "order") queue.push(message);
        notify();
      };
      socket.onclose = () => {
        connection.closed = true;
        notify();
      };
      const abort = () => socket.close(1000);
      signal?.addEventListener("abort", abort);
      try {
        for (;;) {
          const next = queue.shift();
          if (next) {
            failures = 0;
            if (next.version <= seen) continue;
            seen = next.version;
            yield next;
            if (TERMINAL.has(next.status)) return;
            continue;
          }
          if (connection.closed) break;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        signal?.removeEventListener("abort", abort);
        if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(1000);
      }
      // Closed without reaching a terminal status: reconnect with a fresh ticket, backing off on repeated drops.
      failures++;
      await sleep(Math.min(30_000, 250 * 2 ** Math.min(failures, 7)));
    }
  }

  return {
    api,
    call,
    signIn,
    signOut: () => setTokens(null),
    get tokens() {
      return tokens;
    },
    get consistencyToken() {
      return consistencyToken;
    },
    liveOrder,
  };
}

export type StoreClient = ReturnType<typeof createStoreClient>;
