import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { adminToken, api, v1 } from "../support/api";
import { theCast, type Actor, type Fixtures } from "../support/actors";
import { aProduct } from "../support/mothers";
import type { JsonSchema } from "../support/openapi";
import { arbitraryOf, fieldsOf, setAt, validatorFor, violationsOf, type Doc, type RawOperation, type Resolve } from "../support/schema-arbitrary";
import { callerOf, COLUMNS, MATRIX } from "../security/authorization-matrix";

/*
 * The document-driven conformance test (issue 20). Requests come from /openapi.json alone, not from our zod
 * schemas: for every operation, CASES requests the document calls valid and CASES that break exactly one of its
 * rules, with real ids from a seeded state in the path. The document must say exactly what the server enforces:
 *  - a valid request is never answered 400 (it may get any other status the operation documents);
 *  - an invalid one is answered 400, each error with our own code and a sentence (not the validator's default);
 *  - every response validates against the operation's schema for its status, and no status is undocumented;
 *  - nothing answers 5xx.
 * Fixed seed (FC_SEED overrides it) and a bounded number of cases; FC_NUM_RUNS=200 is the nightly/soak mode.
 */

const CASES = Number(env.FC_NUM_RUNS) || 10;
const SEED = env.FC_SEED ? Number(env.FC_SEED) : 20_2026;
const PARALLEL = 6;
/** 409s every write may give whatever its rules: a concurrent duplicate of an idempotent request. */
const GENERIC_409 = new Set(["IDEMPOTENCY_REQUEST_IN_PROGRESS"]);
/** Messages a validator writes by default: a shopper reading the 400 should see ours instead. */
const VALIDATOR_DEFAULT = /too small|too big|invalid input|expected .* received|unrecognized key|^required$|^invalid /i;

/** Shortens text for a failure message without splitting a surrogate pair (workerd's reporter refuses invalid UTF-8). */
const clip = (text: string | undefined, n: number) => Array.from(text ?? "").slice(0, n).join("");

interface Case {
  kind: "valid" | "invalid";
  label: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Undefined: no body at all. */
  body: unknown;
}

interface Operation {
  key: string;
  method: string;
  path: string;
  raw: RawOperation;
}

let doc: Doc;
let resolve: Resolve;
let f: Fixtures;
let ids: string[];

beforeAll(async () => {
  doc = (await api("GET", "/openapi.json")).body as Doc;
  const schemas = doc.components?.schemas ?? {};
  resolve = (s) => (s.$ref ? resolve(schemas[s.$ref.replace("#/components/schemas/", "")] ?? {}) : s);
  f = await theCast();
  // A product at the highest documented price, with stock: carts and orders of it reach the largest totals.
  const { token } = await adminToken();
  const dear = await api("POST", v1("/products"), { token, body: aProduct({ price: { amount: maxPrice(), currency: "USD" }, initialStock: 1_000 }) });
  if (dear.status !== 201) throw new Error(`dear product: ${dear.status} ${JSON.stringify(dear.body)}`);
  ids = [f.productId, dear.data.id as string, f.order.id, f.customerA.id, f.sellerA.id];
}, 120_000);

/** The largest price the document lets a seller set. */
function maxPrice(): number {
  const create = doc.paths["/api/v1/products"]?.post?.requestBody?.content?.["application/json"]?.schema ?? {};
  const price = resolve(resolve(create).properties?.price ?? {});
  return resolve(price.properties?.amount ?? {}).maximum ?? 1_000_000;
}

