import type { OrderState, OrderStatus } from "./order";

// Live order status (contract §5) for the Order object: its single-use tickets and its hibernatable WebSockets.
// Sockets are accepted with `ctx.acceptWebSocket`, so an idle connection keeps no isolate alive: the runtime holds
// it while the object is evicted, and hands it back (`ctx.getWebSockets()`) to the next instance that wakes up for
// a status change. Nothing here is kept in memory between requests, so eviction loses nothing.

export interface LiveOrderMessage {
  type: "order";
  orderId: string;
  status: OrderStatus;
  version: number;
  at: string;
  reason: string | null;
}

/** What the Worker forwards after checking the ticket's signature; the object checks the rest. */
export interface LiveClaims {
  orderId: string;
  principalId: string;
  admin: boolean;
  nonce: string;
}

const TERMINAL: ReadonlySet<OrderStatus> = new Set(["DELIVERED", "CANCELLED"]);
/** Tickets outstanding per order; a client asking for more is asking for one per second for a minute. */
const MAX_OPEN_TICKETS = 60;

export function liveMessage(s: OrderState): LiveOrderMessage {
  const last = s.history[s.history.length - 1];
  return { type: "order", orderId: s.id, status: s.status, version: s.version, at: last?.at ?? s.updatedAt, reason: last?.reason ?? null };
}

export class LiveSockets {
  /** Whether this instance has made sure of its table. */
  private ready = false;

  constructor(private readonly ctx: DurableObjectState, private readonly sql: SqlStorage) {}

  /** The tickets' table, made on first use: most orders are never watched live, and each new order paid for it. */
  private tickets(): SqlStorage {
    if (!this.ready) {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS live_tickets (nonce TEXT PRIMARY KEY, principal_id TEXT NOT NULL, expires_at INTEGER NOT NULL)`);
      this.ready = true;
    }
    return this.sql;
  }

  migrate(): void {
    // Pings are answered by the runtime without waking the object (no billed duration for keep-alives).
    this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** Stores a ticket's nonce until it is used or expires. Expired ones are pruned here, so the table stays small. */
  issue(nonce: string, principalId: string, now: number, ttlMs: number): { expiresAt: number } {
    this.tickets().exec(`DELETE FROM live_tickets WHERE expires_at <= ?`, now);
    this.sql.exec(
      `DELETE FROM live_tickets WHERE nonce IN (SELECT nonce FROM live_tickets ORDER BY expires_at DESC LIMIT -1 OFFSET ?)`,
      MAX_OPEN_TICKETS - 1,
    );
    const expiresAt = now + ttlMs;
    this.sql.exec(`INSERT INTO live_tickets (nonce, principal_id, expires_at) VALUES (?, ?, ?)`, nonce, principalId, expiresAt);
    return { expiresAt };
  }

  /**
   * The WebSocket upgrade: 404 when the ticket's holder does not own this order (its existence stays hidden),
   * 401 when the ticket is not for this order, already used or expired. The ticket is spent on first use.
   */
  connect(claims: LiveClaims, state: OrderState | null, now: number): Response {
    if (!state || (!claims.admin && claims.principalId !== state.customerId)) return new Response(null, { status: 404 });
    if (claims.orderId !== state.id) return new Response(null, { status: 401 });
    const row = this.tickets().exec<{ expires_at: number; principal_id: string }>(`SELECT expires_at, principal_id FROM live_tickets WHERE nonce = ?`, claims.nonce).toArray()[0];
    this.sql.exec(`DELETE FROM live_tickets WHERE nonce = ?`, claims.nonce);
    if (!row || row.expires_at <= now || row.principal_id !== claims.principalId) return new Response(null, { status: 401 });
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    this.deliver(server, state);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** One message per status change (not per version: payment and shipment details do not change the status). */
  changed(before: OrderState | null, after: OrderState): void {
    if (before?.status === after.status) return;
    for (const ws of this.ctx.getWebSockets()) this.deliver(ws, after);
  }

  private deliver(ws: WebSocket, s: OrderState): void {
    try {
      ws.send(JSON.stringify(liveMessage(s)));
      if (TERMINAL.has(s.status)) ws.close(1000, `order ${s.status}`);
    } catch {
      // The client is gone (a socket closing as we send); the runtime drops it from getWebSockets().
    }
  }
}
