import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { ensureAdmin } from "../../workers/customer/auth-service";

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  data: T extends { data: infer D } ? D : any;
  errors: { code: string; message: string; field?: string }[];
}

// Each test file calls from its own address (198.18.0.0/15, the range reserved for benchmarks) unless a test pins one, so the
// per-address rate limits only bite in the tests that are about them, and anonymous idempotency scopes stay stable.
const FILE_ADDRESS = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;

export interface CallOptions {
  token?: string;
  body?: unknown;
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  idempotencyKey?: string;
}

/** Calls the Worker's own fetch handler, as a client would over HTTP. */
export async function api(method: string, path: string, opts: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.idempotencyKey) headers["idempotency-key"] = opts.idempotencyKey;
  headers["cf-connecting-ip"] ??= FILE_ADDRESS;
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const url = path;
  const res = await exports.default.fetch(new Request(`https://api.test${url}`, { method, headers, body }));
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // HTML or plain text stays a string
  }
  return { status: res.status, headers: res.headers, body: parsed, data: parsed?.data, errors: parsed?.errors ?? [] };
}

export const v1 = (path: string) => `/api/v1${path}`;

export const ADMIN = { email: "admin@example.com", password: "Admin-password-1" };

export async function login(email: string, password: string): Promise<{ token: string; id: string; refreshToken: string }> {
  const res = await api("POST", v1("/auth/login"), { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return { token: res.data.accessToken, id: res.data.principal.id, refreshToken: res.data.refreshToken };
}

let adminSession: Promise<{ token: string; id: string }> | null = null;
export function adminToken(): Promise<{ token: string; id: string }> {
  adminSession ??= ensureAdmin(env, ADMIN.email, ADMIN.password).then(() => login(ADMIN.email, ADMIN.password));
  return adminSession;
}
