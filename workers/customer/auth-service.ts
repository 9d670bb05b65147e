import { and, eq, isNull, sql } from "drizzle-orm";
import { accounts, refreshTokens } from "../../schema/customer/tables";
import { commitWithEvents, db, type Runtime } from "../events/outbox-d1";
import type { Envelope } from "../events/envelope";
import { isUniqueViolation } from "../kernel/unique-violation";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../kernel/password";
import { issueAccessToken, signingSecret, type Principal, type Role } from "../kernel/auth";
import { newId } from "../kernel/ids";
import { ok, reject, type Result } from "../kernel/result";
import { replicaReads } from "../kernel/consistency";
import { keyReused, type IdempotencyKey } from "../kernel/idempotency";

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

/**
 * Opens an account for another context's principal (a seller) together with that context's registration event, in
 * one batch of the identity database: the account and the fact that it was registered exist together or not at all.
 * The event is relayed from this database's outbox, so its subscribers (the seller context makes the profile) are
 * reached even if the caller crashes right after. The UNIQUE email index is the one arbiter of duplicates.
 */
export async function openAccountWithEvent(rt: Runtime, a: { id: string; email: string; role: Role; passwordHash: string; now: number }, event: Envelope<"SellerRegistered">): Promise<Result<{ id: string }>> {
  try {
    await commitWithEvents(rt, "customer", [accountInsert(rt.env.DB_CUSTOMER, a)], [event]);
  } catch (err) {
    if (isUniqueViolation(err, "accounts.email")) return reject("ACCOUNT_EMAIL_EXISTS", "an account with this email already exists", "email");
    throw err;
  }
  return ok({ id: a.id });
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

/** How long a login's Idempotency-Key record answers replays (contract §1). */
const KEY_TTL_MS = 24 * 3600 * 1000;

/**
 * The refresh token of a login made with an Idempotency-Key: derived with the signing key from the key's scope and
 * the token row's id instead of drawn at random, so a replay can answer the very same pair while only its hash is
 * stored (as for rotation, successorOf). Without the signing key, the token cannot be guessed from the scope.
 */
async function keyedRefreshToken(env: Env, key: IdempotencyKey, tokenId: string): Promise<string> {
  const secret = await crypto.subtle.importKey("raw", new TextEncoder().encode(signingSecret(env)), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", secret, new TextEncoder().encode(`login:${key.scope}:${tokenId}`)));
  return `rt_${btoa(String.fromCharCode(...mac)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/** A login's kept record, with the role of its account (the access token carries it). */
interface KeptLogin {
  body_hash: string;
  account_id: string;
  token_id: string;
  issued_at: number;
  role: Role;
}

const keptLoginRead = (d1: D1Database, key: IdempotencyKey, now: number) =>
  d1.prepare(`SELECT r.body_hash, r.account_id, r.token_id, r.issued_at, a.role FROM login_replies r JOIN accounts a ON a.id = r.account_id WHERE r.scope = ?1 AND r.expires_at > ?2`).bind(key.scope, now);

/** The answer a kept login gives again: the same pair (same tokens), or 422 for another body. */
async function replayKept(env: Env, key: IdempotencyKey, kept: KeptLogin): Promise<LoginReply> {
  if (kept.body_hash !== key.bodyHash) return keyReused();
  const principal = { id: kept.account_id, role: kept.role };
  return { ...ok(await pairOf(env, principal, await keyedRefreshToken(env, key, kept.token_id), kept.issued_at)), replayed: true };
}

/**
 * What a successful login adds to its write batch when it carries an Idempotency-Key. `guard` (SQL, with the scope
 * bound as ?9 and the time as ?4) keeps the refresh token from being stored while a live record holds the key, so
 * a racing duplicate that commits second stores nothing; `record` is written exactly when this batch stored the
 * token. The batch also reads the record first (keptLoginRead), so the loser of a race learns the winner's record in
 * the same round trip and replays it.
 */
const KEY_GUARD = `NOT EXISTS (SELECT 1 FROM login_replies WHERE scope = ?9 AND expires_at > ?4)`;
const keptLoginRecord = (d1: D1Database, key: IdempotencyKey, tokenId: string, now: number) =>
  d1.prepare(`INSERT INTO login_replies (scope, body_hash, account_id, token_id, issued_at, expires_at)
      SELECT ?1, ?2, account_id, id, ?3, ?4 FROM refresh_tokens WHERE id = ?5
      ON CONFLICT (scope) DO UPDATE SET body_hash = excluded.body_hash, account_id = excluded.account_id, token_id = excluded.token_id, issued_at = excluded.issued_at, expires_at = excluded.expires_at
      WHERE login_replies.expires_at <= ?3`)
    .bind(key.scope, key.bodyHash, now, now + KEY_TTL_MS, tokenId);

/** A login's answer; `replayed` when it is the one kept for the request's Idempotency-Key. */
export type LoginReply = (Result<TokenPair>) & { replayed?: true };

/** The pair as the client receives it; the access token is a pure function of principal and issue time. */
async function pairOf(env: Env, principal: Principal, refreshToken: string, issuedAt: number): Promise<TokenPair> {
  return { accessToken: await issueAccessToken(env, principal, issuedAt), refreshToken, expiresIn: Number(env.ACCESS_TOKEN_TTL_SECONDS), principal };
}

/**
 * Login with exact lockout. Each attempt claims a slot with one atomic UPDATE (the failure counter is incremented
 * whatever the password), so concurrent attempts are numbered 1, 2, 3…: attempts 1–5 are judged on the password
 * (the 5th wrong one locks), every attempt after that is 423, whatever the password. A correct password within the
 * first five gives the slot back. Unknown emails cost the same PBKDF2 time: every path runs exactly one.
 *
 * Two round trips (architecture.md, "what each request may cost"): the account is read where a replica may answer,
 * the password is checked against that hash, then one write batch claims the slot, locks on the fifth wrong
 * attempt, and (for a right password) stores the refresh token and gives the slot back. The batch's statements
 * re-check on the primary everything the replica said (the hash, the status, the lock), so a stale replica can
 * never let a login through; an account the replica does not know yet (a signup a moment ago) takes the primary.
 */
export async function login(env: Env, email: string, password: string, now = Date.now(), key: IdempotencyKey | null = null): Promise<LoginReply> {
  const normalized = email.toLowerCase();
  // With an Idempotency-Key, its record is read in the same replica round trip as the account: a kept login replays
  // without writing anything. A replica that has not seen a record yet only defers the question to the write batch.
  const replica = replicaReads(env.DB_CUSTOMER);
  const accountRead = replica.prepare(`SELECT password_hash AS passwordHash FROM accounts WHERE email = ?1 LIMIT 1`).bind(normalized);
  const [accountRows, keptRows] = await replica.batch<{ passwordHash: string } & KeptLogin>(key ? [accountRead, keptLoginRead(replica, key, now)] : [accountRead]);
  const kept = keptRows?.results[0];
  if (key && kept) return replayKept(env, key, kept);
  const seen = accountRows!.results[0];
  if (!seen) return loginOnPrimary(env, normalized, password, key, now);

  const good = await verifyPassword(password, seen.passwordHash);
  const windowStart = now - LOCKOUT_WINDOW_MS;
  const tokenId = newId("rft", now);
  const refreshToken = key ? await keyedRefreshToken(env, key, tokenId) : randomToken();
  const d1 = env.DB_CUSTOMER;
  const attempt = `CASE WHEN failure_window_start IS NULL OR failure_window_start < ?2 THEN 1 ELSE failed_attempts + 1 END`;
  // SQLite evaluates every SET expression on the row as it was, so the lock sees the attempt number this claim gives.
  const claim = d1.prepare(`UPDATE accounts SET failed_attempts = ${attempt},
      failure_window_start = CASE WHEN failure_window_start IS NULL OR failure_window_start < ?2 THEN ?3 ELSE failure_window_start END,
      locked_until = CASE WHEN ${attempt} = ?4 AND NOT (?5 = 1 AND status = 'ACTIVE' AND password_hash = ?6) THEN ?7 ELSE locked_until END
    WHERE email = ?1 AND (locked_until IS NULL OR locked_until <= ?3)
    RETURNING id, role, password_hash AS passwordHash, status, failed_attempts AS attempt`)
    .bind(normalized, windowStart, now, LOCKOUT_THRESHOLD, good ? 1 : 0, seen.passwordHash, now + LOCKOUT_DURATION_MS);
  const exists = d1.prepare(`SELECT id FROM accounts WHERE email = ?1`).bind(normalized);
  // What makes this attempt a success, checked again after the claim inside the same transaction.
  const succeeded = `email = ?1 AND password_hash = ?2 AND status = 'ACTIVE' AND failed_attempts <= ?3 AND (locked_until IS NULL OR locked_until <= ?4)`;
  // The kept record is read first, so a racing duplicate that commits second sees the winner's record (and stores
  // no token of its own, below). Its claim and reset still run: for a right password they leave the counters at 0.
  const statements = key ? [keptLoginRead(d1, key, now), claim, exists] : [claim, exists];
  const first = key ? 1 : 0;
  if (good) {
    const tokenValues = [normalized, seen.passwordHash, LOCKOUT_THRESHOLD, now, tokenId, newId("rft", now), await sha256Hex(refreshToken), now + Number(env.REFRESH_TOKEN_TTL_SECONDS) * 1000];
    statements.push(
      d1.prepare(`INSERT INTO refresh_tokens (id, family_id, account_id, token_hash, expires_at, created_at)
        SELECT ?5, ?6, id, ?7, ?8, ?4 FROM accounts WHERE ${succeeded}${key ? ` AND ${KEY_GUARD}` : ""}`)
        .bind(...tokenValues, ...(key ? [key.scope] : [])),
      d1.prepare(`UPDATE accounts SET failed_attempts = 0, failure_window_start = NULL WHERE ${succeeded}`).bind(normalized, seen.passwordHash, LOCKOUT_THRESHOLD, now),
    );
    if (key) statements.push(keptLoginRecord(d1, key, tokenId, now));
  }
  const results = await d1.batch(statements);
  const raced = key ? (results[0]!.results as KeptLogin[])[0] : undefined;
  if (key && raced) return replayKept(env, key, raced);
  const account = (results[first]!.results as ClaimedAccount[])[0];
  if (!account) {
    if (results[first + 1]!.results.length > 0) return reject("AUTH_ACCOUNT_LOCKED", "too many failed attempts; the account is locked for 15 minutes");
    return reject("AUTH_INVALID_CREDENTIALS", "email or password is wrong");
  }
  if (account.attempt > LOCKOUT_THRESHOLD) return reject("AUTH_ACCOUNT_LOCKED", "too many failed attempts; the account is locked for 15 minutes");
  // Passwords never change after signup today; should one ever change under a stale replica, judge the claim again.
  if (account.passwordHash !== seen.passwordHash) return judgeClaim(env, account, password, key, now);
  if (good && results[first + 2]!.meta.changes === 1) return ok(await pairOf(env, { id: account.id, role: account.role }, refreshToken, now));
  return reject("AUTH_INVALID_CREDENTIALS", "email or password is wrong");
}

interface ClaimedAccount {
  id: string;
  role: Role;
  passwordHash: string;
  status: string;
  attempt: number;
}

/** The login for an account the replica did not know: claim on the primary first, then judge the password. */
async function loginOnPrimary(env: Env, normalized: string, password: string, key: IdempotencyKey | null, now: number): Promise<LoginReply> {
  const d = db(env.DB_CUSTOMER);
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
  return judgeClaim(env, account, password, key, now);
}

/** A claimed attempt within the first five, judged on the password: the 5th wrong one locks, a right one resets. */
async function judgeClaim(env: Env, account: ClaimedAccount, password: string, key: IdempotencyKey | null, now: number): Promise<LoginReply> {
  const d = db(env.DB_CUSTOMER);
  const good = await verifyPassword(password, account.passwordHash);
  if (!good || account.status !== "ACTIVE") {
    if (account.attempt === LOCKOUT_THRESHOLD) {
      await d.update(accounts).set({ lockedUntil: now + LOCKOUT_DURATION_MS }).where(eq(accounts.id, account.id));
    }
    return reject("AUTH_INVALID_CREDENTIALS", "email or password is wrong");
  }
  const tokenId = newId("rft", now);
  const refreshToken = key ? await keyedRefreshToken(env, key, tokenId) : randomToken();
  const d1 = env.DB_CUSTOMER;
  const results = await d1.batch([
    ...(key ? [keptLoginRead(d1, key, now)] : []),
    d1.prepare(`UPDATE accounts SET failed_attempts = 0, failure_window_start = NULL WHERE id = ?1`).bind(account.id),
    // The same guard as login's (?9 the scope, ?4 the time), so a duplicate racing this path stores no token either.
    d1.prepare(`INSERT INTO refresh_tokens (id, family_id, account_id, token_hash, expires_at, created_at)
      SELECT ?1, ?2, ?3, ?5, ?6, ?4${key ? ` WHERE ${KEY_GUARD}` : ""}`)
      .bind(tokenId, newId("rft", now), account.id, now, await sha256Hex(refreshToken), now + Number(env.REFRESH_TOKEN_TTL_SECONDS) * 1000, ...(key ? [null, null, key.scope] : [])),
    ...(key ? [keptLoginRecord(d1, key, tokenId, now)] : []),
  ]);
  const raced = key ? (results[0]!.results as KeptLogin[])[0] : undefined;
  if (key && raced) return replayKept(env, key, raced);
  return ok(await pairOf(env, { id: account.id, role: account.role }, refreshToken, now));
}

/** Two tabs (or a retry after a lost response) may present the same refresh token within this window. */
export const REFRESH_REUSE_GRACE_MS = 5_000;

/**
 * The token a rotation hands out for `token`: derived with the signing key instead of drawn at random, so a
 * concurrent or repeated refresh within the grace window can answer the very same pair without the plain token
 * ever being stored (only hashes are). Without the key, a stolen token says nothing about its successor.
 */
async function successorOf(env: Env, token: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(signingSecret(env)), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`refresh-successor:${token}`)));
  return `rt_${btoa(String.fromCharCode(...mac)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

async function activePrincipal(env: Env, accountId: string): Promise<Principal | null> {
  const [account] = await db(env.DB_CUSTOMER).select({ id: accounts.id, role: accounts.role, status: accounts.status }).from(accounts).where(eq(accounts.id, accountId));
  return account && account.status === "ACTIVE" ? { id: account.id, role: account.role } : null;
}

/**
 * Rotation: a refresh token works once. Spending it and storing its successor commit in one batch, so whoever
 * finds it spent also finds the successor. Presented again within REFRESH_REUSE_GRACE_MS of being spent, while its
 * successor is still unused and the family unrevoked, it answers the same pair again (same successor, access token
 * issued at the same instant): two tabs refreshing at once stay signed in. Any other reuse of a spent or revoked
 * token revokes the whole family (theft signal).
 */
export async function refresh(env: Env, token: string, now = Date.now()): Promise<Result<TokenPair>> {
  const d = db(env.DB_CUSTOMER);
  const hash = await sha256Hex(token);
  const next = await successorOf(env, token);
  const nextHash = await sha256Hex(next);
  const expiresAt = now + Number(env.REFRESH_TOKEN_TTL_SECONDS) * 1000;
  // Plain D1 statements: drizzle's batch cannot carry an INSERT … SELECT. The INSERT copies the family only if the
  // UPDATE spent the token at this very instant; a same-millisecond loser's copy has the same hash and is ignored.
  // The account is read in the same batch (one round trip in all for the usual refresh).
  const [spent, , holder] = await env.DB_CUSTOMER.batch<{ account_id?: string; id?: string; role?: Role; status?: string }>([
    env.DB_CUSTOMER.prepare(`UPDATE refresh_tokens SET used_at = ?1 WHERE token_hash = ?2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?1 RETURNING account_id`).bind(now, hash),
    env.DB_CUSTOMER.prepare(`INSERT INTO refresh_tokens (id, family_id, account_id, token_hash, expires_at, created_at)
      SELECT ?1, family_id, account_id, ?2, ?3, ?4 FROM refresh_tokens WHERE token_hash = ?5 AND used_at = ?4 ON CONFLICT (token_hash) DO NOTHING`)
      .bind(newId("rft", now), nextHash, expiresAt, now, hash),
    env.DB_CUSTOMER.prepare(`SELECT a.id, a.role, a.status FROM accounts a JOIN refresh_tokens t ON t.account_id = a.id WHERE t.token_hash = ?1`).bind(hash),
  ]);
  if (spent?.results[0]) {
    const account = holder?.results[0];
    if (!account?.id || !account.role || account.status !== "ACTIVE") return reject("AUTH_REFRESH_INVALID", "the account is not active");
    return ok(await pairOf(env, { id: account.id, role: account.role }, next, now));
  }

  const [known] = await d.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash));
  if (known?.usedAt != null && known.revokedAt === null && now - known.usedAt <= REFRESH_REUSE_GRACE_MS) {
    const [successor] = await d.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, nextHash));
    if (successor && successor.familyId === known.familyId && successor.usedAt === null && successor.revokedAt === null) {
      const principal = await activePrincipal(env, known.accountId);
      if (!principal) return reject("AUTH_REFRESH_INVALID", "the account is not active");
      return ok(await pairOf(env, principal, next, known.usedAt));
    }
  }
  if (known) await d.update(refreshTokens).set({ revokedAt: now }).where(and(eq(refreshTokens.familyId, known.familyId), isNull(refreshTokens.revokedAt)));
  return reject("AUTH_REFRESH_INVALID", "the refresh token is expired, used or revoked");
}

/** Every active admin (id and email), for notices to moderators and operators (the notification context reads it). */
export async function listAdmins(env: Env): Promise<{ id: string; email: string }[]> {
  return db(env.DB_CUSTOMER).select({ id: accounts.id, email: accounts.email }).from(accounts).where(and(eq(accounts.role, "ADMIN"), eq(accounts.status, "ACTIVE")));
}
