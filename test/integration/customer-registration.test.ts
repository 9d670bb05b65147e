import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { db } from "../../workers/events/outbox-d1";
import { adminToken, ADMIN } from "../support/api";
import { aCustomer, aSignedInCustomer, call, registerCustomer, registerSeller, uniqueEmail } from "../support/identity";

const customerCount = async () => Number((await db(env.DB_CUSTOMER).all<{ n: number }>(sql`SELECT count(*) AS n FROM customers`))[0]?.n);
const outboxOf = async (customerId: string) =>
  db(env.DB_CUSTOMER).all<{ event_type: string; body: string }>(sql`SELECT DISTINCT event_type, body FROM outbox WHERE body LIKE ${`%${customerId}%`}`);

describe("customer registration", () => {
  it("registers a STANDARD customer with a lower-cased email and publishes CustomerRegistered with the rows", async () => {
    const body = aCustomer({ email: `Grace.HOPPER-${Date.now()}@Example.COM` });
    const res = await call("POST", "/customers", { body });
    expect(res.status).toBe(201);
    expect(res.data).toEqual({
      id: expect.stringMatching(/^cus_[0-9A-Z]{26}$/), name: "Ada Lovelace", email: body.email.toLowerCase(), phone: "+44 20 7946 0958",
      membershipLevel: "STANDARD", status: "ACTIVE", createdAt: expect.any(String),
    });
    const events = await outboxOf(res.data.id);
    expect(events.map((e) => e.event_type)).toEqual(["CustomerRegistered"]);
    const envelope = JSON.parse(events[0]!.body);
    expect(envelope.data).toEqual({ customerId: res.data.id, name: "Ada Lovelace", email: body.email.trim().toLowerCase() });
    expect(envelope.correlationId).toBe(res.headers.get("x-request-id"));
  });

  it("refuses an email that differs only in case with 409 CUSTOMER_EMAIL_EXISTS", async () => {
    const first = await registerCustomer();
    const before = await customerCount();
    const res = await call("POST", "/customers", { body: aCustomer({ email: first.email.toUpperCase() }) });
    expect(res.status).toBe(409);
    expect(res.errors[0]).toMatchObject({ code: "CUSTOMER_EMAIL_EXISTS", field: "email" });
    expect(await customerCount()).toBe(before);
  });

  it("refuses an email held by a seller or an admin, since accounts are shared", async () => {
    await adminToken();
    const seller = await registerSeller();
    for (const email of [seller.email, ADMIN.email]) {
      const res = await call("POST", "/customers", { body: aCustomer({ email }) });
      expect(res.status).toBe(409);
      expect(res.errors[0]?.code).toBe("CUSTOMER_EMAIL_EXISTS");
    }
  });

  it("lets exactly one of ten concurrent registrations with the same email through", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => call("POST", "/customers", { body: aCustomer({ email: i % 2 ? email.toUpperCase() : email }) })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.errors[0]?.code === "CUSTOMER_EMAIL_EXISTS")).toHaveLength(9);
    const [row] = await db(env.DB_CUSTOMER).all<{ n: number }>(sql`SELECT count(*) AS n FROM accounts WHERE email = ${email}`);
    expect(Number(row?.n)).toBe(1);
    const id = results.find((r) => r.status === 201)!.data.id;
    expect((await outboxOf(id)).map((e) => e.event_type)).toEqual(["CustomerRegistered"]);
  });

  it("replays a registration sent twice with one Idempotency-Key instead of failing on the duplicate email", async () => {
    const body = aCustomer();
    const headers = { "cf-connecting-ip": "203.0.113.9" };
    const first = await call("POST", "/customers", { body, headers, idempotencyKey: `reg-${body.email}` });
    const second = await call("POST", "/customers", { body, headers, idempotencyKey: `reg-${body.email}` });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.data).toEqual(first.data);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
  });

  it.each([
    ["a 7-character password", { password: "Abcde12" }, "password"],
    ["a password without an upper-case letter", { password: "abcdefg12" }, "password"],
    ["a password without a lower-case letter", { password: "ABCDEFG12" }, "password"],
    ["a password without a digit", { password: "Abcdefghij" }, "password"],
    ["a one-letter name", { name: "A" }, "name"],
    ["a 101-character name", { name: "x".repeat(101) }, "name"],
    ["a malformed email", { email: "not-an-email" }, "email"],
    ["a malformed phone", { phone: "call me maybe" }, "phone"],
    ["an unknown field", { role: "ADMIN" }, ""],
  ])("refuses %s with 400 and stores nothing", async (_label, override, field) => {
    const before = await customerCount();
    const res = await call("POST", "/customers", { body: aCustomer(override) });
    expect(res.status).toBe(400);
    expect(res.errors[0]?.code).toBe("VALIDATION_FAILED");
    if (field) expect(res.errors.map((e) => e.field)).toContain(field);
    expect(await customerCount()).toBe(before);
  });

  it("reports every field error of one request together", async () => {
    const res = await call("POST", "/customers", { body: { name: "A", email: "nope", password: "short" } });
    expect(res.status).toBe(400);
    expect(res.errors.map((e) => e.field).sort()).toEqual(expect.arrayContaining(["email", "name", "password"]));
  });

  it("answers 415 for a body that is not JSON and 400 INVALID_JSON for broken JSON", async () => {
    const text = await call("POST", "/customers", { rawBody: "name=x", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
    expect(text.errors[0]?.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const broken = await call("POST", "/customers", { rawBody: "{", headers: { "content-type": "application/json" } });
    expect(broken.status).toBe(400);
    expect(broken.errors[0]?.code).toBe("INVALID_JSON");
  });
});

describe("customer profile", () => {
  it("shows the signed-in customer at GET /customers/me", async () => {
    const me = await aSignedInCustomer();
    const res = await call("GET", "/customers/me", { token: me.token });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ id: me.id, email: me.email, name: me.name, membershipLevel: "STANDARD" });
  });

  it("requires a customer token for /customers/me", async () => {
    expect((await call("GET", "/customers/me")).errors[0]?.code).toBe("AUTH_REQUIRED");
    const admin = await adminToken();
    const res = await call("GET", "/customers/me", { token: admin.token });
    expect(res.status).toBe(403);
    expect(res.errors[0]?.code).toBe("FORBIDDEN");
  });

  it("changes name and phone and publishes CustomerProfileUpdated with the changed fields and the next version", async () => {
    const me = await aSignedInCustomer();
    const res = await call("PATCH", "/customers/me", { token: me.token, body: { name: "Ada King", phone: null } });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ name: "Ada King", phone: null });
    expect((await call("GET", "/customers/me", { token: me.token })).data).toMatchObject({ name: "Ada King", phone: null });
    const updated = (await outboxOf(me.id)).filter((e) => e.event_type === "CustomerProfileUpdated").map((e) => JSON.parse(e.body));
    expect(updated).toHaveLength(1);
    expect(updated[0].aggregateVersion).toBe(2);
    expect(updated[0].data).toEqual({ customerId: me.id, name: "Ada King", email: me.email, changedFields: ["name", "phone"] });
  });

  it("gives concurrent PATCHes distinct versions: each answers 200 with its own event or 409 CONFLICT", async () => {
    const me = await aSignedInCustomer();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => call("PATCH", "/customers/me", { token: me.token, body: { name: `Name number ${i}` } })));
    const applied = results.filter((r) => r.status === 200);
    expect(applied.length).toBeGreaterThanOrEqual(1);
    for (const r of results.filter((r) => r.status !== 200)) expect(r.errors[0]?.code).toBe("CONFLICT");
    const versions = (await outboxOf(me.id)).filter((e) => e.event_type === "CustomerProfileUpdated").map((e) => JSON.parse(e.body).aggregateVersion);
    expect(versions.sort()).toEqual(applied.map((_, i) => i + 2));
  });

  it("publishes nothing when the PATCH changes nothing", async () => {
    const me = await aSignedInCustomer();
    const res = await call("PATCH", "/customers/me", { token: me.token, body: { name: me.name } });
    expect(res.status).toBe(200);
    expect((await outboxOf(me.id)).filter((e) => e.event_type === "CustomerProfileUpdated")).toHaveLength(0);
  });

  it.each([
    ["an empty body", {}],
    ["a one-letter name", { name: "A" }],
    ["an email change (not allowed here)", { email: "new@example.com" }],
    ["a malformed phone", { phone: "12" }],
  ])("refuses %s with 400 and changes nothing", async (_label, body) => {
    const me = await aSignedInCustomer();
    const res = await call("PATCH", "/customers/me", { token: me.token, body });
    expect(res.status).toBe(400);
    expect(res.errors[0]?.code).toBe("VALIDATION_FAILED");
    expect((await call("GET", "/customers/me", { token: me.token })).data).toMatchObject({ name: me.name, email: me.email, phone: "+44 20 7946 0958" });
    expect((await outboxOf(me.id)).filter((e) => e.event_type === "CustomerProfileUpdated")).toHaveLength(0);
  });
});
