// `npm run sdk:generate`: regenerates sdk/src/schema.ts from /openapi.json. Reads the document from a running
// Worker (`-- --from http://127.0.0.1:8787`) or, by default, starts one with throw-away state for the purpose.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { schemaSource } from "../sdk/generate.mjs";
import { startLocalWorker } from "../test/browser/local-worker.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const i = process.argv.indexOf("--from");
const worker = i > 0 ? { url: process.argv[i + 1].replace(/\/$/, ""), stop() {} } : await startLocalWorker();
try {
  const res = await fetch(`${worker.url}/openapi.json`);
  if (!res.ok) throw new Error(`GET ${worker.url}/openapi.json answered ${res.status}`);
  const file = path.join(root, "sdk", "src", "schema.ts");
  writeFileSync(file, await schemaSource(await res.json()));
  console.log(`wrote ${path.relative(root, file)}`);
} finally {
  worker.stop();
}