/** How a query, path or header value is read back (OpenAPI's simple/form styles): numbers and booleans from text. */
function deserialize(schema: JsonSchema, raw: string): unknown {
  const s = resolve(schema);
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) return Number(raw);
  if (types.includes("boolean") && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

/** Rules the operation's description lists beyond its schemas ("- 409 `CODE`: when"): the codes a valid request may get. */
function documentedCodes(op: Operation): Map<string, number> {
  return new Map([...(op.raw.description ?? "").matchAll(/^- (\d{3}) `([A-Z][A-Z0-9_]+)`/gm)].map((m) => [m[2]!, Number(m[1])]));
}

/** Writes to seller A's product (its price, status, stock) get a product of their own, so later routes still find stock. */
async function scratchProduct(): Promise<string> {
  const res = await api("POST", v1("/products"), { token: f.sellerA.token, body: aProduct({ initialStock: 100 }) });
  if (res.status !== 201) throw new Error(`scratch product: ${res.status} ${JSON.stringify(res.body)}`);
  const id = res.data.id as string;
  for (let i = 0; i < 200 && (await api("GET", v1(`/inventory/${id}/availability`))).status !== 200; i++) await new Promise((r) => setTimeout(r, 25));
  return id;
}

/** The caller for whom the route's documented request succeeds: its owner when admitted, else the first admitted. */
async function seededRequest(op: Operation): Promise<{ caller: Actor | null; params: Record<string, string> }> {
  const row = MATRIX[op.key];
  if (!row) throw new Error(`${op.key} has no row in test/security/authorization-matrix.ts`);
  const ok = (s: number) => s >= 200 && s < 300;
  const column = ok(row.expect.owner) ? "owner" : COLUMNS.find((c) => ok(row.expect[c])) ?? "admin";
  const caller = callerOf(f, row, column);
  const req = await row.request(f, caller);
  const params = { ...req.params };
  if (op.method !== "GET" && /^\/api\/v1\/(products\/\{id\}|inventory\/)/.test(op.path)) {
    const id = await scratchProduct();
    for (const name of ["id", "productId"]) if (params[name] === f.productId) params[name] = id;
  }
  return { caller, params };
}

function casesFor(op: Operation, params: Record<string, string>, seed: number): Case[] {
  const parameters = op.raw.parameters ?? [];
  const query = parameters.filter((p) => p.in === "query");
  const headers = parameters.filter((p) => p.in === "header");
  const pathParams = parameters.filter((p) => p.in === "path");
  const bodySchema = op.raw.requestBody?.content?.["application/json"]?.schema;
  const bodyRequired = op.raw.requestBody?.required ?? false;
  const validBody = bodySchema ? validatorFor(doc, bodySchema) : null;
  const opts = { ids };
  const paramValid = (p: { schema?: JsonSchema }, raw: string) => validatorFor(doc, p.schema ?? {})(deserialize(p.schema ?? {}, raw)).valid;

  const optionalText = (p: { name: string; required?: boolean; schema?: JsonSchema }, header: boolean) => {
    const value = arbitraryOf(p.schema ?? { type: "string" }, resolve, { ...opts, header }).map((v) => String(v)).filter((v) => paramValid(p, v));
    return p.required ? value : fc.option(value, { nil: undefined });
  };
  const record = (list: typeof query, header: boolean) =>
    fc.tuple(...list.map((p) => optionalText(p, header))).map((values) => Object.fromEntries(list.map((p, i) => [p.name, values[i]]).filter(([, v]) => v !== undefined)) as Record<string, string>);
  const body: fc.Arbitrary<unknown> = bodySchema
    ? (() => {
        const some = arbitraryOf(bodySchema, resolve, opts).filter((b) => validBody!(b).valid);
        return bodyRequired ? some : fc.option(some, { nil: undefined });
      })()
    : fc.constant(undefined);
  const valid = fc.record({ query: record(query, false), headers: record(headers, true), body }).map(
    (r): Case => ({ kind: "valid", label: "valid", params, ...r }),
  );

  // One broken rule per case, from the document's own constraints.
  const breakers: fc.Arbitrary<Case | null>[] = [];
  // Without the valid case's Idempotency-Key: a reused key is answered 422 before the body is read (contract §1).
  const base = (c: Case, label: string, over: Partial<Case>): Case => {
    const { "idempotency-key": _key, ...headersWithoutKey } = c.headers;
    return { ...c, headers: headersWithoutKey, ...over, kind: "invalid", label };
  };
  const primitive = (v: unknown): v is string | number | boolean => ["string", "number", "boolean"].includes(typeof v);
  for (const [list, where, header] of [[query, "query", false], [headers, "headers", true], [pathParams, "params", false]] as const) {
    for (const p of list) {
      // An empty path segment does not reach the route at all, and HTTP trims header whitespace: not schema matters.
      const bad = violationsOf(p.schema ?? {}, resolve).filter(primitive).map(String).filter((v) => !paramValid(p, v) && (where !== "params" || v.trim() !== "") && (!header || /^[\x21-\x7e]+$/.test(v)));
      if (!bad.length) continue;
      breakers.push(fc.tuple(valid, fc.constantFrom(...bad)).map(([c, v]) => base(c, `${where} ${p.name}=${JSON.stringify(clip(v, 30))}`, { [where]: { ...c[where], [p.name]: v } })));
    }
  }
  if (bodySchema && validBody) {
    const fields = fieldsOf(bodySchema, resolve);
    const check = (c: Case, label: string, b: unknown): Case | null => (validBody(b).valid ? null : base(c, label, { body: b }));
    const validWithBody = valid.filter((c) => c.body !== undefined);
    breakers.push(fc.tuple(valid, fc.constantFrom<unknown>([], "text", 42, null)).map(([c, b]) => check(c, `body ${JSON.stringify(b)}`, b)));
    if (fields.length) {
      breakers.push(
        fc.tuple(validWithBody, fc.constantFrom(...fields)).chain(([c, field]) => {
          const bad = violationsOf(field.schema, resolve);
          return fc.constantFrom(...bad).map((v) => check(c, `${field.path.join(".")}=${clip(JSON.stringify(v), 40)}`, setAt(c.body, field.path, v)));
        }),
        fc.tuple(validWithBody, fc.constantFrom(...fields.filter((x) => x.required).concat(fields.slice(0, 1)))).map(([c, field]) =>
          check(c, `without ${field.path.join(".")}`, setAt(c.body, field.path, undefined, true))),
        validWithBody.map((c) => check(c, "unknown field", { ...(c.body as object), unexpectedField: 1 })),
      );
    }
  }
  const invalid = breakers.length ? fc.oneof(...breakers).filter((c): c is Case => c !== null) : null;
  const rnd = (arb: fc.Arbitrary<Case>, n: number, s: number) => fc.sample(arb, { seed: s, numRuns: n });
  return [...rnd(valid, CASES, seed), ...(invalid ? rnd(invalid, CASES, seed + 1) : [])];
}

async function send(op: Operation, c: Case, token: string | undefined) {
  const headers: Record<string, string> = { ...c.headers, "cf-connecting-ip": `10.20.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}` };
  if (token) headers.authorization = `Bearer ${token}`;
  if (c.body !== undefined) headers["content-type"] = "application/json";
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(c.params[name] ?? `missing-${name}`));
  const qs = new URLSearchParams(c.query).toString();
  const res = await exports.default.fetch(new Request(`https://api.test${path}${qs ? `?${qs}` : ""}`, { method: op.method, headers, body: c.body === undefined ? undefined : JSON.stringify(c.body) }));
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

function problemsOf(op: Operation, c: Case, r: { status: number; text: string; json: unknown }): string[] {
  const out: string[] = [];
  const documented = op.raw.responses?.[String(r.status)];
  if (r.status >= 500) out.push(`answered ${r.status}`);
  else if (!documented) out.push(`answered undocumented ${r.status}`);
  const code = (r.json as { errors?: { code?: string }[] } | undefined)?.errors?.[0]?.code ?? "";
  // A valid request may still break a rule the description lists (a forged cursor, dates out of order): its code.
  if (c.kind === "valid" && r.status === 400 && documentedCodes(op).get(code) !== 400) out.push(`a valid request was refused with 400 ${code}`);
  if (c.kind === "valid" && r.status === 409 && code && !documentedCodes(op).has(code) && !GENERIC_409.has(code)) out.push(`409 ${code} is not among the operation's documented rules`);
  if (c.kind === "invalid" && r.status !== 400 && r.status < 500) out.push(`an invalid request was answered ${r.status}, not 400`);
  const schema = documented?.content?.["application/json"]?.schema;
  if (schema) {
    if (r.json === undefined) out.push(`the ${r.status} body is not JSON`);
    else {
      const v = validatorFor(doc, schema)(r.json);
      if (!v.valid) out.push(`the ${r.status} body is off its schema: ${v.errors.slice(0, 3).join("; ")}`);
    }
  }
  if (r.status === 400) {
    const errors = (r.json as { errors?: { code?: string; message?: string }[] } | undefined)?.errors ?? [];
    for (const e of errors) {
      if (!/^[A-Z][A-Z0-9_]+$/.test(e.code ?? "")) out.push(`400 without our own code: ${JSON.stringify(e)}`);
      if (!e.message || VALIDATOR_DEFAULT.test(e.message)) out.push(`400 with the validator's message: ${JSON.stringify(e.message)}`);
    }
  }
  return out.length ? out.map((p) => `${p} — [${c.kind}: ${c.label}] query ${clip(JSON.stringify(c.query), 80)} headers ${clip(JSON.stringify(c.headers), 60)} body ${clip(JSON.stringify(c.body), 160)} → ${clip(r.text, 240)}`) : [];
}

const operations = async (): Promise<Operation[]> => {
  const d = (await api("GET", "/openapi.json")).body as Doc;
  return Object.entries(d.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, raw]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, raw })));
};

