// isUniqueViolation against the errors D1 really throws (inside workerd), raw and wrapped by drizzle.
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../workers/events/outbox-d1";
import { isUniqueViolation } from "../../workers/kernel/unique-violation";

const d1 = () => env.DB_OPERATIONS;

/** The error a statement throws (the test fails if it does not throw). */
async function refusal(statement: string): Promise<unknown> {
  try {
    await d1().prepare(statement).run();
  } catch (err) {
    return err;
  }
  throw new Error(`expected ${statement} to be refused`);
}

beforeAll(async () => {
  await d1().batch([
    d1().prepare("CREATE TABLE uv_probe (id TEXT PRIMARY KEY, code TEXT UNIQUE, code_x TEXT UNIQUE, a TEXT, b TEXT NOT NULL, UNIQUE (a, b))"),
    d1().prepare("INSERT INTO uv_probe (id, code, code_x, a, b) VALUES ('1', 'C', 'X', 'a', 'b')"),
  ]);
});

describe("isUniqueViolation", () => {
  it("recognises the column a UNIQUE index refused, and no other column", async () => {
    const err = await refusal("INSERT INTO uv_probe (id, code, a, b) VALUES ('2', 'C', 'a2', 'b')");
    expect(isUniqueViolation(err, "uv_probe.code")).toBe(true);
    expect(isUniqueViolation(err, "uv_probe.code_x")).toBe(false);
    expect(isUniqueViolation(err, "uv_probe.id")).toBe(false);
    expect(isUniqueViolation(err, "other.code")).toBe(false);
  });

  it("does not take a column for a longer one it prefixes", async () => {
    const err = await refusal("INSERT INTO uv_probe (id, code_x, a, b) VALUES ('3', 'X', 'a3', 'b')");
    expect(isUniqueViolation(err, "uv_probe.code_x")).toBe(true);
    expect(isUniqueViolation(err, "uv_probe.code")).toBe(false);
  });

  it("recognises every column of a composite index", async () => {
    const err = await refusal("INSERT INTO uv_probe (id, a, b) VALUES ('4', 'a', 'b')");
    expect(isUniqueViolation(err, "uv_probe.a")).toBe(true);
    expect(isUniqueViolation(err, "uv_probe.b")).toBe(true);
  });

  it("finds the refusal through drizzle's wrapping error", async () => {
    let err: unknown;
    await db(d1()).run(sql`INSERT INTO uv_probe (id, code, a, b) VALUES ('5', 'C', 'a5', 'b')`).catch((e: unknown) => (err = e));
    expect(err).toBeInstanceOf(Error);
    expect(isUniqueViolation(err, "uv_probe.code")).toBe(true);
  });

  it("is false for other refusals and for values that are not errors", async () => {
    const notNull = await refusal("INSERT INTO uv_probe (id, a) VALUES ('6', 'a6')");
    expect(isUniqueViolation(notNull, "uv_probe.b")).toBe(false);
    const primaryKey = await refusal("INSERT INTO uv_probe (id, b) VALUES ('1', 'b')");
    expect(isUniqueViolation(primaryKey, "uv_probe.code")).toBe(false);
    expect(isUniqueViolation(undefined, "uv_probe.code")).toBe(false);
    expect(isUniqueViolation("UNIQUE constraint failed: uv_probe.code", "uv_probe.code")).toBe(true);
  });
});
