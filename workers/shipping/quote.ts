import { and, eq } from "drizzle-orm";
import { addresses } from "../../schema/customer/tables";
import { db } from "../events/outbox-d1";
import { reject, ok, type Result } from "../kernel/result";
import type { TaxRate } from "../kernel/totals";
import type { ShippingAddress } from "../../durable-objects/order/order";

// The shopper's side of shipping and tax (contract §6): what `PUT /carts/me/shipping` and checkout charge for an
// address. Options and rates are read through a D1 session without a bookmark, which the read replica nearest the
// shopper may answer (never the primary on the storefront path); both tables change rarely, by an admin, and the
// order snapshots whatever was quoted, so a replica a few seconds behind only delays a new option or rate.

/** The figures of a shipping option a cart or an order keeps (its copy: later changes do not reach it). */
export interface OptionCopy {
  id: string;
  name: string;
  amount: number;
  freeOver: number | null;
}

/** What a country is charged: its options, cheapest first (then oldest), and its tax rate (null: taxed 0). */
export interface CountryCharges {
  options: OptionCopy[];
  rate: TaxRate | null;
}

/** The address to ship to, as the shopper gave it: typed in, or one of their saved addresses. */
export type ShippingTarget = { shippingAddress: ShippingAddress } | { shippingAddressId: string };

interface OptionRow {
  id: string;
  name: string;
  countries: string;
  amount: number;
  freeOver: number | null;
}

/**
 * One replica batch: the options and rate of `country`, or of every country when it is not known yet (a saved
 * address being read at the same time). Every country is at most 250 rate rows and the merchant's options: small.
 */
async function readCharges(env: Env, country: string | null): Promise<(c: string) => CountryCharges> {
  const session = env.DB_SHIPPING.withSession("first-unconstrained");
  const where = country === null ? "" : "WHERE EXISTS (SELECT 1 FROM json_each(o.countries) c WHERE c.value = ?1)";
  const options = session.prepare(`SELECT o.id, o.name, o.countries, o.amount, o.free_over AS freeOver FROM shipping_options o ${where} ORDER BY o.amount, o.created_at, o.id`);
  const rates = session.prepare(`SELECT country, rate_basis_points AS rateBasisPoints, inclusive FROM tax_rates ${country === null ? "" : "WHERE country = ?1"}`);
  const [o, r] = await session.batch<unknown>(country === null ? [options, rates] : [options.bind(country), rates.bind(country)]);
  const optionRows = (o?.results ?? []) as OptionRow[];
  const rateRows = (r?.results ?? []) as { country: string; rateBasisPoints: number; inclusive: number }[];
  return (c) => {
    const rate = rateRows.find((x) => x.country === c);
    return {
      options: optionRows.filter((x) => (JSON.parse(x.countries) as string[]).includes(c)).map(({ id, name, amount, freeOver }) => ({ id, name, amount, freeOver })),
      rate: rate ? { rateBasisPoints: rate.rateBasisPoints, inclusive: rate.inclusive === 1 } : null,
    };
  };
}

/** The customer's own saved address; anyone else's is not found (contract §6, "Saved addresses"). */
async function savedAddress(env: Env, customerId: string, id: string): Promise<ShippingAddress | null> {
  const [row] = await db(env.DB_CUSTOMER).select().from(addresses).where(and(eq(addresses.id, id), eq(addresses.customerId, customerId))).limit(1);
  if (!row) return null;
  return { recipient: row.recipient, line1: row.line1, ...(row.line2 ? { line2: row.line2 } : {}), city: row.city, postalCode: row.postalCode, country: row.country };
}

/**
 * The address and what its country is charged, in one sequential round trip: a typed address needs only its
 * country's charges; a saved one is read (from the customer database, which the shopper may just have written)
 * while every country's charges are read beside it.
 */
export async function quoteShipping(env: Env, customerId: string, target: ShippingTarget): Promise<Result<{ address: ShippingAddress } & CountryCharges>> {
  if ("shippingAddress" in target) {
    const charges = await readCharges(env, target.shippingAddress.country);
    return ok({ address: target.shippingAddress, ...charges(target.shippingAddress.country) });
  }
  const [address, charges] = await Promise.all([savedAddress(env, customerId, target.shippingAddressId), readCharges(env, null)]);
  if (!address) return reject("ADDRESS_NOT_FOUND", "address not found", "shippingAddressId");
  return ok({ address, ...charges(address.country) });
}

/** What an address already chosen is charged now (checkout re-reads it, so an order is charged current figures). */
export async function chargesOf(env: Env, country: string): Promise<CountryCharges> {
  return (await readCharges(env, country))(country);
}
