import { eq } from "drizzle-orm";
import { sellers } from "../../schema/seller/tables";
import { accounts } from "../../schema/customer/tables";
import { commitWithEvents, db, type Runtime } from "../events/outbox-d1";
import { makeEvent, type Causation } from "../events/envelope";
import { hashPassword } from "../kernel/password";
import { newId } from "../kernel/ids";
import { ok, reject, type Result } from "../kernel/result";
import { log, errorFields } from "../kernel/logging";
import { accountInsert } from "../customer/auth-service";
import { isUniqueViolation } from "../customer/credentials";
import type { PublicSeller, RegisterSellerInput, Seller } from "./domain";

/**
 * Two databases, so two steps. The account (customer context, where every credential lives) is written first:
 * its UNIQUE email index is the one arbiter of duplicates across customers, sellers and admins, exact under
 * concurrency. Then the profile and SellerRegistered commit together in the seller database; if that fails the
 * account is deleted again, so a failed registration leaves the email free. A crash between the two steps leaves
 * an account without a profile (it can log in, GET /sellers/{id} answers 404); no event was published for it.
 */
export async function registerSeller(rt: Runtime, input: RegisterSellerInput, cause: Causation): Promise<Result<Seller>> {
  const passwordHash = await hashPassword(input.password);
  const now = Date.now();
  const id = newId("sel", now);
  try {
    await accountInsert(rt.env.DB_CUSTOMER, { id, email: input.email, role: "SELLER", passwordHash, now });
  } catch (err) {
    if (isUniqueViolation(err, "accounts.email")) return reject("SELLER_EMAIL_EXISTS", "an account with this email already exists", "email");
    throw err;
  }
  const seller: Seller = { id, name: input.name, email: input.email, status: "ACTIVE" };
  const event = makeEvent("SellerRegistered", id, 1, { sellerId: id, name: seller.name, email: seller.email }, cause, { now });
  try {
    await commitWithEvents(rt, "seller", [db(rt.env.DB_SELLER).insert(sellers).values({ ...seller, createdAt: now })], [event]);
  } catch (err) {
    log("error", "seller profile not stored; releasing the account", { sellerId: id, correlationId: cause.correlationId, ...errorFields(err) });
    await db(rt.env.DB_CUSTOMER).delete(accounts).where(eq(accounts.id, id));
    throw err;
  }
  return ok(seller);
}

export async function getPublicSeller(env: Env, id: string): Promise<PublicSeller | null> {
  const [row] = await db(env.DB_SELLER).select().from(sellers).where(eq(sellers.id, id)).limit(1);
  return row ? { id: row.id, name: row.name, status: row.status, createdAt: new Date(row.createdAt).toISOString() } : null;
}
