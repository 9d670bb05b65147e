import fc from "fast-check";
import { Validator, type Schema } from "@cfworker/json-schema";
import type { JsonSchema } from "./openapi";

/*
 * Requests derived from the published document alone: fast-check arbitraries built from the JSON Schemas of
 * /openapi.json, and a validator for the same schemas. The validator is @cfworker/json-schema because the tests
 * run inside workerd, which forbids code generation from strings (Ajv compiles every schema with `new Function`);
 * it interprets the schema instead, supports draft 2020-12 (OpenAPI 3.1's dialect) and counts string lengths in
 * code points, as JSON Schema says. The validator is the judge: a generated value is only used as "valid" when it
 * validates, and a mutation only as "invalid" when it does not.
 */

export type Doc = {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};
export interface RawOperation {
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
  security?: unknown[];
}

/** A validator for one schema of the document; `$ref`s into components resolve against the whole document. */
export function validatorFor(doc: Doc, schema: JsonSchema): (value: unknown) => { valid: boolean; errors: string[] } {
  // components/schemas become $defs, so the validator resolves "#/$defs/X" inside one root schema.
  const root = JSON.parse(JSON.stringify({ ...schema, $defs: doc.components?.schemas ?? {} }).replaceAll('"#/components/schemas/', '"#/$defs/')) as Schema;
  const validator = new Validator(root, "2020-12", false);
  return (value) => {
    const result = validator.validate(value);
    return { valid: result.valid, errors: result.errors.filter((e) => e.keyword !== "properties" && e.keyword !== "$ref" && e.keyword !== "allOf").map((e) => `${e.instanceLocation} ${e.error}`) };
  };
}

export type Resolve = (s: JsonSchema) => JsonSchema;

export interface ArbitraryOptions {
  /** Real ids of the seeded state: a string whose pattern they match is often one of them. */
  ids: string[];
  /** HTTP header values: visible ASCII only (a transport limit, not a schema rule). */
  header?: boolean;
}

const ASCII = fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCodePoint(n));
const ANY_CODE_POINT = fc.oneof(
  fc.integer({ min: 0xa0, max: 0xd7ff }),
  fc.integer({ min: 0xe000, max: 0xfffd }),
  fc.integer({ min: 0x1f300, max: 0x1faff }),
).map((n) => String.fromCodePoint(n));
const WHITESPACE = fc.constantFrom(" ", "\t", "\n", "\u00a0", "\u2003");
const TEXT_UNIT = fc.oneof({ weight: 6, arbitrary: ASCII }, { weight: 2, arbitrary: ANY_CODE_POINT }, { weight: 1, arbitrary: WHITESPACE });
const HEADER_UNIT = fc.integer({ min: 0x21, max: 0x7e }).map((n) => String.fromCodePoint(n));

/** The JSON Schema types a schema admits (a missing `type` admits any). */
function typesOf(s: JsonSchema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (s.type) return [s.type];
  if (s.properties) return ["object"];
  return [];
}

function stringArbitrary(s: JsonSchema, o: ArbitraryOptions): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 60, 6000));
  const unit = o.header ? HEADER_UNIT : TEXT_UNIT;
  const sized = (u: fc.Arbitrary<string>) => fc.string({ unit: u, minLength: min, maxLength: max });
  const choices: fc.Arbitrary<string>[] = [];
  if (s.format === "email") {
    choices.push(fc.emailAddress(), fc.emailAddress().map((e) => e.toUpperCase()));
  } else if (s.format === "date-time") {
    choices.push(fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()));
  } else if (s.pattern) {
    const re = new RegExp(s.pattern, "u");
    const ids = o.ids.filter((id) => re.test(id));
    if (ids.length) choices.push(fc.constantFrom(...ids));
    try {
      choices.push(fc.stringMatching(new RegExp(s.pattern)));
    } catch {
      // A pattern fast-check cannot generate from (lookaheads): random strings, kept when they match.
      choices.push(sized(unit), sized(ASCII));
    }
  } else {
    choices.push(sized(unit));
    // The edges of the documented length, in the characters most likely to be counted differently.
    if (!o.header) {
      choices.push(fc.constant("x".repeat(min)), fc.constant("🦄".repeat(max)), fc.constant(" ".repeat(max)), fc.constant(`${" ".repeat(Math.max(0, max - Math.max(min, 1)))}${"é".repeat(Math.max(min, 1))}`.slice(0, max)));
    } else {
      choices.push(fc.constant("x".repeat(Math.max(min, 1))), fc.constant("x".repeat(max)));
    }
  }
  return fc.oneof(...choices);
}

