import { and, eq, isNull, sql } from "drizzle-orm";
import { accounts, refreshTokens } from "../../schema/customer/tables";
import { db } from "../events/outbox-d1";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../kernel/password";
import { issueAccessToken, type Principal, type Role } from "../kernel/auth";
import { newId } from "../kernel/ids";
import { ok, reject, type Result } from "../kernel/result";

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_DURATION_MS = 15 * 60 * 1000;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  principal: Principal;
}

async function sha256Hex(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...d].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `rt_${btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/** The statement that creates an account row; callers batch it with their own profile row and events. */
export function accountInsert(d1: D1Database, a: { id: string; email: string; role: Role; passwordHash: string; now: number }) {
  return db(d1).insert(accounts).values({ id: a.id, email: a.email.toLowerCase(), role: a.role, passwordHash: a.passwordHash, status: "ACTIVE", createdAt: a.now });
}

/** Seeds an admin account once (start script, tests, deploy bootstrap); an existing email is left alone. */
export async function ensureAdmin(env: Env, email: string, password: string): Promise<string> {
  const d = db(env.DB_CUSTOMER);
  const [existing] = await d.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email.toLowerCase()));
  if (existing) return existing.id;
  const id = newId("adm");
  await d.insert(accounts).values({ id, email: email.toLowerCase(), role: "ADMIN", passwordHash: await hashPassword(password), status: "ACTIVE", createdAt: Date.now() }).onConflictDoNothing();
  const [row] = await d.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email.toLowerCase()));
  return row!.id;
}

/** A new token pair and the statement that stores its refresh token (callers batch it with their own writes). */
async function preparePair(env: Env, principal: Principal, familyId: string, now: number) {
  const refreshToken = randomToken();
  const insert = db(env.DB_CUSTOMER).insert(refreshTokens).values({
    id: newId("rft", now), familyId, accountId: principal.id, tokenHash: await sha256Hex(refreshToken),
    expiresAt: now + Number(env.REFRESH_TOKEN_TTL_SECONDS) * 1000, createdAt: now,
  });
  const pair: TokenPair = { accessToken: await issueAccessToken(env, principal, now), refreshToken, expiresIn: Number(env.ACCESS_TOKEN_TTL_SECONDS), principal };
  return { pair, insert };
}

async function issuePair(env: Env, principal: Principal, familyId: string, now: number): Promise<TokenPair> {
  const { pair, insert } = await preparePair(env, principal, familyId, now);
  await insert;
  return pair;
}

/**
 * Login with exact lockout. Each attempt first claims a slot with one atomic UPDATE (the failure counter is
 * incremented before the password is checked), so concurrent attempts are numbered 1, 2, 3…: attempts 1–5 are
 * judged on the password (the 5th wrong one locks), every attempt after that is 423, whatever the password.
 * A correct password within the first five gives the slot back. Unknown emails cost the same PBKDF2 time.
 */
export async function login(env: Env, email: string, password: string, now = Date.now()): Promise<Result<TokenPair>> {
  const d = db(env.DB_CUSTOMER);
  const normalized = email.toLowerCase();
  const windowStart = now - LOCKOUT_WINDOW_MS;
  const claimed = await d
    .update(accounts)
    .set({
      failedAttempts: sql`CASE WHEN ${accounts.failureWindowStart} IS NULL OR ${accounts.failureWindowStart} < ${windowStart} THEN 1 ELSE ${accounts.failedAttempts} + 1 END`,
      failureWindowStart: sql`CASE WHEN ${accounts.failureWindowStart} IS NULL OR ${accounts.failureWindowStart} < ${windowStart} THEN ${now} ELSE ${accounts.failureWindowStart} END`,
    })
    .where(and(eq(accounts.email, normalized), sql`(${accounts.lockedUntil} IS NULL OR ${accounts.lockedUntil} <= ${now})`))
    .returning({ id: accounts.id, role: accounts.role, passwordHash: accounts.passwordHash, status: accounts.status, attempt: accounts.failedAttempts });

  const account = claimed[0];
  if (!account) {
    const [exists] = await d.select({ lockedUntil: accounts.lockedUntil }).from(accounts).where(eq(accounts.email, normalized));
    await burnPasswordCheck(password);
    if (exists) return reject("AUTH_ACCOUNT_LOCKED", "too many failed attempts; the account is locked for 15 minutes");
    return reject("AUTH_INVALID_CREDENTIALS", "email or password is wrong");
  }
  if (account.attempt > LOCKOUT_THRESHOLD) {
    await burnPasswordCheck(password);
    return reject("AUTH_ACCOUNT_LOCKED", "too many failed attempts; the account is locked for 15 minutes");
  }
  const good = await verifyPassword(password, account.passwordHash);
  if (!good || account.status !== "ACTIVE") {
    if (account.attempt === LOCKOUT_THRESHOLD) {
      await d.update(accounts).set({ lockedUntil: now + LOCKOUT_DURATION_MS }).where(eq(accounts.id, account.id));
    }
    return reject("AUTH_INVALID_CREDENTIALS", "email or password is wrong");
  }
  // Two round trips in all on success: the claim above, then one batch that gives the slot back and stores the token.
  const { pair, insert } = await preparePair(env, { id: account.id, role: account.role }, newId("rft", now), now);
  await d.batch([d.update(accounts).set({ failedAttempts: 0, failureWindowStart: null }).where(eq(accounts.id, account.id)), insert]);
  return ok(pair);
}

/** Rotation: a refresh token works once. Presenting a used or revoked one revokes the whole family (theft signal). */
export async function refresh(env: Env, token: string, now = Date.now()): Promise<Result<TokenPair>> {
  const d = db(env.DB_CUSTOMER);
  const hash = await sha256Hex(token);
  const used = await d
    .update(refreshTokens)
    .set({ usedAt: now })
    .where(and(eq(refreshTokens.tokenHash, hash), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt), sql`${refreshTokens.expiresAt} > ${now}`))
    .returning({ familyId: refreshTokens.familyId, accountId: refreshTokens.accountId });
  const row = used[0];
  if (!row) {
    const [known] = await d.select({ familyId: refreshTokens.familyId }).from(refreshTokens).where(eq(refreshTokens.tokenHash, hash));
    if (known) await d.update(refreshTokens).set({ revokedAt: now }).where(and(eq(refreshTokens.familyId, known.familyId), isNull(refreshTokens.revokedAt)));
    return reject("AUTH_REFRESH_INVALID", "the refresh token is expired, used or revoked");
  }
  const [account] = await d.select({ id: accounts.id, role: accounts.role, status: accounts.status }).from(accounts).where(eq(accounts.id, row.accountId));
  if (!account || account.status !== "ACTIVE") return reject("AUTH_REFRESH_INVALID", "the account is not active");
  return ok(await issuePair(env, { id: account.id, role: account.role }, row.familyId, now));
}

/** Every active admin (id and email), for notices to moderators and operators (the notification context reads it). */
export async function listAdmins(env: Env): Promise<{ id: string; email: string }[]> {
  return db(env.DB_CUSTOMER).select({ id: accounts.id, email: accounts.email }).from(accounts).where(and(eq(accounts.role, "ADMIN"), eq(accounts.status, "ACTIVE")));
}
