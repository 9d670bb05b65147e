import fc from "fast-check";
import type { JsonSchema, Operation } from "./openapi";

// Contract-aware request mutations (reference §7.7): from a request that would succeed, change one thing the
// documented schema constrains (a missing field, a wrong type, a boundary, a hostile string, an extra field),
// or replace the body, query, path ids or headers with arbitrary values.

export interface BaseRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

export interface FuzzCase {
  label: string;
  params: Record<string, string>;
  query: string;
  /** Raw body text, or undefined for none. */
  body: string | undefined;
  headers: Record<string, string>;
  anonymous: boolean;
  /** The mutation leaves the documented request valid (a query or header the route ignores): it may succeed. */
  mayPass: boolean;
}

const LONG = "a".repeat(10_000);
export const HOSTILE_STRINGS = [
  "", " ", "x", LONG, "🦄".repeat(300), "\u0000", "\u202eevil", "ǅ́̈", "'; DROP TABLE products; --", "<script>alert(1)</script>",
  "../../etc/passwd", "%00", "%", "NaN", "Infinity", "-Infinity", "1e999", "null", "undefined", "true", "0", "-1", "١٢٣", "prd_", "ord_01ARZ3NDEKTSV4RRFFQ69G5FAV",
  "prd_01ARZ3NDEKTSV4RRFFQ69G5FAV", "{}", "[]", "__proto__", "%2F..%2F", "\\", "\"", "\n\r\t",
];
const BAD_VALUES: unknown[] = [
  null, true, false, 0, -0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 53), 2 ** 31, [], {}, [1, 2], { a: 1 }, ...HOSTILE_STRINGS,
];
const RAW_BODIES = [
  "{", "}", "{'a':1}", "{\"a\":1}garbage", "[1,2", "\"just a string\"", "nul", "NaN", "\uFEFF{}", "<xml/>", "a=1&b=2", "{\"a\":\"\\ud800\"}",
  "[".repeat(5_000) + "]".repeat(5_000), JSON.stringify({ a: "x".repeat(1_100_000) }),
];
const CONTENT_TYPES = [
  "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.api+json", "text/plain", "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x", "application/xml", "", "application/jsonx", "json",
];

type Path = (string | number)[];

function fieldPaths(schema: JsonSchema, resolve: (s: JsonSchema) => JsonSchema, prefix: Path = [], depth = 0): { path: Path; schema: JsonSchema; required: boolean }[] {
  const s = resolve(schema);
  if (depth > 3 || !s.properties) return [];
  return Object.entries(s.properties).flatMap(([name, child]) => {
    const r = resolve(child);
    const here = { path: [...prefix, name], schema: r, required: (s.required ?? []).includes(name) };
    return [here, ...fieldPaths(r, resolve, [...prefix, name], depth + 1)];
  });
}

function setAt(body: unknown, path: Path, value: unknown, remove = false): unknown {
  const copy = structuredClone(body ?? {}) as Record<string | number, unknown>;
  let cur = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof cur[key] !== "object" || cur[key] === null) cur[key] = {};
    cur = cur[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) delete cur[last];
  else cur[last] = value;
  return copy;
}

/** Values at (valid: may pass) and just past (invalid) a field's documented limits. */
function boundaries(s: JsonSchema): [unknown, boolean][] {
  const out: [unknown, boolean][] = [];
  const lo = s.minimum ?? s.exclusiveMinimum;
  const hi = s.maximum ?? s.exclusiveMaximum;
  if (lo !== undefined) out.push([lo - 1, false], [lo, s.exclusiveMinimum === undefined], [lo - 0.5, false]);
  if (hi !== undefined) out.push([hi + 1, false], [hi, s.exclusiveMaximum === undefined], [hi + 0.5, false]);
  if (s.minLength !== undefined && s.minLength > 0) out.push(["x".repeat(s.minLength - 1), false]);
  if (s.maxLength !== undefined) out.push(["x".repeat(s.maxLength + 1), false], ["é".repeat(s.maxLength), true]);
  if (s.enum) out.push([String(s.enum[0]).toLowerCase(), false], [`${String(s.enum[0])} `, false]);
  return out.length ? out : [[0, true], [-1, true]];
}

/** Serializes anything fast-check makes; values JSON cannot carry (undefined, BigInt, cycles) fall back to text. */
function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? "null";
  } catch {
    return String(v);
  }
}

