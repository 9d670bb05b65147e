import { afterEach, describe, expect, it, vi } from "vitest";
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { db } from "../../workers/events/outbox-d1";
import { aCustomer, call, uniqueEmail } from "../support/identity";
import { settle } from "../support/settle";

/** Everything written to the console while `work` runs, as one string. */
async function captureLogs(work: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const record = (...args: unknown[]) => void lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  for (const level of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, level).mockImplementation(record);
  // The suite runs at LOG_LEVEL=warn; this check must see every line the Worker would write in production.
  const runtime = env as { LOG_LEVEL: string };
  const previous = runtime.LOG_LEVEL;
  runtime.LOG_LEVEL = "debug";
  try {
    await work();
  } finally {
    runtime.LOG_LEVEL = previous;
  }
  return lines.join("\n");
}

describe("secrets stay out of logs, responses and events", () => {
  afterEach(() => vi.restoreAllMocks());

  it("never writes a password, a password hash or a token to the console, nor returns one where it does not belong", async () => {
    const body = aCustomer({ email: uniqueEmail("secret"), password: "Very-secret-Pw-42" });
    const wrongPassword = "Wrong-secret-Pw-43";
    const seen: { status: number; body: unknown }[] = [];
    let tokens = { accessToken: "", refreshToken: "", rotated: "" };
    const logs = await captureLogs(async () => {
      const registered = await call("POST", "/customers", { body });
      const failed = await call("POST", "/auth/login", { body: { email: body.email, password: wrongPassword } });
      const login = await call("POST", "/auth/login", { body: { email: body.email, password: body.password } });
      const refreshed = await call("POST", "/auth/refresh", { body: { refreshToken: login.data.refreshToken } });
      // Within the reuse grace window the same pair would be granted again; a minute later reuse is refused.
      await env.DB_CUSTOMER.prepare(`UPDATE refresh_tokens SET used_at = used_at - 60000 WHERE account_id = ? AND used_at IS NOT NULL`).bind(login.data.principal.id).run();
      const replay = await call("POST", "/auth/refresh", { body: { refreshToken: login.data.refreshToken } });
      const profile = await call("GET", "/customers/me", { token: refreshed.data.accessToken });
      const patched = await call("PATCH", "/customers/me", { token: refreshed.data.accessToken, body: { name: "Renamed" } });
      const seller = await call("POST", "/sellers", { body: { name: "Shop", email: uniqueEmail("shop"), password: body.password } });
      tokens = { accessToken: login.data.accessToken, refreshToken: login.data.refreshToken, rotated: refreshed.data.refreshToken };
      seen.push(registered, failed, replay, profile, patched, seller);
      await settle();
    });
    const [account] = await db(env.DB_CUSTOMER).all<{ password_hash: string }>(sql`SELECT password_hash FROM accounts WHERE email = ${body.email}`);
    const hash = account!.password_hash;
    const hashDigest = hash.split("$")[3]!;
    expect(logs).toContain("request"); // the capture works: request lines were logged
    const secrets = [body.password, wrongPassword, hash, hashDigest, tokens.accessToken, tokens.refreshToken, tokens.rotated];
    for (const secret of secrets) expect(logs).not.toContain(secret);
    const responses = JSON.stringify(seen);
    for (const secret of secrets) expect(responses).not.toContain(secret);
    expect(responses).not.toMatch(/pbkdf2|password_?hash/i);
    const outbox = JSON.stringify(await db(env.DB_CUSTOMER).all(sql`SELECT body FROM outbox`)) + JSON.stringify(await db(env.DB_SELLER).all(sql`SELECT body FROM outbox`));
    for (const secret of [body.password, hash, hashDigest]) expect(outbox).not.toContain(secret);
  });
});
