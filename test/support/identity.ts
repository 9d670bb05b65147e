import { api, v1, type ApiResponse, type CallOptions } from "./api";

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/**
 * A fresh client address per call (from the documentation ranges), so the per-address rate limits of one test never
 * spend another's budget; tests about rate limits pass their own fixed address.
 */
export function freshIp(): string {
  const n = Math.floor(Math.random() * 2 ** 24);
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** api() from a fresh client address. */
export const call = (method: string, path: string, opts: CallOptions = {}): Promise<ApiResponse> =>
  api(method, v1(path), { ...opts, headers: { "cf-connecting-ip": freshIp(), ...opts.headers } });

export const uniqueEmail = (prefix = "user") => `${prefix}-${unique()}@example.com`;
export const PASSWORD = "Sup3r-secret-pw";

/** Object mother: a valid registration body. */
export function aCustomer(overrides: Record<string, unknown> = {}) {
  return { name: "Ada Lovelace", email: uniqueEmail("ada"), password: PASSWORD, phone: "+44 20 7946 0958", ...overrides };
}

export async function registerCustomer(overrides: Record<string, unknown> = {}) {
  const body = aCustomer(overrides);
  const res = await call("POST", "/customers", { body });
  if (res.status !== 201) throw new Error(`customer not registered: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...(res.data as { id: string; name: string; email: string }), password: body.password };
}

export async function registerSeller(overrides: Record<string, unknown> = {}) {
  const body = { name: "Acme Outdoor", email: uniqueEmail("seller"), password: PASSWORD, ...overrides };
  const res = await call("POST", "/sellers", { body });
  if (res.status !== 201) throw new Error(`seller not registered: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...(res.data as { id: string; name: string; email: string }), password: body.password };
}

export async function signIn(email: string, password: string) {
  const res = await call("POST", "/auth/login", { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.data as { accessToken: string; refreshToken: string; expiresIn: number; principal: { id: string; role: string } };
}

/** A registered customer with a fresh access token. */
export async function aSignedInCustomer(overrides: Record<string, unknown> = {}) {
  const customer = await registerCustomer(overrides);
  const tokens = await signIn(customer.email, customer.password);
  return { ...customer, token: tokens.accessToken, refreshToken: tokens.refreshToken };
}
