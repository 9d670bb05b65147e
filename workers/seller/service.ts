import { eq } from "drizzle-orm";
import { sellers } from "../../schema/seller/tables";
import { db, type Runtime } from "../events/outbox-d1";
import { makeEvent, type Causation, type Envelope } from "../events/envelope";
import { hashPassword } from "../kernel/password";
import { newId } from "../kernel/ids";
import { ok, reject, type Result } from "../kernel/result";
import { log, errorFields } from "../kernel/logging";
import { openAccountWithEvent } from "../customer/index";
import type { PublicSeller, RegisterSellerInput, Seller } from "./domain";

/** Test seam: the next registration crashes after its one atomic step, before the profile is written inline. */
export const registrationSeam = { crashAfterAccount: false };

/** The profile row SellerRegistered describes; inserting it again changes nothing (the id is the account id). */
export function profileInsert(env: Env, event: Envelope<"SellerRegistered">) {
  return db(env.DB_SELLER).insert(sellers)
    .values({ id: event.data.sellerId, name: event.data.name, email: event.data.email, status: "ACTIVE", createdAt: Date.parse(event.occurredOn) })
    .onConflictDoNothing();
}

/**
 * One consistent step. The account and SellerRegistered are committed in one batch of the identity database (the
 * customer context owns every credential, and its UNIQUE email index decides duplicates across customers, sellers
 * and admins, exactly, under concurrency). The seller profile follows from the event: the seller context's
 * subscriber inserts it (create-profile-on-seller-registered), at least once, idempotently. The request also
 * writes it inline so the seller can read its own profile at once; a crash before or during that write loses
 * nothing, because the event is already in the outbox. There is no state with an account and no way to a profile.
 */
export async function registerSeller(rt: Runtime, input: RegisterSellerInput, cause: Causation): Promise<Result<Seller>> {
  const passwordHash = await hashPassword(input.password);
  const now = Date.now();
  const id = newId("sel", now);
  const seller: Seller = { id, name: input.name, email: input.email, status: "ACTIVE" };
  const event = makeEvent("SellerRegistered", id, 1, { sellerId: id, name: seller.name, email: seller.email }, cause, { now });
  const opened = await openAccountWithEvent(rt, { id, email: input.email, role: "SELLER", passwordHash, now }, event);
  if (!opened.ok) return reject("SELLER_EMAIL_EXISTS", "an account with this email already exists", "email");
  if (registrationSeam.crashAfterAccount) {
    registrationSeam.crashAfterAccount = false;
    throw new Error("test seam: crashed after the account and SellerRegistered were committed, before the profile");
  }
  try {
    await profileInsert(rt.env, event);
  } catch (err) {
    // Not an error for the client: the registration is committed and the subscriber makes the profile.
    log("warn", "seller profile not written inline; its SellerRegistered subscriber will make it", { sellerId: id, correlationId: cause.correlationId, ...errorFields(err) });
  }
  return ok(seller);
}

export async function getPublicSeller(env: Env, id: string): Promise<PublicSeller | null> {
  const [row] = await db(env.DB_SELLER).select().from(sellers).where(eq(sellers.id, id)).limit(1);
  return row ? { id: row.id, name: row.name, status: row.status, createdAt: new Date(row.createdAt).toISOString() } : null;
}
