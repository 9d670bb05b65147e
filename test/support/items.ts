import { env, runInDurableObject } from "cloudflare:test";
import { itemStub } from "../../workers/inventory/stub";
import { newId } from "../../workers/kernel/ids";
import type { InventoryItemObject } from "../../durable-objects/inventory-item/inventory-item-object";
import type { Causation } from "../../workers/events/envelope";

export const testCause = (): Causation => ({ correlationId: `test-${crypto.randomUUID()}`, causationId: null });

/** A fresh inventory item object with its stock, created the way the ProductCreated handler does. */
export async function anItem(onHand: number, reorderPoint = 0, sellerId: string | null = null) {
  const productId = newId("prd");
  const stub = itemStub(env, productId);
  const r = await stub.initialize(productId, sellerId, onHand, reorderPoint, testCause());
  if (!r.ok) throw new Error(`item not created: ${r.code}`);
  return { productId, stub };
}

type ItemStub = ReturnType<typeof itemStub>;

/** Runs SQL inside the object, as if time had passed (moving expiries or backoffs into the past). */
export function itemSql<T extends Record<string, SqlStorageValue>>(stub: ItemStub, query: string, ...params: SqlStorageValue[]): Promise<T[]> {
  return runInDurableObject(stub, (_: InventoryItemObject, state) => state.storage.sql.exec<T>(query, ...params).toArray());
}

export function alarmAt(stub: ItemStub): Promise<number | null> {
  return runInDurableObject(stub, (_: InventoryItemObject, state) => state.storage.getAlarm());
}

/** Alarms survive a test (known vitest-pool-workers issue): every test that arms one deletes it before ending. */
export function dropAlarm(stub: ItemStub): Promise<void> {
  return runInDurableObject(stub, (_: InventoryItemObject, state) => state.storage.deleteAlarm());
}
