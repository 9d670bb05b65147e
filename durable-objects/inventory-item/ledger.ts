// What the stock audit needs from one item object, read in one turn (no await), so it is one consistent snapshot:
// the stored levels, the movement ledger summed by kind, and the live holds and fulfilments per order.
// Fulfilments are the movements with an order id; the initial stock is the item's first INITIAL_STOCK movement;
// everything else without an order id is an adjustment (whatever reason text the seller gave it).

export interface ItemLedger {
  productId: string;
  sellerId: string | null;
  levels: { onHand: number; reserved: number; available: number };
  ledger: { initial: number; adjustments: number; fulfilled: number; activeHolds: number };
  /** Units fulfilled per order, from the movement ledger. */
  fulfilledByOrder: Record<string, number>;
  /** Units of HELD and COMMITTED holds per order. */
  activeByOrder: Record<string, number>;
}

export function readLedger(sql: SqlStorage): ItemLedger | null {
  const item = sql.exec<{ product_id: string; seller_id: string | null; on_hand: number; reserved: number }>(`SELECT product_id, seller_id, on_hand, reserved FROM item`).toArray()[0];
  if (!item) return null;
  const sums = sql
    .exec<{ all_unordered: number; initial: number; fulfilled: number }>(
      `SELECT COALESCE(SUM(CASE WHEN order_id IS NULL THEN delta END), 0) AS all_unordered,
              COALESCE((SELECT delta FROM movements WHERE reason = 'INITIAL_STOCK' AND order_id IS NULL ORDER BY seq LIMIT 1), 0) AS initial,
              COALESCE(-SUM(CASE WHEN order_id IS NOT NULL THEN delta END), 0) AS fulfilled
       FROM movements`,
    )
    .one();
  const fulfilledByOrder: Record<string, number> = {};
  for (const r of sql.exec<{ order_id: string; q: number }>(`SELECT order_id, -SUM(delta) AS q FROM movements WHERE order_id IS NOT NULL GROUP BY order_id`)) fulfilledByOrder[r.order_id] = r.q;
  const activeByOrder: Record<string, number> = {};
  let activeHolds = 0;
  for (const r of sql.exec<{ order_id: string; quantity: number }>(`SELECT order_id, quantity FROM holds WHERE status IN ('HELD', 'COMMITTED')`)) {
    activeByOrder[r.order_id] = r.quantity;
    activeHolds += r.quantity;
  }
  return {
    productId: item.product_id,
    sellerId: item.seller_id,
    levels: { onHand: item.on_hand, reserved: item.reserved, available: item.on_hand - item.reserved },
    ledger: { initial: sums.initial, adjustments: sums.all_unordered - sums.initial, fulfilled: sums.fulfilled, activeHolds },
    fulfilledByOrder,
    activeByOrder,
  };
}
