import { eq, sql } from "drizzle-orm";
import { orderCustomers, productSellers, recipients } from "../../schema/notification/tables";
import { db, type Db } from "../events/outbox-d1";
import { listAdmins } from "../customer/index";

export interface Recipient {
  id: string;
  name: string;
  email: string;
}

/**
 * The local copy of a customer's or seller's name and email. `version` is the aggregateVersion of the event that set
 * it: an older event arriving late (registration after a rename) never overwrites a newer profile.
 */
export function upsertRecipient(d: Db, r: Recipient, version: number) {
  return d.insert(recipients).values({ ...r, version }).onConflictDoUpdate({
    target: recipients.id,
    set: { name: r.name, email: r.email, version },
    setWhere: sql`${recipients.version} < ${version}`,
  });
}

/** Thrown when a fact this notification needs has not arrived yet; the queue retries the event with backoff. */
export class NotYetKnown extends Error {
  override readonly name = "NotYetKnown";
}

export async function recipient(env: Env, id: string): Promise<Recipient> {
  const [row] = await db(env.DB_NOTIFICATION).select().from(recipients).where(eq(recipients.id, id)).limit(1);
  if (!row) throw new NotYetKnown(`recipient ${id} is not known yet`);
  return { id: row.id, name: row.name, email: row.email };
}

export function orderCustomerInsert(d: Db, orderId: string, customerId: string) {
  return d.insert(orderCustomers).values({ orderId, customerId }).onConflictDoNothing();
}

export async function rememberOrderCustomer(env: Env, orderId: string, customerId: string): Promise<void> {
  await orderCustomerInsert(db(env.DB_NOTIFICATION), orderId, customerId);
}

export async function customerOfOrder(env: Env, orderId: string): Promise<Recipient> {
  const [row] = await db(env.DB_NOTIFICATION).select().from(orderCustomers).where(eq(orderCustomers.orderId, orderId)).limit(1);
  if (!row) throw new NotYetKnown(`the customer of order ${orderId} is not known yet`);
  return recipient(env, row.customerId);
}

export function rememberProductSeller(d: Db, productId: string, sellerId: string | null, name: string) {
  return d.insert(productSellers).values({ productId, sellerId, name }).onConflictDoNothing();
}

/** Who hears about a product's stock: its seller, or the admins for a product an admin created. */
export async function stockKeepers(env: Env, productId: string): Promise<{ productName: string; to: Recipient[] }> {
  const [row] = await db(env.DB_NOTIFICATION).select().from(productSellers).where(eq(productSellers.productId, productId)).limit(1);
  if (!row) throw new NotYetKnown(`the seller of product ${productId} is not known yet`);
  return { productName: row.name, to: row.sellerId ? [await recipient(env, row.sellerId)] : await admins(env) };
}

export async function admins(env: Env): Promise<Recipient[]> {
  return (await listAdmins(env)).map((a) => ({ id: a.id, name: "Admin", email: a.email }));
}
