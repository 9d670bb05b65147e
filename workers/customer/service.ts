import { and, eq } from "drizzle-orm";
import { customers } from "../../schema/customer/tables";
import { commitWithEvents, db, previousStatementChangedOneRow, type Runtime } from "../events/outbox-d1";
import { makeEvent, type Causation } from "../events/envelope";
import { hashPassword } from "../kernel/password";
import { newId } from "../kernel/ids";
import { ok, reject, type Result } from "../kernel/result";
import { accountInsert } from "./auth-service";
import { isUniqueViolation } from "../kernel/unique-violation";
import { changedProfileFields, type Customer, type RegisterCustomerInput, type UpdateProfileInput } from "./domain";

type Row = typeof customers.$inferSelect;

const toCustomer = (r: Row): Customer => ({
  id: r.id, name: r.name, email: r.email, phone: r.phone, membershipLevel: r.membershipLevel, status: r.status,
  createdAt: new Date(r.createdAt).toISOString(),
});

/**
 * Account, profile and CustomerRegistered in one D1 batch: all or nothing. The accounts.email UNIQUE index decides
 * duplicates, so two concurrent registrations with one email cannot both succeed, and an email held by a seller or
 * an admin (same account table) is refused too. No read-before-write: that would only add a race.
 */
export async function registerCustomer(rt: Runtime, input: RegisterCustomerInput, cause: Causation): Promise<Result<Customer>> {
  const d = db(rt.env.DB_CUSTOMER);
  const passwordHash = await hashPassword(input.password);
  const now = Date.now();
  const id = newId("cus", now);
  const row: Row = {
    id, name: input.name, email: input.email, phone: input.phone ?? null, membershipLevel: "STANDARD", status: "ACTIVE",
    version: 1, createdAt: now, updatedAt: now,
  };
  const event = makeEvent("CustomerRegistered", id, 1, { customerId: id, name: row.name, email: row.email }, cause, { now });
  try {
    await commitWithEvents(rt, "customer", [accountInsert(rt.env.DB_CUSTOMER, { id, email: input.email, role: "CUSTOMER", passwordHash, now }), d.insert(customers).values(row)], [event]);
  } catch (err) {
    if (isUniqueViolation(err, "accounts.email") || isUniqueViolation(err, "customers.email")) {
      return reject("CUSTOMER_EMAIL_EXISTS", "an account with this email already exists", "email");
    }
    throw err;
  }
  return ok(toCustomer(row));
}

export async function getCustomer(env: Env, id: string): Promise<Customer | null> {
  const [row] = await db(env.DB_CUSTOMER).select().from(customers).where(eq(customers.id, id)).limit(1);
  return row ? toCustomer(row) : null;
}

/**
 * Optimistic concurrency on `version`: the update and its event apply only to the version read, so two PATCHes
 * cannot both claim the same aggregateVersion, and consumers can order the events by it.
 */
export async function updateProfile(rt: Runtime, id: string, patch: UpdateProfileInput, cause: Causation): Promise<Result<Customer>> {
  const d = db(rt.env.DB_CUSTOMER);
  const [before] = await d.select().from(customers).where(eq(customers.id, id)).limit(1);
  if (!before) return reject("CUSTOMER_NOT_FOUND", "customer not found");
  const changed = changedProfileFields(before, patch);
  if (changed.length === 0) return ok(toCustomer(before));
  const now = Date.now();
  const version = before.version + 1;
  const after: Row = { ...before, name: patch.name ?? before.name, phone: patch.phone === undefined ? before.phone : patch.phone, version, updatedAt: now };
  const event = makeEvent("CustomerProfileUpdated", id, version, { customerId: id, name: after.name, email: after.email, changedFields: changed }, cause, { now });
  const update = d.update(customers).set({ name: after.name, phone: after.phone, version, updatedAt: now })
    .where(and(eq(customers.id, id), eq(customers.version, before.version))).returning({ id: customers.id });
  // The row comes back only to the writer whose UPDATE applied; the other's events are not written either.
  const [won] = (await commitWithEvents(rt, "customer", [update], [event], previousStatementChangedOneRow)) as [{ id: string }[]];
  if (won.length === 0) return reject("CONFLICT", "the profile was changed concurrently; read it again and retry");
  return ok(toCustomer(after));
}
