// The README's event table is the storefront developer's map of who reacts to what: it must say what
// workers/events/routing.ts routes (issue 14 found it claiming InventoryReservationExpired went unhandled).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const root = new URL("../../", import.meta.url);
const routing = readFileSync(new URL("workers/events/routing.ts", root), "utf8");
const readme = readFileSync(new URL("README.md", root), "utf8");

const block = routing.slice(routing.indexOf("const SUBSCRIBERS"), routing.indexOf("};", routing.indexOf("const SUBSCRIBERS")));
const subscribers = Object.fromEntries([...block.matchAll(/^\s+(\w+): \[([^\]]*)\],$/gm)].map((m) => [m[1], [...m[2].matchAll(/"(\w+)"/g)].map((c) => c[1])]));
const contexts = [...routing.matchAll(/"(\w+)"/g)].map((m) => m[1]).filter((c, i, all) => all.indexOf(c) === i && /^[a-z]+$/.test(c));

test("every routed event is in the README's table with exactly its subscribers", () => {
  assert.ok(Object.keys(subscribers).length >= 25, "the routing table was read");
  const start = readme.indexOf("| Event | Published by | Routed to |");
  const lines = readme.slice(start).split("\n").slice(2);
  const rows = lines.slice(0, lines.findIndex((l) => !l.startsWith("|"))).filter((l) => !l.startsWith("| every event"));
  const seen = new Set();
  for (const row of rows) {
    const [events, , routed] = row.split("|").slice(1).map((c) => c.trim());
    const names = events.split(/,\s*|\s*\/\s*/);
    for (const n of names) {
      assert.ok(n in subscribers, `README row names an event routing.ts does not know: ${n}`);
      seen.add(n);
    }
    const expected = [...new Set(names.flatMap((n) => subscribers[n]))].sort();
    const mentioned = contexts.filter((c) => new RegExp(`\\b${c}\\b`).test(routed)).sort();
    assert.deepEqual(mentioned, expected, `subscribers of ${events}`);
  }
  assert.deepEqual([...seen].sort(), Object.keys(subscribers).sort(), "every event type has a row");
});
