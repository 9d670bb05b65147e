import { api } from "./api";
import type { JsonSchema } from "./openapi";

// Checks a response against the published /openapi.json, as a client generated from the document would read it.
// Only the JSON Schema keywords our document uses are understood; an unknown `type` fails loudly rather than passing.

interface ResponseDoc {
  content?: Record<string, { schema?: JsonSchema }>;
}
interface Doc {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseDoc> }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const typeOf = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);

function check(schema: JsonSchema, value: unknown, at: string, schemas: Record<string, JsonSchema>, out: string[]): void {
  if (schema.$ref) {
    const target = schemas[schema.$ref.replace("#/components/schemas/", "")];
    if (!target) out.push(`${at}: unresolved ${schema.$ref}`);
    else check(target, value, at, schemas, out);
    return;
  }
  if (schema.anyOf || schema.oneOf) {
    const options = (schema.anyOf ?? schema.oneOf)!;
    const passing = options.filter((o) => {
      const errs: string[] = [];
      check(o, value, at, schemas, errs);
      return errs.length === 0;
    }).length;
    if (schema.oneOf ? passing !== 1 : passing === 0) out.push(`${at}: ${JSON.stringify(value)} matches ${passing} of the ${schema.oneOf ? "oneOf" : "anyOf"} options`);
  }
  for (const part of schema.allOf ?? []) check(part, value, at, schemas, out);
  if (schema.type !== undefined) {
    const allowed = ([] as string[]).concat(schema.type);
    if (schema.nullable) allowed.push("null");
    const actual = typeOf(value);
    if (!allowed.includes(actual) && !(actual === "integer" && allowed.includes("number"))) {
      out.push(`${at}: ${JSON.stringify(value)} is ${actual}, the document says ${allowed.join(" | ")}`);
      return;
    }
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (schema.const !== undefined && schema.const !== value) out.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: ${value} < minimum ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: ${value} > maximum ${schema.maximum}`);
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) out.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) out.push(`${at}: does not match ${schema.pattern}`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => check(schema.items!, v, `${at}[${i}]`, schemas, out));
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in obj)) out.push(`${at}.${key}: required by the document, missing`);
    for (const [key, v] of Object.entries(obj)) {
      const prop = schema.properties?.[key];
      if (prop) check(prop, v, `${at}.${key}`, schemas, out);
      else if (schema.additionalProperties === false) out.push(`${at}.${key}: not in the document`);
      else if (typeof schema.additionalProperties === "object") check(schema.additionalProperties, v, `${at}.${key}`, schemas, out);
    }
  }
}

/** Every way `body` (a response of `method path` with `status`) departs from /openapi.json; [] when it conforms. */
export async function violations(method: string, path: string, status: number, body: unknown): Promise<string[]> {
  const doc = (await api("GET", "/openapi.json")).body as Doc;
  const schema = doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.["application/json"]?.schema;
  if (!schema) return [`${method} ${path} documents no JSON body for ${status}`];
  const out: string[] = [];
  check(schema, body, "$", doc.components?.schemas ?? {}, out);
  return out;
}
