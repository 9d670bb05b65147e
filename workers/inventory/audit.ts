import type { ItemLedger } from "../../durable-objects/inventory-item/ledger";

// The stock audit as a pure function (contract §5, "Stock audit on demand"): recompute the levels from the item's
// movement ledger and holds, and cross-check them with the inventory context's record of order decisions.

export interface Discrepancy {
  code: "ON_HAND_MISMATCH" | "RESERVED_MISMATCH" | "CONFIRMED_NOT_FULFILLED_ONCE" | "FULFILLED_WITHOUT_CONFIRMATION" | "CANCELLED_ORDER_HOLD_ACTIVE";
  expected: number;
  actual: number;
  detail: string;
}

export interface RecordedLine {
  orderId: string;
  quantity: number;
  decision: "RESERVED" | "FAILED" | "CONFIRMED" | "CANCELLED";
}

export interface StockAudit {
  productId: string;
  consistent: boolean;
  levels: ItemLedger["levels"];
  ledger: ItemLedger["ledger"];
  orders: { confirmedQuantity: number; activeQuantity: number };
  discrepancies: Discrepancy[];
}

export function auditStock(item: ItemLedger, lines: readonly RecordedLine[]): StockAudit {
  const { levels, ledger } = item;
  const found: Discrepancy[] = [];
  const expectedOnHand = ledger.initial + ledger.adjustments - ledger.fulfilled;
  if (expectedOnHand !== levels.onHand) {
    found.push({ code: "ON_HAND_MISMATCH", expected: expectedOnHand, actual: levels.onHand, detail: "onHand differs from initial + adjustments − fulfilled in the movement ledger" });
  }
  if (ledger.activeHolds !== levels.reserved) {
    found.push({ code: "RESERVED_MISMATCH", expected: ledger.activeHolds, actual: levels.reserved, detail: "reserved differs from the quantities of the HELD and COMMITTED holds" });
  }
  const decided = new Map(lines.map((l) => [l.orderId, l]));
  let confirmedQuantity = 0;
  let activeQuantity = 0;
  for (const l of lines) {
    if (l.decision === "CONFIRMED") {
      confirmedQuantity += l.quantity;
      const shipped = item.fulfilledByOrder[l.orderId] ?? 0;
      if (shipped !== l.quantity) {
        found.push({ code: "CONFIRMED_NOT_FULFILLED_ONCE", expected: l.quantity, actual: shipped, detail: `order ${l.orderId} is CONFIRMED; the ledger fulfils ${shipped} of its ${l.quantity} units` });
      }
    } else if (l.decision === "RESERVED") {
      activeQuantity += l.quantity;
    } else {
      const live = item.activeByOrder[l.orderId] ?? 0;
      if (live > 0) found.push({ code: "CANCELLED_ORDER_HOLD_ACTIVE", expected: 0, actual: live, detail: `order ${l.orderId} is ${l.decision}; its hold of ${live} units is still active` });
    }
  }
  for (const [orderId, shipped] of Object.entries(item.fulfilledByOrder)) {
    if (decided.get(orderId)?.decision !== "CONFIRMED") {
      // A confirmation being recorded right now shows here for a few milliseconds; a lasting one is a real fault.
      found.push({ code: "FULFILLED_WITHOUT_CONFIRMATION", expected: 0, actual: shipped, detail: `order ${orderId} was fulfilled but is not recorded as CONFIRMED` });
    }
  }
  return { productId: item.productId, consistent: found.length === 0, levels, ledger, orders: { confirmedQuantity, activeQuantity }, discrepancies: found };
}
