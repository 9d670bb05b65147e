import type { MeterCall } from "../../workers/kernel/meter";

// What the binding meter's records mean for a distant shopper (architecture.md, "Where state lives"): the latency
// model and the sequential depth of a request, and the per-store totals of an order's asynchronous work.
// Exported for the other budget tables (the event backbone's write fan-in builds on `storeTotals`).

/** Modelled one-way-and-back latency of one call for a shopper far from the D1 primary. */
export const MODEL_MS = { d1Primary: 150, d1Replica: 20, edge: 5, localObject: 5, remoteObject: 80, queue: 80 } as const;

/** Objects addressed by the shopper (their cart, their order) live where the shopper first used them. */
export const LOCAL_OBJECTS = new Set(["CartObject", "OrderObject"]);

export function isRemote(c: MeterCall): boolean {
  if (c.kind === "kv" || c.kind === "edge") return false;
  if (c.kind === "object") return !LOCAL_OBJECTS.has(c.store);
  return true;
}

export function costMs(c: MeterCall): number {
  switch (c.kind) {
    case "d1": return c.access === "read" && c.replica ? MODEL_MS.d1Replica : MODEL_MS.d1Primary;
    case "kv":
    case "edge": return MODEL_MS.edge;
    case "object": return LOCAL_OBJECTS.has(c.store) ? MODEL_MS.localObject : MODEL_MS.remoteObject;
    case "queue": return MODEL_MS.queue;
  }
}

/** A store's label in the tables: the D1 binding (replica reads marked), the object class, the queue binding. */
export function storeLabel(c: MeterCall): string {
  if (c.kind === "d1") return c.access === "read" && c.replica ? `${c.store}(replica)` : c.store;
  if (c.kind === "object") return LOCAL_OBJECTS.has(c.store) ? `${c.store}(local)` : c.store;
  return c.store;
}

export const describeCall = (c: MeterCall): string => `${storeLabel(c)} ${c.op}`;

export interface PathCost {
  /** Sequential remote round trips (calls awaited together overlap). */
  remote: number;
  /** Modelled latency in ms for the distant shopper. */
  ms: number;
  /** The longest chain of calls, in order (local calls included, for reading). */
  chain: MeterCall[];
  /** The remote calls of that chain, counted by store. */
  byStore: Record<string, number>;
  /** Every call on the request path. */
  calls: MeterCall[];
  /** Calls made in the request's scope after it answered without being marked detached: the meter's own check. */
  unmarkedBackground: MeterCall[];
}

interface Node {
  call: MeterCall;
  sRemote: number;
  sMs: number;
  sVia: Node | null;
  eRemote: number;
  eMs: number;
  eVia: Node | null;
  children: Node[];
}

/**
 * Depth and latency of the request path of one scope. depth(c) = own + the largest depth among calls that ended
 * before c started (and, inside an object, its parent's start); a stub call ends after everything its object awaited.
 */
