import { available, type ItemState, type StockLevel } from "./inventory-item";

// Live availability (contract §5) for the inventory item object. Sockets are accepted with the hibernation API,
// so watchers of an idle product cost nothing. Changes are coalesced: the first change after a quiet period
// starts a COALESCE_MS window and one message with the state at its end goes to every socket, so a product
// receives at most ~4 pushes per second however many reservations it takes, and a watcher never learns more than
// GET /inventory/{productId}/availability would tell it (the same fields, never the individual reservations).

export interface AvailabilityMessage {
  type: "availability";
  productId: string;
  available: number;
  status: "IN_STOCK" | "LOW_STOCK" | "OUT_OF_STOCK";
  version: number;
}

export const COALESCE_MS = 250;
const PUBLIC_STATUS: Record<StockLevel, AvailabilityMessage["status"]> = { IN: "IN_STOCK", LOW: "LOW_STOCK", OUT: "OUT_OF_STOCK" };

export function availabilityMessage(s: ItemState): AvailabilityMessage {
  return { type: "availability", productId: s.productId, available: available(s), status: PUBLIC_STATUS[s.level], version: s.version };
}

export class LiveAvailability {
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** What the sockets were last told; lost on eviction, which costs at most one repeated message. */
  private lastSent: string | null = null;

  constructor(private readonly ctx: DurableObjectState, private readonly current: () => ItemState | null) {}

  connect(): Response {
    const s = this.current();
    if (!s) return new Response(null, { status: 404 });
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    server.send(JSON.stringify(availabilityMessage(s)));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Called after every stored decision; cheap when nobody watches or a window is already open. */
  changed(): void {
    if (this.timer || this.ctx.getWebSockets().length === 0) return;
    // A timer, not the alarm: it lives COALESCE_MS and keeps the one alarm for expiry and outbox retries.
    this.timer = setTimeout(() => {
      this.timer = null;
      this.push();
    }, COALESCE_MS);
  }

  private push(): void {
    const s = this.current();
    if (!s) return;
    const message = availabilityMessage(s);
    const visible = `${message.available}:${message.status}`;
    if (visible === this.lastSent) return;
    this.lastSent = visible;
    const text = JSON.stringify(message);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text);
      } catch {
        // a socket closing as we send; the runtime drops it
      }
    }
  }
}
