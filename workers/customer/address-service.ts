import { and, desc, eq, sql } from "drizzle-orm";
import { addresses } from "../../schema/customer/tables";
import { db, rawStatement } from "../events/outbox-d1";
import { newId } from "../kernel/ids";
import { ok, reject, type Result } from "../kernel/result";
import { MAX_SAVED_ADDRESSES, type AddressPatchInput, type NewAddressInput, type SavedAddress } from "./address-domain";

type Row = typeof addresses.$inferSelect;

const toAddress = (r: Row): SavedAddress => ({
  id: r.id, label: r.label, recipient: r.recipient, line1: r.line1, line2: r.line2, city: r.city, postalCode: r.postalCode,
  country: r.country, isDefault: r.isDefault, createdAt: new Date(r.createdAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString(),
});

const notFound = () => reject("ADDRESS_NOT_FOUND", "address not found");

/** The default first, then the newest. At most 20 rows, so one page. */
export async function listAddresses(env: Env, customerId: string): Promise<SavedAddress[]> {
  const rows = await db(env.DB_CUSTOMER).select().from(addresses).where(eq(addresses.customerId, customerId))
    .orderBy(desc(addresses.isDefault), desc(addresses.createdAt), desc(addresses.id));
  return rows.map(toAddress);
}

async function ownAddress(env: Env, customerId: string, id: string): Promise<Row | null> {
  const [row] = await db(env.DB_CUSTOMER).select().from(addresses).where(and(eq(addresses.id, id), eq(addresses.customerId, customerId))).limit(1);
  return row ?? null;
}

/** Clears every other default of the customer, but only if `id` really is their default now (same batch). */
function clearOtherDefaults(d: ReturnType<typeof db>, customerId: string, id: string) {
  return d.update(addresses).set({ isDefault: false })
    .where(and(eq(addresses.customerId, customerId), sql`${addresses.id} != ${id}`, sql`EXISTS (SELECT 1 FROM addresses WHERE id = ${id} AND customer_id = ${customerId} AND is_default = 1)`));
}

/**
 * One conditional INSERT decides both rules: it inserts only while the customer has fewer than 20 addresses, and the
 * row is the default when asked for or when it is the customer's first. Concurrent saves are serialized by D1, so
 * neither the limit nor "exactly one default" can be broken by a race.
 */
export async function saveAddress(env: Env, customerId: string, input: NewAddressInput): Promise<Result<SavedAddress>> {
  const d = db(env.DB_CUSTOMER);
  const now = Date.now();
  const id = newId("adr", now);
  const wantsDefault = input.isDefault === true ? 1 : 0;
  const insert = rawStatement(d, sql`INSERT INTO addresses (id, customer_id, label, recipient, line1, line2, city, postal_code, country, is_default, created_at, updated_at)
    SELECT ${id}, ${customerId}, ${input.label ?? null}, ${input.recipient}, ${input.line1}, ${input.line2 ?? null}, ${input.city}, ${input.postalCode}, ${input.country},
      CASE WHEN ${wantsDefault} = 1 OR NOT EXISTS (SELECT 1 FROM addresses WHERE customer_id = ${customerId}) THEN 1 ELSE 0 END, ${now}, ${now}
    WHERE (SELECT COUNT(*) FROM addresses WHERE customer_id = ${customerId}) < ${MAX_SAVED_ADDRESSES}`);
  await d.batch([insert, clearOtherDefaults(d, customerId, id)]);
  const row = await ownAddress(env, customerId, id);
  if (!row) return reject("ADDRESS_LIMIT_REACHED", `at most ${MAX_SAVED_ADDRESSES} addresses can be saved; delete one first`);
  return ok(toAddress(row));
}

export async function updateAddress(env: Env, customerId: string, id: string, patch: AddressPatchInput): Promise<Result<SavedAddress>> {
  const d = db(env.DB_CUSTOMER);
  const before = await ownAddress(env, customerId, id);
  if (!before) return notFound();
  // Exactly one default: it moves by making another address the default, never by unsetting it.
  if (patch.isDefault === false && before.isDefault) {
    return reject("ADDRESS_DEFAULT_REQUIRED", "this is the default address; make another address the default instead", "isDefault");
  }
  const set: Partial<Row> = { updatedAt: Date.now() };
  if (patch.label !== undefined) set.label = patch.label;
  if (patch.recipient !== undefined) set.recipient = patch.recipient;
  if (patch.line1 !== undefined) set.line1 = patch.line1;
  if (patch.line2 !== undefined) set.line2 = patch.line2;
  if (patch.city !== undefined) set.city = patch.city;
  if (patch.postalCode !== undefined) set.postalCode = patch.postalCode;
  if (patch.country !== undefined) set.country = patch.country;
  if (patch.isDefault === true) set.isDefault = true;
  const update = d.update(addresses).set(set).where(and(eq(addresses.id, id), eq(addresses.customerId, customerId)));
  await d.batch([update, clearOtherDefaults(d, customerId, id)]);
  const after = await ownAddress(env, customerId, id);
  return after ? ok(toAddress(after)) : notFound();
}

/** Deleting the default hands the default to the newest remaining address, in the same batch. Answers what remains. */
export async function deleteAddress(env: Env, customerId: string, id: string): Promise<Result<SavedAddress[]>> {
  const d = db(env.DB_CUSTOMER);
  const removed = d.delete(addresses).where(and(eq(addresses.id, id), eq(addresses.customerId, customerId))).returning({ id: addresses.id });
  const promote = rawStatement(d, sql`UPDATE addresses SET is_default = 1
    WHERE id = (SELECT id FROM addresses WHERE customer_id = ${customerId} ORDER BY created_at DESC, id DESC LIMIT 1)
      AND NOT EXISTS (SELECT 1 FROM addresses WHERE customer_id = ${customerId} AND is_default = 1)`);
  const [gone] = await d.batch([removed, promote]);
  return gone.length > 0 ? ok(await listAddresses(env, customerId)) : notFound();
}