export function caseArbitrary(op: Operation, base: BaseRequest, resolve: (s: JsonSchema) => JsonSchema): fc.Arbitrary<FuzzCase> {
  const fields = op.body ? fieldPaths(op.body, resolve) : [];
  const pathParams = op.parameters.filter((p) => p.in === "path").map((p) => p.name);
  const queryParams = op.parameters.filter((p) => p.in === "query").map((p) => p.name);
  const hasBody = op.method !== "GET" && op.method !== "DELETE";
  const baseBody = hasBody && base.body !== undefined ? JSON.stringify(base.body) : undefined;
  const make = (label: string, over: Partial<FuzzCase> = {}): FuzzCase => ({
    label, params: base.params, query: new URLSearchParams(base.query).toString(), body: baseBody,
    headers: baseBody !== undefined ? { "content-type": "application/json" } : {}, anonymous: false, mayPass: false, ...over,
  });
  const withBody = (label: string, body: unknown) => make(label, { body: safeJson(body), headers: { "content-type": "application/json" } });

  const options: fc.WeightedArbitrary<FuzzCase>[] = [
    { weight: 1, arbitrary: fc.constant(make("the documented request", { mayPass: true })) },
    { weight: pathParams.length ? 3 : 0, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).chain((v) => fc.constantFrom(...(pathParams.length ? pathParams : ["-"])).map((name) => make(`path ${name}=${v.slice(0, 20)}`, { params: { ...base.params, [name]: v }, mayPass: /^[a-z]{3}_[0-9A-Z]{26}$/.test(v) }))) },
    {
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom(...(queryParams.length ? queryParams : ["unknown"]), "extra", "limit", "cursor"), fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string()), fc.boolean()).map(([k, v, repeat]) => {
        const q = new URLSearchParams(base.query);
        if (repeat) q.append(k, v);
        else q.set(k, v);
        return make(`query ${k}=${v.slice(0, 20)}`, { query: q.toString(), mayPass: true });
      }),
    },
    { weight: 2, arbitrary: fc.webQueryParameters().map((q) => make(`query ${q.slice(0, 30)}`, { query: q, mayPass: true })) },
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.option(fc.constantFrom(...CONTENT_TYPES), { nil: undefined }),
        key: fc.option(fc.oneof(fc.string({ minLength: 1, maxLength: 40 }).filter((k) => /^[\x21-\x7e]+$/.test(k)), fc.constant("k".repeat(256)), fc.constant("")), { nil: undefined }),
        auth: fc.option(fc.constantFrom("Bearer", "Bearer x", "Basic YTpi", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", `Bearer ${"a".repeat(5000)}`), { nil: undefined }),
        requestId: fc.option(fc.constantFrom("../../", "x".repeat(500), "req id", "<>"), { nil: undefined }),
      }).map(({ type, key, auth, requestId }) => {
        const headers: Record<string, string> = {};
        if (type !== undefined) headers["content-type"] = type;
        if (key !== undefined) headers["idempotency-key"] = key;
        if (auth !== undefined) headers.authorization = auth;
        if (requestId !== undefined) headers["x-request-id"] = requestId;
        return make(`headers ${JSON.stringify(headers).slice(0, 80)}`, { headers: { ...(baseBody !== undefined && type === undefined ? { "content-type": "application/json" } : {}), ...headers }, anonymous: auth !== undefined, mayPass: true });
      }),
    },
  ];
  if (hasBody) {
    options.push(
      { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => withBody("arbitrary JSON body", v)) },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }).map((v) => withBody("arbitrary value body", v)) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES).map((raw) => make(`raw body ${raw.slice(0, 20)}`, { body: raw })) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES.slice(0, 4)).map((raw) => make("no content-type", { body: raw, headers: {} })) },
    );
  }
  if (hasBody && fields.length) {
    const field = fc.constantFrom(...fields);
    options.push(
      // Dropping a field: a required one must be refused; an optional one may pass.
      { weight: 2, arbitrary: field.map((f) => ({ ...withBody(`without ${f.path.join(".")}`, setAt(base.body, f.path, undefined, true)), mayPass: !f.required })) },
      { weight: 4, arbitrary: fc.tuple(field, fc.constantFrom(...BAD_VALUES)).map(([f, v]) => withBody(`${f.path.join(".")}=${safeJson(v).slice(0, 30)}`, setAt(base.body, f.path, v))) },
      {
        weight: 3,
        arbitrary: field.chain((f) => fc.constantFrom(...boundaries(f.schema)).map(([v, mayPass]) => ({ ...withBody(`${f.path.join(".")} boundary ${safeJson(v).slice(0, 30)}`, setAt(base.body, f.path, v)), mayPass }))),
      },
      { weight: 2, arbitrary: fc.tuple(field, fc.jsonValue({ maxDepth: 2 })).map(([f, v]) => withBody(`${f.path.join(".")}=arbitrary`, setAt(base.body, f.path, v))) },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.constantFrom("unexpected", "__proto__", "constructor", "id", "role", "status", "sellerId"), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) =>
          make(`extra field ${k}`, { body: `${(baseBody ?? "{}").slice(0, -1)}${baseBody && baseBody !== "{}" ? "," : ""}${JSON.stringify(k)}:${safeJson(v)}}`, headers: { "content-type": "application/json" } })),
      },
    );
  }
  return fc.oneof(...options).chain((c) => fc.nat(4).map((n) => ({ ...c, anonymous: c.anonymous || n === 0 })));
}

/** A value that satisfies a schema, for routes whose row in the matrix does not exist yet. */
export function sampleOf(schema: JsonSchema, resolve: (s: JsonSchema) => JsonSchema): unknown {
  const s = resolve(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return sampleOf(alt.find((a) => resolve(a).type !== "null") ?? alt[0]!, resolve);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object":
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sampleOf(v, resolve)]));
    case "array":
      return s.items ? [sampleOf(s.items, resolve)] : [];
    case "integer":
    case "number":
      return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1, 1));
    case "boolean":
      return true;
    case "string":
      if (s.format === "email") return "fuzz-sample@example.com";
      if (s.pattern) return fc.sample(fc.stringMatching(new RegExp(s.pattern)), { numRuns: 1, seed: 1 })[0];
      return "sample".padEnd(s.minLength ?? 0, "x").slice(0, s.maxLength ?? 100);
    default:
      return null;
  }
}