export function requestPath(all: readonly MeterCall[], scope: string, answeredAt?: number): PathCost {
  const calls = all.filter((c) => c.scope === scope && !c.detached && c.end !== null && (answeredAt === undefined || c.start < answeredAt));
  const unmarkedBackground = all.filter((c) => c.scope === scope && !c.detached && answeredAt !== undefined && c.start >= answeredAt);
  const nodes = new Map<number, Node>();
  const events: { at: number; node: Node; end: boolean }[] = [];
  for (const call of calls) {
    const node: Node = { call, sRemote: 0, sMs: 0, sVia: null, eRemote: 0, eMs: 0, eVia: null, children: [] };
    nodes.set(call.id, node);
    events.push({ at: call.start, node, end: false }, { at: call.end!, node, end: true });
  }
  for (const n of nodes.values()) if (n.call.parent !== null) nodes.get(n.call.parent)?.children.push(n);
  events.sort((a, b) => a.at - b.at);
  const ended: Node[] = [];
  const ancestors = (n: Node) => {
    const out = new Set<number>();
    for (let p = n.call.parent; p !== null; p = nodes.get(p)?.call.parent ?? null) out.add(p);
    return out;
  };
  for (const ev of events) {
    const n = ev.node;
    if (!ev.end) {
      const parent = n.call.parent !== null ? nodes.get(n.call.parent) ?? null : null;
      const skip = ancestors(n);
      let best: Node | null = parent;
      let r = parent?.sRemote ?? 0;
      let ms = parent?.sMs ?? 0;
      for (const d of ended) {
        if (skip.has(d.call.id)) continue;
        if (d.eRemote > r || (d.eRemote === r && d.eMs > ms)) {
          best = d;
          r = d.eRemote;
          ms = d.eMs;
        }
      }
      n.sRemote = r;
      n.sMs = ms;
      n.sVia = best;
    } else {
      let r = n.sRemote;
      let ms = n.sMs;
      let via: Node | null = null;
      for (const ch of n.children) {
        if (ch.eRemote > r || (ch.eRemote === r && ch.eMs > ms)) {
          r = ch.eRemote;
          ms = ch.eMs;
          via = ch;
        }
      }
      n.eRemote = r + (isRemote(n.call) ? 1 : 0);
      n.eMs = ms + costMs(n.call);
      n.eVia = via;
      ended.push(n);
    }
  }
  let last: Node | null = null;
  for (const n of nodes.values()) if (!last || n.eRemote > last.eRemote || (n.eRemote === last.eRemote && n.eMs > last.eMs)) last = n;
  const chain: MeterCall[] = [];
  const walkEnd = (n: Node): void => {
    if (n.eVia) walkEnd(n.eVia);
    else walkStart(n);
    chain.push(n.call);
  };
  const walkStart = (n: Node): void => {
    const v = n.sVia;
    if (!v) return;
    // The parent is a call still open when n started: walk to what came before it, not through its end.
    if (n.call.parent === v.call.id) walkStart(v);
    else walkEnd(v);
  };
  if (last) walkEnd(last);
  const byStore: Record<string, number> = {};
  for (const c of chain) if (isRemote(c)) byStore[storeLabel(c)] = (byStore[storeLabel(c)] ?? 0) + 1;
  return { remote: last?.eRemote ?? 0, ms: last?.eMs ?? 0, chain, byStore, calls, unmarkedBackground };
}

export const formatByStore = (byStore: Record<string, number>): string =>
  Object.entries(byStore).map(([s, n]) => `${n} ${s}`).join(" + ") || "0";

export const formatChain = (chain: MeterCall[]): string => chain.map(describeCall).join(" → ") || "(no calls)";

export interface StoreTotals {
  calls: number;
  reads: number;
  writes: number;
}

/** Every call per store (each D1 database, each object class, each queue), request path and background alike. */
export function storeTotals(all: readonly MeterCall[]): Record<string, StoreTotals> {
  const out: Record<string, StoreTotals> = {};
  for (const c of all) {
    const t = (out[c.store] ??= { calls: 0, reads: 0, writes: 0 });
    t.calls++;
    if (c.access === "read") t.reads++;
    else t.writes++;
  }
  return out;
}

export interface RouteRow {
  route: string;
  cost: PathCost;
  budget?: { remote: number; ms: number };
}

export function routeTable(rows: RouteRow[]): string {
  const head = ["route", "sequential remote round trips", "modelled ms", "calls", "budget"];
  const body = rows.map((r) => [
    r.route,
    `${r.cost.remote}${r.cost.remote ? ` (${formatByStore(r.cost.byStore)})` : ""}`,
    String(r.cost.ms),
    String(r.cost.calls.length),
    r.budget ? `≤ ${r.budget.remote} / ≤ ${r.budget.ms} ms` : "–",
  ]);
  return markdown(head, body);
}

export function storeTable(totals: Record<string, StoreTotals>): string {
  const rows = Object.entries(totals).sort(([a], [b]) => a.localeCompare(b)).map(([s, t]) => [s, String(t.calls), String(t.reads), String(t.writes)]);
  return markdown(["store", "calls", "reads", "writes"], rows);
}

function markdown(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

/** The failure message of a route over budget: its numbers and the chain of calls that made them. */
export function overBudget(r: RouteRow): string | null {
  if (!r.budget) return null;
  if (r.cost.remote <= r.budget.remote && r.cost.ms <= r.budget.ms) return null;
  return `${r.route}: ${r.cost.remote} sequential remote round trips (budget ${r.budget.remote}), ${r.cost.ms} ms modelled (budget ${r.budget.ms}); chain: ${formatChain(r.cost.chain)}`;
}
