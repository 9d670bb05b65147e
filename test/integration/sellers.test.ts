import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { db } from "../../workers/events/outbox-d1";
import { sweepD1Outboxes } from "../../workers/events/outbox-d1";
import { registrationSeam } from "../../workers/seller/service";
import { publish } from "../support/events";
import { aProduct } from "../support/mothers";
import { eventually } from "../support/settle";
import { aSignedInCustomer, call, registerCustomer, registerSeller, signIn, uniqueEmail, PASSWORD } from "../support/identity";

const count = async (d1: D1Database, table: "sellers" | "accounts") => Number((await db(d1).all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)))[0]?.n);

describe("seller registration", () => {
  it("registers an ACTIVE seller with a lower-cased email and publishes SellerRegistered", async () => {
    const email = uniqueEmail("Shop").toUpperCase();
    const res = await call("POST", "/sellers", { body: { name: "Acme Outdoor", email, password: PASSWORD } });
    expect(res.status).toBe(201);
    expect(res.data).toEqual({ id: expect.stringMatching(/^sel_[0-9A-Z]{26}$/), name: "Acme Outdoor", email: email.toLowerCase(), status: "ACTIVE" });
    // SellerRegistered is committed with the account, in the identity database's outbox (one atomic step).
    const events = await db(env.DB_CUSTOMER).all<{ body: string }>(sql`SELECT DISTINCT body FROM outbox WHERE event_type = 'SellerRegistered' AND body LIKE ${`%${res.data.id}%`}`);
    expect(events.map((e) => JSON.parse(e.body).data)).toEqual([{ sellerId: res.data.id, name: "Acme Outdoor", email: email.toLowerCase() }]);
    // The seller reads its own profile at once (written inline; the subscriber's copy changes nothing).
    expect((await call("GET", `/sellers/${res.data.id}`)).status).toBe(200);
  });

  it("ends complete after a crash right after the account was committed: one account, one profile, and a retry adds neither", async () => {
    const email = uniqueEmail("crash-seller");
    const byEmail = async () => ({
      accounts: await db(env.DB_CUSTOMER).all<{ id: string; role: string }>(sql`SELECT id, role FROM accounts WHERE email = ${email}`),
      sellers: await db(env.DB_SELLER).all<{ id: string; name: string }>(sql`SELECT id, name FROM sellers WHERE email = ${email}`),
    });
    registrationSeam.crashAfterAccount = true;
    const crashed = await call("POST", "/sellers", { body: { name: "Crash Test Goods", email, password: PASSWORD } });
    expect(crashed.status).toBe(500);
    expect(registrationSeam.crashAfterAccount).toBe(false); // the seam fired
    // The account exists, so the subscriber of the committed SellerRegistered must make the profile.
    const [account] = (await byEmail()).accounts;
    expect(account).toMatchObject({ role: "SELLER" });
    await eventually(() => call("GET", `/sellers/${account!.id}`), (r) => r.status === 200);
    // The client retries: the email is taken (by this same registration), nothing is added.
    const retry = await call("POST", "/sellers", { body: { name: "Crash Test Goods", email, password: PASSWORD } });
    expect(retry.status).toBe(409);
    expect(retry.errors[0]?.code).toBe("SELLER_EMAIL_EXISTS");
    // The event is delivered again (at least once) and the sweep relays whatever is left: still one of each.
    const [row] = await db(env.DB_CUSTOMER).all<{ body: string }>(sql`SELECT body FROM outbox WHERE event_type = 'SellerRegistered' AND body LIKE ${`%${account!.id}%`} LIMIT 1`);
    await publish(JSON.parse(row!.body), 2);
    await sweepD1Outboxes(env);
    await new Promise((r) => setTimeout(r, 300));
    expect(await byEmail()).toEqual({ accounts: [{ id: account!.id, role: "SELLER" }], sellers: [{ id: account!.id, name: "Crash Test Goods" }] });
    // And the seller can do what sellers do: log in as itself.
    const session = await signIn(email, PASSWORD);
    expect(session.principal).toEqual({ id: account!.id, role: "SELLER" });
  });

  it("refuses a duplicate email (any case, also a customer's) with 409 SELLER_EMAIL_EXISTS and stores nothing", async () => {
    const seller = await registerSeller();
    const customer = await registerCustomer();
    const [sellersBefore, accountsBefore] = [await count(env.DB_SELLER, "sellers"), await count(env.DB_CUSTOMER, "accounts")];
    for (const email of [seller.email.toUpperCase(), customer.email]) {
      const res = await call("POST", "/sellers", { body: { name: "Copycat", email, password: PASSWORD } });
      expect(res.status).toBe(409);
      expect(res.errors[0]).toMatchObject({ code: "SELLER_EMAIL_EXISTS", field: "email" });
    }
    expect(await count(env.DB_SELLER, "sellers")).toBe(sellersBefore);
    expect(await count(env.DB_CUSTOMER, "accounts")).toBe(accountsBefore);
  });

  it("lets exactly one of five concurrent registrations with one email through", async () => {
    const email = uniqueEmail("race-seller");
    const results = await Promise.all(Array.from({ length: 5 }, () => call("POST", "/sellers", { body: { name: "Racer", email, password: PASSWORD } })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it.each([
    ["a weak password", { password: "password" }],
    ["a one-letter name", { name: "A" }],
    ["a malformed email", { email: "shop" }],
    ["a missing password", { password: undefined }],
  ])("refuses %s with 400 and stores nothing", async (_label, override) => {
    const before = await count(env.DB_CUSTOMER, "accounts");
    const res = await call("POST", "/sellers", { body: { name: "Acme", email: uniqueEmail("s"), password: PASSWORD, ...override } });
    expect(res.status).toBe(400);
    expect(res.errors[0]?.code).toBe("VALIDATION_FAILED");
    expect(await count(env.DB_CUSTOMER, "accounts")).toBe(before);
  });
});

describe("seller profile", () => {
  it("shows the public profile without the email", async () => {
    const seller = await registerSeller();
    const res = await call("GET", `/sellers/${seller.id}`);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ id: seller.id, name: seller.name, status: "ACTIVE", createdAt: expect.any(String) });
  });

  it("refuses an over-long id with 400 VALIDATION_FAILED", async () => {
    const res = await call("GET", `/sellers/sel_${"X".repeat(80)}`);
    expect(res.status).toBe(400);
    expect(res.errors[0]?.code).toBe("VALIDATION_FAILED");
  });

  it("answers 404 SELLER_NOT_FOUND for an unknown id", async () => {
    const res = await call("GET", "/sellers/sel_00000000000000000000000000");
    expect(res.status).toBe(404);
    expect(res.errors[0]?.code).toBe("SELLER_NOT_FOUND");
  });
});

describe("seller ownership of products", () => {
  it("lets a registered seller manage its own product and inventory, and hides another seller's", async () => {
    const owner = await registerSeller();
    const other = await registerSeller();
    const ownerToken = (await signIn(owner.email, owner.password)).accessToken;
    const otherToken = (await signIn(other.email, other.password)).accessToken;
    const created = await call("POST", "/products", { token: ownerToken, body: aProduct({ initialStock: 10 }) });
    expect(created.status).toBe(201);
    expect(created.data.sellerId).toBe(owner.id);
    const productId = created.data.id as string;

    expect((await call("PATCH", `/products/${productId}`, { token: ownerToken, body: { name: "Renamed by owner" } })).status).toBe(200);
    await eventually(() => call("GET", `/inventory/${productId}`, { token: ownerToken }), (r) => r.status === 200);

    const patch = await call("PATCH", `/products/${productId}`, { token: otherToken, body: { name: "Hijacked" } });
    expect(patch.status).toBe(404);
    expect(patch.errors[0]?.code).toBe("PRODUCT_NOT_FOUND");
    const levels = await call("GET", `/inventory/${productId}`, { token: otherToken });
    expect(levels.status).toBe(404);
    const adjust = await call("POST", `/inventory/${productId}/adjustments`, { token: otherToken, body: { delta: -5, reason: "theft" } });
    expect(adjust.status).toBe(404);
    expect((await call("GET", `/products/${productId}`)).data.name).toBe("Renamed by owner");
  });

  it("forbids customers from creating products (403 before any lookup)", async () => {
    const customer = await aSignedInCustomer();
    const res = await call("POST", "/products", { token: customer.token, body: aProduct() });
    expect(res.status).toBe(403);
    expect(res.errors[0]?.code).toBe("FORBIDDEN");
  });
});
