import { env } from "cloudflare:test";
import { adminToken, api, v1 } from "./api";
import { eventually } from "./settle";
import { itemStub } from "../../workers/inventory/stub";

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase();

/** Object mother: a valid product body, with overrides. */
export function aProduct(overrides: Record<string, unknown> = {}) {
  return {
    sku: `SKU-${unique()}`,
    name: "Trail Running Shoe",
    description: "Light, grippy, waterproof.",
    price: { amount: 12_900, currency: "USD" },
    category: "footwear",
    initialStock: 20,
    reorderPoint: 5,
    ...overrides,
  };
}

/** Creates a product as admin (or the given token) and returns its body. */
export async function createProduct(overrides: Record<string, unknown> = {}, token?: string) {
  const t = token ?? (await adminToken()).token;
  const res = await api("POST", v1("/products"), { token: t, body: aProduct(overrides) });
  if (res.status !== 201) throw new Error(`product not created: ${res.status} ${JSON.stringify(res.body)}`);
  // ProductCreated creates the inventory item asynchronously; a cart add checks its stock, so wait for it.
  const body = { ...aProduct(), ...overrides };
  if (typeof body.initialStock === "number") await eventually(() => itemStub(env, res.data.id).snapshot(), (s) => s !== null);
  return res.data as { id: string; sku: string; price: { amount: number }; name: string; sellerId: string | null };
}

/** A registered customer with a session: registration publishes CustomerRegistered like a real sign-up. */
export async function aCustomer(): Promise<{ id: string; token: string; email: string }> {
  const { login } = await import("./api");
  const email = `customer-${unique().toLowerCase()}@example.com`;
  const password = "Customer-password-1";
  const res = await api("POST", v1("/customers"), { body: { name: "Ada Lovelace", email, password } });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  const session = await login(email, password);
  return { id: session.id, token: session.token, email };
}

export const anAddress = () => ({ recipient: "Ada Lovelace", line1: "1 Analytical Way", city: "London", postalCode: "N1 9GU", country: "GB" });

/** Puts the products in the customer's cart and checks out; returns the CREATED order. */
export async function anOrder(token: string, lines: { productId: string; variantId?: string; quantity: number }[]) {
  for (const l of lines) {
    const res = await api("POST", v1("/carts/me/items"), { token, body: l });
    if (res.status !== 200) throw new Error(`add to cart failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const res = await api("POST", v1("/carts/me/checkout"), { token, body: { shippingAddress: anAddress() } });
  if (res.status !== 201) throw new Error(`checkout failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.data as { id: string; status: string; total: { amount: number; currency: "USD" } };
}
