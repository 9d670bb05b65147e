import { api } from "./api";

// The published contract, read at test time: routes added by other branches are fuzzed and must appear in the
// authorization matrix without anyone editing a list of routes.

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  nullable?: boolean;
};

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  /** "POST /api/v1/orders/{orderId}/submit": the key of the authorization matrix. */
  key: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
  bodyRequired: boolean;
  secured: boolean;
  statuses: number[];
  successStatus: number;
}

interface Document {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> }; responses?: Record<string, unknown>; security?: unknown[] }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

let cached: Promise<{ operations: Operation[]; resolve: (s: JsonSchema) => JsonSchema }> | null = null;

export function contract() {
  cached ??= (async () => {
    const res = await api("GET", "/openapi.json");
    if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
    const doc = res.body as Document;
    const schemas = doc.components?.schemas ?? {};
    const resolve = (s: JsonSchema): JsonSchema => (s.$ref ? resolve(schemas[s.$ref.replace("#/components/schemas/", "")] ?? {}) : s);
    const operations: Operation[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const statuses = Object.keys(op.responses ?? {}).map(Number).filter(Number.isFinite);
        const body = op.requestBody?.content?.["application/json"]?.schema;
        operations.push({
          key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path,
          parameters: op.parameters ?? [], body: body ? resolve(body) : null, bodyRequired: op.requestBody?.required ?? false,
          secured: (op.security?.length ?? 0) > 0, statuses, successStatus: statuses.find((s) => s >= 200 && s < 300) ?? 200,
        });
      }
    }
    return { operations, resolve };
  })();
  return cached;
}

export async function hasRoute(key: string): Promise<boolean> {
  return (await contract()).operations.some((o) => o.key === key);
}

/** Fills `{name}` path parameters (URL-encoded). */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? `missing-${name}`));
}
