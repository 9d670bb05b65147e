// Hot items beyond one object (contract §5, "Hot items"): the pure part of sharding an item's stock.
// The item's own object is the coordinator and shard 0; shards 1..N-1 are objects of the same class named
// `${productId}#${k}`. Holds never move: an order's hold lives on the shard its id hashed to under the shard count in
// force when it was reserved, so later commands find it by trying each shard count the item has used (at most 32).

export const MAX_SHARDS = 32;

export const shardName = (productId: string, index: number): string => (index === 0 ? productId : `${productId}#${index}`);

/** FNV-1a over the order id: the same order always lands on the same shard for a given count. */
export function shardOf(orderId: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < orderId.length; i++) {
    h ^= orderId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}

/** Where an order's hold may be: its shard under each count used, the current count first, each shard once. */
export function candidateShards(orderId: string, current: number, used: readonly number[]): number[] {
  const out = [shardOf(orderId, current)];
  for (const n of used) {
    const k = shardOf(orderId, n);
    if (!out.includes(k)) out.push(k);
  }
  return out;
}

export interface Move {
  from: number;
  to: number;
  units: number;
}

/**
 * Spreads the free units of `span` shards evenly over the first `shards` (shards at or past the count keep only
 * their holds). Returns the moves; the sources give at most what they have when the move runs, so a stale plan can
 * only move less, never create units.
 */
export function rebalance(free: readonly number[], shards: number): Move[] {
  const total = free.reduce((a, b) => a + b, 0);
  const target = free.map((_, i) => (i < shards ? Math.floor(total / shards) + (i < total % shards ? 1 : 0) : 0));
  const surplus = free.map((f, i) => ({ i, n: f - target[i]! })).filter((x) => x.n > 0);
  const deficit = free.map((f, i) => ({ i, n: target[i]! - f })).filter((x) => x.n > 0);
  const moves: Move[] = [];
  while (surplus.length && deficit.length) {
    const s = surplus[0]!;
    const d = deficit[0]!;
    const units = Math.min(s.n, d.n);
    moves.push({ from: s.i, to: d.i, units });
    s.n -= units;
    d.n -= units;
    if (s.n === 0) surplus.shift();
    if (d.n === 0) deficit.shift();
  }
  return moves;
}
