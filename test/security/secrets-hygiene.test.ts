import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "cloudflare:test";
import { adminToken, api, v1, type ApiResponse } from "../support/api";
import { anAccount } from "../support/actors";
import { anAddress, createProduct } from "../support/mothers";
import { hasRoute } from "../support/openapi";
import { settle } from "../support/settle";

// Secrets never leave through logs or error responses (domain.md Customer/Payment, architecture "Edges"): a run
// that registers, logs in (right and wrong), refreshes, orders with tokens, sends a raw card number and hits a
// 500 is captured from the console (at debug level) and from every response that is not a token grant.

const CARD = "4242 4242 4242 4242";
const WRONG_PASSWORD = "Wrong-Password-9";
const SECRET_PATTERNS: [string, RegExp][] = [
  ["password hash", /pbkdf2-sha256\$/],
  ["JWT", /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  ["refresh token", /\brt_[A-Za-z0-9_-]{20,}/],
  ["webhook secret", /whsec_[A-Za-z0-9+/=]{8,}/],
  ["card number", /4242[ -]?4242[ -]?4242[ -]?4242/],
];

const lines: string[] = [];
const bodies: { what: string; text: string }[] = [];
const levelBefore = env.LOG_LEVEL;

async function call(what: string, method: string, path: string, opts: Parameters<typeof api>[2] = {}): Promise<ApiResponse> {
  const res = await api(method, path, opts);
  bodies.push({ what, text: JSON.stringify(res.body) });
  return res;
}

beforeAll(() => {
  // Logs are captured at debug level, so that nothing is hidden by the test configuration's "warn".
  (env as { LOG_LEVEL: string }).LOG_LEVEL = "debug";
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")));
  }
});
afterAll(() => {
  (env as { LOG_LEVEL: string }).LOG_LEVEL = levelBefore;
  vi.restoreAllMocks();
});

describe("secrets hygiene", () => {
  it("logs and non-grant responses never carry a password, hash, token, secret or card number", async () => {
    const customer = await anAccount("CUSTOMER");
    const admin = (await adminToken()).token;
    const grants: string[] = [];
    const login = await api("POST", v1("/auth/login"), { body: { email: customer.email, password: customer.password } });
    grants.push(login.data.accessToken, login.data.refreshToken);
    await call("wrong password", "POST", v1("/auth/login"), { body: { email: customer.email, password: WRONG_PASSWORD } });
    const refreshed = await api("POST", v1("/auth/refresh"), { body: { refreshToken: login.data.refreshToken } });
    grants.push(refreshed.data.accessToken, refreshed.data.refreshToken);
    // Within the reuse grace window the same pair would be granted again; a minute later reuse is refused.
    await env.DB_CUSTOMER.prepare(`UPDATE refresh_tokens SET used_at = used_at - 60000 WHERE account_id = ? AND used_at IS NOT NULL`).bind(customer.id).run();
    await call("reused refresh token", "POST", v1("/auth/refresh"), { body: { refreshToken: login.data.refreshToken } });
    await call("garbage bearer", "GET", v1("/carts/me"), { headers: { authorization: `Bearer ${login.data.accessToken}x` } });
    await call("password in an unrelated body", "POST", v1("/products"), { token: admin, body: { password: customer.password, sku: "X" } });

    const product = await createProduct({ initialStock: 20 });
    await settle();
    await call("add", "POST", v1("/carts/me/items"), { token: customer.token, body: { productId: product.id, quantity: 1 } });
    const order = await call("checkout", "POST", v1("/carts/me/checkout"), { token: customer.token, body: { shippingAddress: anAddress() } });
    const rawCard = await call("raw card number", "POST", v1(`/orders/${order.data.id}/submit`), { token: customer.token, body: { paymentMethod: { type: "CARD", token: CARD } } });
    expect(rawCard.status).toBe(400);
    expect((await call("submit", "POST", v1(`/orders/${order.data.id}/submit`), { token: customer.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } })).status).toBe(202);
    await call("order", "GET", v1(`/orders/${order.data.id}`), { token: customer.token });

    if (await hasRoute("POST /api/v1/admin/webhooks")) {
      // The creation response is the one place the secret is shown; it must appear nowhere after it.
      const hook = await api("POST", v1("/admin/webhooks"), { token: admin, body: { url: "http://127.0.0.1:9/hook", eventTypes: ["OrderConfirmed"] } });
      grants.push(hook.data?.secret);
      await call("webhook deliveries", "GET", v1(`/admin/webhooks/${hook.data?.id}/deliveries`), { token: admin });
    }

    // A 500: the product table disappears under a request that carries a bearer token.
    await env.DB_PRODUCT.prepare(`ALTER TABLE products RENAME TO products_gone`).run();
    try {
      const broken = await call("500", "GET", v1("/products"), { token: customer.token });
      expect(broken.status).toBe(500);
      expect(broken.errors[0]?.code).toBe("INTERNAL_ERROR");
    } finally {
      await env.DB_PRODUCT.prepare(`ALTER TABLE products_gone RENAME TO products`).run();
    }
    await settle();

    expect(lines.some((l) => l.includes('"message":"request"')), "console capture works (request logs seen)").toBe(true);
    expect(lines.some((l) => l.includes('"level":"error"') && l.includes("unhandled error")), "the 500 was logged").toBe(true);
    const exact = [customer.password, WRONG_PASSWORD, ...grants.filter(Boolean)];
    const leaks: string[] = [];
    for (const [where, texts] of [["console", lines.map((text) => ({ what: "log", text }))], ["response", bodies]] as const) {
      for (const { what, text } of texts) {
        for (const s of exact) if (text.includes(s)) leaks.push(`${where} (${what}) contains a secret value: ${text.slice(0, 200)}`);
        for (const [name, re] of SECRET_PATTERNS) if (re.test(text)) leaks.push(`${where} (${what}) contains a ${name}: ${text.slice(0, 200)}`);
      }
    }
    expect(leaks, leaks.slice(0, 10).join("\n")).toEqual([]);
  });
});
