// `npm start`'s local JWT secret: written once into the ignored .dev.vars, then kept (node --test; no workerd).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureDevJwtSecret } from "../../scripts/dev-secret.mjs";

const fresh = () => path.join(mkdtempSync(path.join(tmpdir(), "dev-secret-")), ".dev.vars");
const secretIn = (file) => /^JWT_SECRET=(.*)$/m.exec(readFileSync(file, "utf8"))?.[1];

test("the first run writes a random secret of at least 32 characters, readable only by its owner", () => {
  const file = fresh();
  assert.equal(ensureDevJwtSecret(file), "created");
  const secret = secretIn(file);
  assert.ok(secret && secret.length >= 32, `secret too short: ${secret}`);
  assert.equal(statSync(file).mode & 0o077, 0);
});

test("two checkouts get different secrets", () => {
  const [a, b] = [fresh(), fresh()];
  ensureDevJwtSecret(a);
  ensureDevJwtSecret(b);
  assert.notEqual(secretIn(a), secretIn(b));
});

test("later runs keep the secret, so tokens survive a restart", () => {
  const file = fresh();
  ensureDevJwtSecret(file);
  const first = secretIn(file);
  assert.equal(ensureDevJwtSecret(file), "kept");
  assert.equal(secretIn(file), first);
});

test("other variables in .dev.vars are left as they are", () => {
  const file = fresh();
  writeFileSync(file, "ADMIN_EMAIL=me@example.com\nSENTRY_DSN=\n");
  ensureDevJwtSecret(file);
  const text = readFileSync(file, "utf8");
  assert.match(text, /^ADMIN_EMAIL=me@example\.com$/m);
  assert.match(text, /^SENTRY_DSN=$/m);
  assert.ok((secretIn(file) ?? "").length >= 32);
});

test("an empty or too short secret (which the Worker would refuse) is replaced", () => {
  for (const value of ["", "change-me"]) {
    const file = fresh();
    writeFileSync(file, `JWT_SECRET=${value}\nADMIN_PASSWORD=Admin-password-1\n`);
    assert.equal(ensureDevJwtSecret(file), "replaced");
    assert.ok((secretIn(file) ?? "").length >= 32);
    assert.equal(readFileSync(file, "utf8").match(/^JWT_SECRET=/gm)?.length, 1);
    assert.match(readFileSync(file, "utf8"), /^ADMIN_PASSWORD=Admin-password-1$/m);
  }
});
