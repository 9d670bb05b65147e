import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";
export { outbox, inbox } from "../shared/event-tables";

/**
 * Credentials of every principal (customers, sellers, admins): the auth part of the customer context.
 * Lockout counters live on the row so one conditional UPDATE decides each attempt exactly, even concurrently.
 */
export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  role: text("role", { enum: ["CUSTOMER", "SELLER", "ADMIN"] }).notNull(),
  passwordHash: text("password_hash").notNull(),
  status: text("status", { enum: ["ACTIVE", "DISABLED"] }).notNull(),
  failedAttempts: integer("failed_attempts").notNull().default(0),
  failureWindowStart: integer("failure_window_start"),
  lockedUntil: integer("locked_until"),
  createdAt: integer("created_at").notNull(),
});

/** Rotating refresh tokens: only a hash is stored; a used token revoked, and reusing it revokes its family. */
export const refreshTokens = sqliteTable("refresh_tokens", {
  id: text("id").primaryKey(),
  familyId: text("family_id").notNull(),
  accountId: text("account_id").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
  revokedAt: integer("revoked_at"),
  createdAt: integer("created_at").notNull(),
});

/** Customer profiles; the id is also the account id. Email mirrors the account's (lower-cased, unique). */
export const customers = sqliteTable("customers", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  phone: text("phone"),
  membershipLevel: text("membership_level", { enum: ["STANDARD", "SILVER", "GOLD"] }).notNull(),
  status: text("status", { enum: ["ACTIVE", "SUSPENDED"] }).notNull(),
  /** Incremented on every profile change: the aggregateVersion of the Customer events. */
  version: integer("version").notNull(),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Saved addresses (contract §6): at most 20 per customer, exactly one of them the default while any exist. Both
 * rules are decided inside single conditional statements, so concurrent requests cannot break them.
 */
export const addresses = sqliteTable(
  "addresses",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id").notNull(),
    label: text("label"),
    recipient: text("recipient").notNull(),
    line1: text("line1").notNull(),
    line2: text("line2"),
    city: text("city").notNull(),
    postalCode: text("postal_code").notNull(),
    country: text("country").notNull(),
    isDefault: integer("is_default", { mode: "boolean" }).notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("addresses_customer").on(t.customerId, t.createdAt)],
);

/**
 * Logins made with an Idempotency-Key (contract §1), kept in this database because login writes here anyway: the
 * record commits in login's own write batch, so the key costs no round trip of its own. Only a success is kept (a
 * 401 or 423 may be retried with the same key). No token is stored: a replay re-derives the same pair from the
 * account, the issue time and the token's id (auth-service.ts). Pruned after `expires_at` by the cron trigger.
 */
export const loginReplies = sqliteTable("login_replies", {
  scope: text("scope").primaryKey(),
  bodyHash: text("body_hash").notNull(),
  accountId: text("account_id").notNull(),
  /** The refresh token row the login stored; the token itself is derived from it with the signing key. */
  tokenId: text("token_id").notNull(),
  issuedAt: integer("issued_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
}, (t) => [index("login_replies_expiry").on(t.expiresAt)]);
