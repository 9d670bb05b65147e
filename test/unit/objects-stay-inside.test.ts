/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";

// "A Durable Object never awaits an external call": anything that reaches outside our system (the payment gateway,
// the mailer, webhooks, Sentry) runs in a queue consumer. This is checked over the objects' whole import graph,
// statically, because that is where the rule can be broken and seen: an object (or anything it imports, however
// deep) that calls the global fetch, opens a socket or imports an HTTP client fails here, whichever path reaches it
// at run time and however rarely. A run-time check (counting the test receiver's requests while driving the objects)
// could only see the paths a test happens to take, and cannot tell an object's request from a Worker's that runs
// at the same time. What is not visible statically, a function handed to an object from outside, does not exist in
// our objects: their senders are queue bindings (workers/events/outbox.ts), which this graph includes.

const sources = import.meta.glob(["../../durable-objects/**/*.ts", "../../workers/**/*.ts", "../../schema/**/*.ts"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const files = new Map(Object.entries(sources).map(([key, text]) => [key.replace(/^\.\.\/\.\.\//, ""), text]));

/** Packages that do not reach outside: validation, the D1 query builder, the router's JWT helper, the runtime. */
const INSIDE_PACKAGES = new Set([
  "cloudflare:workers", "node:async_hooks", "zod", "@hono/zod-openapi", "hono", "hono/jwt",
  "drizzle-orm", "drizzle-orm/d1", "drizzle-orm/batch", "drizzle-orm/sqlite-core",
]);

/** Our adapters that talk to the outside; none may be reachable from an object. */
const OUTBOUND_ADAPTERS = [/^workers\/payment\/.*gateway.*\.ts$/, /^workers\/notification\/mailer\.ts$/, /^workers\/integrations\/deliver\.ts$/, /^workers\/operations\/error-reporting\.ts$/];

/** Calls that leave the system: the global fetch (not `stub.fetch`, not a `fetch()` method definition), sockets, clients. */
const OUTBOUND_CALLS: [string, RegExp][] = [
  ["global fetch", /(?<![.\w])(?<!async\s)(?<!override\s)fetch\s*\(/],
  ["globalThis.fetch", /globalThis\.fetch\b/],
  ["an outbound WebSocket", /new\s+WebSocket\s*\(/],
  ["XMLHttpRequest", /\bXMLHttpRequest\b/],
];

function resolve(from: string, spec: string): string | null {
  const parts = from.split("/").slice(0, -1);
  for (const seg of spec.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  const base = parts.join("/");
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) if (files.has(candidate)) return candidate;
  return null;
}

/** Every module reachable from the roots, and every package they import. Type-only imports are followed too. */
function closure(roots: string[]) {
  const modules = new Set<string>();
  const packages = new Map<string, string>();
  const unresolved: string[] = [];
  const queue = [...roots];
  while (queue.length) {
    const file = queue.pop()!;
    if (modules.has(file)) continue;
    modules.add(file);
    // Comments may quote code ("fetch(" in a sentence): strip them before looking for calls and imports.
    const code = files.get(file)!.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
    for (const m of code.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
      const spec = (m[1] ?? m[2])!;
      if (!spec.startsWith(".")) {
        packages.set(spec, file);
        continue;
      }
      const target = resolve(file, spec);
      if (target) queue.push(target);
      else unresolved.push(`${file} → ${spec}`);
    }
  }
  return { modules, packages, unresolved };
}

function outboundFindings(roots: string[]): string[] {
  const { modules, packages, unresolved } = closure(roots);
  const findings = unresolved.map((u) => `unresolved import ${u}`);
  for (const [pkg, file] of packages) if (!INSIDE_PACKAGES.has(pkg)) findings.push(`${file} imports package ${pkg}`);
  for (const file of modules) {
    if (OUTBOUND_ADAPTERS.some((re) => re.test(file))) findings.push(`reaches the outbound adapter ${file}`);
    const code = files.get(file)!.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
    for (const [what, re] of OUTBOUND_CALLS) if (re.test(code)) findings.push(`${file} makes ${what}`);
  }
  return findings.sort();
}

const objectRoots = [...files.keys()].filter((f) => f.startsWith("durable-objects/"));

describe("Durable Objects stay inside our system", () => {
  it("finds every object module, including the order, inventory item and cart objects", () => {
    expect(objectRoots).toEqual(expect.arrayContaining([
      "durable-objects/order/order-object.ts", "durable-objects/inventory-item/inventory-item-object.ts", "durable-objects/cart/cart-object.ts",
    ]));
    // The graph is the real one: the objects' rules and their outbox are in it.
    const { modules } = closure(objectRoots);
    expect(modules).toContain("workers/events/outbox.ts");
    expect(modules).toContain("workers/operations/error-handoff.ts");
  });

  it("nothing an object imports, however deep, calls fetch, opens a socket, or imports an outbound client or adapter", () => {
    expect(outboundFindings(objectRoots)).toEqual([]);
  });

  it("the check sees what reaches outside: the webhook sender, the Sentry reporter and the mailer are flagged", () => {
    expect(outboundFindings(["workers/integrations/deliver.ts"])).toEqual(expect.arrayContaining(["workers/integrations/deliver.ts makes global fetch"]));
    expect(outboundFindings(["workers/operations/error-reporting.ts"])).toEqual(expect.arrayContaining(["workers/operations/error-reporting.ts imports package toucan-js/dist/index.esm.js"]));
    expect(outboundFindings(["workers/notification/dispatch.ts"]).some((f) => f.includes("workers/notification/mailer.ts"))).toBe(true);
  });
});
