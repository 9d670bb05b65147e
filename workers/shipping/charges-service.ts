import { asc, eq, sql } from "drizzle-orm";
import { shippingOptions, taxRates } from "../../schema/shipping/tables";
import { db } from "../events/outbox-d1";
import { newId } from "../kernel/ids";
import { usd } from "../kernel/money";
import { ok, reject, type Result } from "../kernel/result";
import type { ShippingOption, ShippingOptionInput, TaxRateInput, TaxRateView } from "./charge-schemas";

type OptionRow = typeof shippingOptions.$inferSelect;
type RateRow = typeof taxRates.$inferSelect;

const toOption = (r: OptionRow): ShippingOption => ({
  id: r.id, name: r.name, countries: JSON.parse(r.countries) as string[], amount: usd(r.amount), freeOver: r.freeOver === null ? null : usd(r.freeOver),
  createdAt: new Date(r.createdAt).toISOString(),
});
const toRate = (r: RateRow): TaxRateView => ({ country: r.country, rateBasisPoints: r.rateBasisPoints, inclusive: r.inclusive, updatedAt: new Date(r.updatedAt).toISOString() });

export async function createShippingOption(env: Env, input: ShippingOptionInput): Promise<ShippingOption> {
  const now = Date.now();
  const row: OptionRow = {
    id: newId("sop", now), name: input.name, countries: JSON.stringify(input.countries), amount: input.amount.amount, currency: input.amount.currency,
    freeOver: input.freeOver?.amount ?? null, createdAt: now,
  };
  await db(env.DB_SHIPPING).insert(shippingOptions).values(row);
  return toOption(row);
}

/** Orders snapshot their option and fee at checkout, so deleting an option never changes an existing order. */
export async function deleteShippingOption(env: Env, id: string): Promise<Result<{ id: string }>> {
  const gone = await db(env.DB_SHIPPING).delete(shippingOptions).where(eq(shippingOptions.id, id)).returning({ id: shippingOptions.id });
  return gone.length > 0 ? ok({ id }) : reject("SHIPPING_OPTION_NOT_FOUND", "shipping option not found");
}

/**
 * The shopper's read: a D1 session without a bookmark ("first-unconstrained") may be answered by the read replica
 * nearest the shopper instead of the primary. Options change rarely, by an admin; a replica a few seconds behind
 * only delays a new option, and checkout snapshots whatever it quotes. Cheapest first, then oldest.
 */
export async function shippingOptionsFor(env: Env, country: string): Promise<ShippingOption[]> {
  const session = env.DB_SHIPPING.withSession("first-unconstrained");
  const { results } = await session
    .prepare(`SELECT o.id, o.name, o.countries, o.amount, o.currency, o.free_over AS freeOver, o.created_at AS createdAt
      FROM shipping_options o WHERE EXISTS (SELECT 1 FROM json_each(o.countries) c WHERE c.value = ?1) ORDER BY o.amount, o.created_at, o.id`)
    .bind(country)
    .all<OptionRow>();
  return results.map(toOption);
}

/** PUT semantics: the country's one rate is replaced (existing orders keep the tax they were charged). */
export async function putTaxRate(env: Env, country: string, input: TaxRateInput): Promise<TaxRateView> {
  const row: RateRow = { country, rateBasisPoints: input.rateBasisPoints, inclusive: input.inclusive, updatedAt: Date.now() };
  await db(env.DB_SHIPPING).insert(taxRates).values(row)
    .onConflictDoUpdate({ target: taxRates.country, set: { rateBasisPoints: sql`excluded.rate_basis_points`, inclusive: sql`excluded.inclusive`, updatedAt: sql`excluded.updated_at` } });
  return toRate(row);
}

export async function listTaxRates(env: Env): Promise<TaxRateView[]> {
  return (await db(env.DB_SHIPPING).select().from(taxRates).orderBy(asc(taxRates.country))).map(toRate);
}
