// Regenerates each context's SQL migrations from its drizzle tables: `node scripts/generate-migrations.mjs [name]`.
// drizzle-kit 0.31 writes flat NNNN_name.sql files, which wrangler and readD1Migrations read as they are.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const name = process.argv[2] ?? "change";
for (const context of readdirSync("schema")) {
  const tables = `schema/${context}/tables.ts`;
  if (!existsSync(tables)) continue;
  execFileSync("npx", ["drizzle-kit", "generate", "--dialect=sqlite", `--schema=${tables}`, `--out=schema/${context}/migrations`, `--name=${name}`], { stdio: "inherit" });
}