function numberArbitrary(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = Math.max(s.minimum ?? -Infinity, s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : Number.EPSILON) : -Infinity);
  const hi = Math.min(s.maximum ?? Infinity, s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : Number.EPSILON) : Infinity);
  if (integer) {
    const min = Number.isFinite(lo) ? Math.ceil(lo) : -(2 ** 31);
    const max = Number.isFinite(hi) ? Math.floor(hi) : 2 ** 31;
    const edges = [min, max, 0, 1, -1].filter((n) => n >= min && n <= max);
    return fc.oneof(fc.integer({ min, max }), fc.constantFrom(...edges));
  }
  return fc.double({ min: Number.isFinite(lo) ? lo : -1e9, max: Number.isFinite(hi) ? hi : 1e9, noNaN: true, noDefaultInfinity: true });
}

/** Any value the schema admits (a superset is fine: callers keep only what the validator accepts). */
export function arbitraryOf(schema: JsonSchema, resolve: Resolve, o: ArbitraryOptions, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema) as JsonSchema & { not?: JsonSchema; minProperties?: number; allOf?: JsonSchema[] };
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) {
    const { oneOf: _o, anyOf: _a, ...rest } = s;
    return fc.oneof(...alternatives.map((alt) => arbitraryOf({ ...rest, ...resolve(alt) } as JsonSchema, resolve, o, depth + 1)));
  }
  if (s.allOf) {
    const { allOf, ...rest } = s;
    return arbitraryOf(Object.assign({}, rest, ...allOf.map(resolve)) as JsonSchema, resolve, o, depth + 1);
  }
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((t) => arbitraryOf({ ...s, type: t }, resolve, o, depth + 1)));
  switch (types[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return numberArbitrary(s, true);
    case "number":
      return numberArbitrary(s, false);
    case "string":
      return stringArbitrary(s, o);
    case "array": {
      const item = s.items ? arbitraryOf(s.items, resolve, o, depth + 1) : fc.jsonValue({ maxDepth: 1 });
      return fc.array(item, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    }
    case "object": {
      if (depth > 6) return fc.constant({});
      const props = s.properties ?? {};
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbitraryOf(v, resolve, o, depth + 1)]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

type Path = string[];
export interface Mutation {
  label: string;
  value: unknown;
}

/** Values that break one rule of the schema (each is checked against the validator before use). */
export function violationsOf(schema: JsonSchema, resolve: Resolve): unknown[] {
  const s = resolve(schema) as JsonSchema & { not?: JsonSchema; minProperties?: number };
  const out: unknown[] = [];
  const types = typesOf(s);
  if (!types.includes("string")) out.push("text");
  if (!types.includes("integer") && !types.includes("number")) out.push(12);
  if (!types.includes("object")) out.push({ unexpected: true });
  if (!types.includes("null")) out.push(null);
  if (!types.includes("array")) out.push([]);
  if (types.includes("integer")) out.push(1.5);
  const lo = s.minimum ?? s.exclusiveMinimum;
  if (lo !== undefined) out.push(lo - 1, s.exclusiveMinimum !== undefined ? s.exclusiveMinimum : lo - 1);
  const hi = s.maximum ?? s.exclusiveMaximum;
  if (hi !== undefined) out.push(hi + 1, s.exclusiveMaximum !== undefined ? s.exclusiveMaximum : hi + 1);
  if (s.minLength) out.push("x".repeat(s.minLength - 1));
  if (s.maxLength !== undefined && s.maxLength < 100_000) out.push("x".repeat(s.maxLength + 1));
  if (s.pattern || s.format) out.push("", " ", "   ", "!", "not valid", "\u0000", "x".repeat(30));
  if (s.enum || s.const !== undefined) out.push("NOT_A_DOCUMENTED_VALUE", String(s.enum?.[0] ?? s.const).toLowerCase());
  if (s.not?.const !== undefined) out.push(s.not.const);
  if (s.minProperties) out.push({});
  return out;
}

/** Every field of an object schema (nested through objects), with its schema and whether it is required. */
export function fieldsOf(schema: JsonSchema, resolve: Resolve, prefix: Path = [], depth = 0): { path: Path; schema: JsonSchema; required: boolean }[] {
  const s = resolve(schema);
  if (depth > 3) return [];
  const branches = [s, ...(s.oneOf ?? s.anyOf ?? []).map(resolve)];
  const seen = new Set<string>();
  return branches.flatMap((b) =>
    Object.entries(b.properties ?? {}).flatMap(([name, child]) => {
      const key = [...prefix, name].join(".");
      if (seen.has(key)) return [];
      seen.add(key);
      const r = resolve(child);
      return [{ path: [...prefix, name], schema: r, required: (b.required ?? []).includes(name) }, ...fieldsOf(r, resolve, [...prefix, name], depth + 1)];
    }),
  );
}

export function setAt(body: unknown, path: Path, value: unknown, remove = false): unknown {
  const copy = structuredClone(body ?? {}) as Record<string, unknown>;
  let cur = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof cur[key] !== "object" || cur[key] === null) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) delete cur[last];
  else cur[last] = value;
  return copy;
}
