// GET /docs offline: the API reference renders every operation of /openapi.json with every request outside this
// origin blocked (no CDN, no fonts, no validator).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { startLocalWorker } from "./local-worker.mjs";
import { isolatedPage, launchChromium } from "./chromium.mjs";

let worker;
let browser;

before(async () => {
  worker = await startLocalWorker();
  browser = await launchChromium();
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
  worker?.stop();
});

test("the API reference lists the operations of /openapi.json without leaving the origin", { timeout: 120_000 }, async () => {
  const doc = await (await fetch(`${worker.url}/openapi.json`)).json();
  const expected = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
  assert.ok(expected.length > 40, `the document has ${expected.length} operations`);

  const { page, blocked, problems } = await isolatedPage(browser, worker.url);
  await page.goto(`${worker.url}/docs`);
  await page.waitForSelector(".opblock", { timeout: 60_000 });
  const listed = await page.$$eval(".opblock-summary", (els) =>
    els.map((el) => `${el.querySelector(".opblock-summary-method")?.textContent.trim()} ${el.querySelector(".opblock-summary-path")?.getAttribute("data-path")}`),
  );
  assert.deepEqual([...listed].sort(), [...expected].sort(), "every operation of the document is listed once");
  assert.match(await page.textContent(".info .title"), /Edge Commerce API/);
  mkdirSync("test-artifacts", { recursive: true });
  await page.screenshot({ path: "test-artifacts/docs-page.png" });
  assert.deepEqual(blocked, [], "no request left the origin");
  assert.deepEqual(problems, [], "no script errors or CSP violations");
});
