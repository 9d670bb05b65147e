// The boundary check (issue 16), run by `npm run test:boundaries`: dependency-cruiser applies the import rules of
// .dependency-cruiser.cjs, then every context's files are scanned for the D1 bindings they name (a binding is not an
// import, so dependency-cruiser cannot see it). Both read the exceptions of that one rule file. Exits 1 on a
// violation, printing each offending import or binding; an exception that no longer matches anything is reported so
// it can be deleted, without failing (a landing that removes a crossing should not break the build).
// Run from the repository root (or, in test/scripts/check-boundaries.test.mjs, from a fixture's root).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = process.cwd();
const configFile = path.join(root, ".dependency-cruiser.cjs");
const config = createRequire(configFile)(configFile);
const { contexts, databases, exceptions } = config.boundaries;
const depcruise = fileURLToPath(new URL("../node_modules/dependency-cruiser/bin/dependency-cruiser.mjs", import.meta.url));
const scanned = ["workers", "durable-objects", "schema"].filter((d) => existsSync(path.join(root, d)));

const cruise = JSON.parse(
  execFileSync(process.execPath, [depcruise, "--config", configFile, "--output-type", "json", ...scanned], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  }),
);
const failures = cruise.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);

// No context names another context's database binding. Whole-line comments are skipped: they explain, not touch.
const owner = Object.fromEntries(Object.entries(databases).map(([context, binding]) => [binding, context]));
const uses = [];
for (const [context, folders] of Object.entries(contexts)) {
  for (const folder of folders) {
    if (!existsSync(path.join(root, folder))) continue;
    for (const entry of readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|mjs|js)$/.test(entry.name)) continue;
      const file = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
      readFileSync(path.join(root, file), "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (/^\s*(\/\/|\/?\*)/.test(line)) return;
          for (const [binding] of line.matchAll(/\bDB_[A-Z_]+\b/g)) {
            if (owner[binding] && owner[binding] !== context) uses.push({ file, line: i + 1, binding, context });
          }
        });
    }
  }
}
const allowed = (u) => exceptions.some((e) => e.rule === "no-foreign-database" && e.from === u.file && e.to === u.binding);
for (const u of uses.filter((u) => !allowed(u))) {
  failures.push(`no-foreign-database: ${u.file}:${u.line} uses ${u.binding} (the ${owner[u.binding]} context's database)`);
}

const imports = new Set(cruise.modules.flatMap((m) => m.dependencies.map((d) => `${m.source} → ${d.resolved}`)));
const stale = exceptions.filter((e) =>
  e.rule === "no-foreign-database"
    ? !uses.some((u) => u.file === e.from && u.binding === e.to)
    : !imports.has(`${e.from} → ${e.to}`),
);
for (const e of stale) console.log(`stale exception (${e.rule}: ${e.from} → ${e.to}): delete it from .dependency-cruiser.cjs`);

if (failures.length) {
  console.error(`${failures.length} boundary violation(s); see the rules' reasons in .dependency-cruiser.cjs:`);
  for (const f of failures) console.error(`  ${f}`);
  process.exit(1);
}
const count = (rule) => exceptions.filter((e) => e.rule === rule).length;
const rules = [...new Set(exceptions.map((e) => e.rule))].map((r) => `${r} ${count(r)}`).join(", ");
console.log(`boundaries hold: ${cruise.summary.totalCruised} modules; ${exceptions.length} listed exceptions (${rules})`);
