// The boundary check must be able to fail: each rule of .dependency-cruiser.cjs is run (the real rules, with the
// fixture's own exception list) over a small tree that breaks it, and must exit 1 naming the offending import.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const script = path.join(repo, "scripts/check-boundaries.mjs");

/** A fixture tree: a clean base (imports through index.ts only) plus the files a test adds or replaces. */
function check(files, exceptions = []) {
  const dir = mkdtempSync(path.join(tmpdir(), "boundaries-"));
  try {
    const tree = {
      ".dependency-cruiser.cjs": `module.exports = require(${JSON.stringify(path.join(repo, ".dependency-cruiser.cjs"))}).withExceptions(${JSON.stringify(exceptions)});\n`,
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "ES2022", moduleResolution: "bundler", strict: true } }),
      "workers/kernel/money.ts": "export const cents = (n: number): number => Math.round(n * 100);\n",
      "workers/inventory/stub.ts": "export const itemStub = (id: string): string => id;\n",
      "workers/inventory/index.ts": 'export { itemStub } from "./stub";\n',
      "workers/order/domain.ts": 'import { cents } from "../kernel/money";\nexport const total = (n: number): number => cents(n);\n',
      "workers/order/service.ts": "export const load = async (env: { DB_ORDER: unknown }): Promise<unknown> => env.DB_ORDER;\n",
      "workers/cart/service.ts": 'import { itemStub } from "../inventory/index";\nexport const hold = (id: string): string => itemStub(id);\n',
      "durable-objects/order/order.ts": 'import { total } from "../../workers/order/domain";\nexport const decide = (n: number): number => total(n);\n',
      ...files,
    };
    for (const [file, text] of Object.entries(tree)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const run = spawnSync(process.execPath, [script], { cwd: dir, encoding: "utf8" });
    return { status: run.status, out: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("passes a tree whose contexts meet only through index.ts", () => {
  const { status, out } = check({});
  assert.equal(status, 0, out);
  assert.match(out, /boundaries hold/);
});

test("fails on a deep import of another context's module, naming it", () => {
  const { status, out } = check({ "workers/cart/service.ts": 'import { itemStub } from "../inventory/stub";\nexport const hold = itemStub;\n' });
  assert.equal(status, 1, out);
  assert.match(out, /no-context-internals: workers\/cart\/service\.ts → workers\/inventory\/stub\.ts/);
});

test("a type-only import of another context's internals counts as well", () => {
  const { status, out } = check({ "workers/cart/routes.ts": 'import type { load } from "../order/service";\nexport type Load = typeof load;\n' });
  assert.equal(status, 1, out);
  assert.match(out, /no-context-internals: workers\/cart\/routes\.ts → workers\/order\/service\.ts/);
});

test("fails when the kernel imports a context, even its public module", () => {
  const { status, out } = check({ "workers/kernel/ids.ts": 'import { itemStub } from "../inventory/index";\nexport const id = itemStub;\n' });
  assert.equal(status, 1, out);
  assert.match(out, /shared-imports-no-context: workers\/kernel\/ids\.ts → workers\/inventory\/index\.ts/);
});

test("fails when a pure decider imports an I/O module of its own context", () => {
  const { status, out } = check({
    "durable-objects/order/order.ts": 'import { load } from "../../workers/order/service";\nexport const decide = load;\n',
  });
  assert.equal(status, 1, out);
  assert.match(out, /deciders-import-no-io: durable-objects\/order\/order\.ts → workers\/order\/service\.ts/);
});

test("fails when a context names another context's database binding, but not in a comment", () => {
  const { status, out } = check({
    "workers/cart/service.ts":
      "// reads nothing of DB_ORDER: this comment must not count\nexport const peek = (env: { DB_ORDER: unknown }): unknown => env.DB_ORDER;\n",
  });
  assert.equal(status, 1, out);
  assert.match(out, /no-foreign-database: workers\/cart\/service\.ts:2 uses DB_ORDER \(the order context's database\)/);
  assert.doesNotMatch(out, /service\.ts:1 /);
});

test("an exception allows exactly its own import and nothing else from the same file", () => {
  const deep = 'import { itemStub } from "../inventory/stub";\nimport { load } from "../order/service";\nexport const both = [itemStub, load];\n';
  const exception = { rule: "no-context-internals", from: "workers/cart/service.ts", to: "workers/inventory/stub.ts", reason: "r", plan: "p" };
  const { status, out } = check({ "workers/cart/service.ts": deep }, [exception]);
  assert.equal(status, 1, out);
  assert.doesNotMatch(out, /→ workers\/inventory\/stub\.ts/);
  assert.match(out, /no-context-internals: workers\/cart\/service\.ts → workers\/order\/service\.ts/);
});

test("an exception that matches nothing any more is reported for deletion", () => {
  const exception = { rule: "no-context-internals", from: "workers/cart/service.ts", to: "workers/inventory/stub.ts", reason: "r", plan: "p" };
  const { status, out } = check({}, [exception]);
  assert.equal(status, 0, out);
  assert.match(out, /stale exception \(no-context-internals: workers\/cart\/service\.ts → workers\/inventory\/stub\.ts\)/);
});

test("fails on an import it cannot resolve, which would otherwise escape every rule", () => {
  const { status, out } = check({ "workers/cart/routes.ts": 'import { nothing } from "../inventory/stubb";\nexport const n = nothing;\n' });
  assert.equal(status, 1, out);
  assert.match(out, /not-to-unresolvable: workers\/cart\/routes\.ts → \.\.\/inventory\/stubb/);
});