const ops = await operations();

describe(`every operation of /openapi.json does what the document says (seed ${SEED}, ${CASES} valid + ${CASES} invalid requests each)`, () => {
  it.each(ops.map((op, index) => ({ op, index, key: op.key })))("$key", async ({ op, index }) => {
    const { caller, params } = await seededRequest(op);
    const cases = casesFor(op, params, SEED + index * 7);
    const failures: string[] = [];
    for (let i = 0; i < cases.length; i += PARALLEL) {
      const batch = cases.slice(i, i + PARALLEL);
      const results = await Promise.all(batch.map((c) => send(op, c, caller?.token)));
      results.forEach((r, j) => failures.push(...problemsOf(op, batch[j]!, r)));
    }
    expect(cases.filter((c) => c.kind === "valid")).toHaveLength(CASES);
    // One line per kind of problem, with how often it happened and its first example.
    const kinds = new Map<string, { n: number; example: string }>();
    for (const line of failures) {
      const [kind = line, example = ""] = line.split(" — ");
      const k = kinds.get(kind) ?? { n: 0, example };
      k.n++;
      kinds.set(kind, k);
    }
    const summary = [...kinds].map(([kind, { n, example }]) => `${n}× ${kind}\n     e.g. ${example}`);
    expect(summary, `${op.key} (seed ${SEED}):\n${summary.slice(0, 8).join("\n")}`).toEqual([]);
  });
});
