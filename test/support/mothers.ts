import { adminToken, api, v1 } from "./api";

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
  return res.data as { id: string; sku: string; price: { amount: number }; name: string; sellerId: string | null };
}
