import { asc, gt, inArray } from "drizzle-orm";
import { inventoryItems, orderLines } from "../../schema/inventory/tables";
import { db } from "../events/outbox-d1";
import { itemStub } from "./stub";
import { auditStock, type RecordedLine, type StockAudit } from "./audit";
import type { ItemLedger } from "../../durable-objects/inventory-item/ledger";

/**
 * Items audited per sweep call. Each costs one object call; the page adds two D1 queries. 40 + 2 stays under the
 * 50 subrequests a Workers Free invocation may make (Paid allows far more), and well inside the CPU limit.
 */
export const AUDIT_PAGE = 40;

async function recordedLines(env: Env, productIds: string[]): Promise<Map<string, RecordedLine[]>> {
  const rows = productIds.length
    ? await db(env.DB_INVENTORY).select({ productId: orderLines.productId, orderId: orderLines.orderId, quantity: orderLines.quantity, decision: orderLines.decision })
        .from(orderLines).where(inArray(orderLines.productId, productIds))
    : [];
  const byProduct = new Map<string, RecordedLine[]>();
  for (const r of rows) byProduct.set(r.productId, [...(byProduct.get(r.productId) ?? []), r]);
  return byProduct;
}

/** The item's ledger (one object call), for the route's ownership check before the audit proper. */
export const itemLedger = (env: Env, productId: string): Promise<ItemLedger | null> => itemStub(env, productId).ledger();

export async function auditItem(env: Env, item: ItemLedger): Promise<StockAudit> {
  const lines = await recordedLines(env, [item.productId]);
  return auditStock(item, lines.get(item.productId) ?? []);
}

/** One bounded page of the sweep over every item, in product id order. */
export async function auditPage(env: Env, after: string | undefined): Promise<{ checked: number; inconsistent: string[]; nextCursor: string | null }> {
  const d = db(env.DB_INVENTORY);
  const page = await d.select({ productId: inventoryItems.productId }).from(inventoryItems)
    .where(after ? gt(inventoryItems.productId, after) : undefined).orderBy(asc(inventoryItems.productId)).limit(AUDIT_PAGE + 1);
  const ids = page.slice(0, AUDIT_PAGE).map((r) => r.productId);
  const [ledgers, lines] = await Promise.all([Promise.all(ids.map((id) => itemLedger(env, id))), recordedLines(env, ids)]);
  const inconsistent: string[] = [];
  ledgers.forEach((l, i) => {
    if (l && !auditStock(l, lines.get(l.productId) ?? []).consistent) inconsistent.push(ids[i]!);
  });
  return { checked: ids.length, inconsistent, nextCursor: page.length > AUDIT_PAGE ? ids[ids.length - 1]! : null };
}

