import { env } from "cloudflare:test";
import { adminToken, api, login, v1, ADMIN } from "./api";
import { aProduct, anAddress } from "./mothers";
import { hasRoute } from "./openapi";
import { accountInsert } from "../../workers/customer/auth-service";
import { hashPassword } from "../../workers/kernel/password";
import { newId } from "../../workers/kernel/ids";

// The cast of the security tests: two customers, two sellers and an admin, one product of seller A and orders of
// customer A. Accounts are registered through the API when the route exists (issue 4), inserted otherwise.

export interface Actor {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

export async function anAccount(role: "CUSTOMER" | "SELLER"): Promise<Actor> {
  const email = `${role.toLowerCase()}-${unique()}@example.com`;
  const password = `Pw-${unique()}-Secret9`;
  const route = role === "CUSTOMER" ? "POST /api/v1/customers" : "POST /api/v1/sellers";
  if (await hasRoute(route)) {
    const res = await api("POST", v1(role === "CUSTOMER" ? "/customers" : "/sellers"), { body: { name: `Test ${role.toLowerCase()}`, email, password } });
    if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  } else {
    await accountInsert(env.DB_CUSTOMER, { id: newId(role === "CUSTOMER" ? "cus" : "sel"), email, role, passwordHash: await hashPassword(password), now: Date.now() }).run();
  }
  const session = await login(email, password);
  return { id: session.id, email, password, token: session.token, refreshToken: session.refreshToken };
}

export interface Fixtures {
  customerA: Actor;
  customerB: Actor;
  sellerA: Actor;
  sellerB: Actor;
  admin: Actor;
  /** Seller A's product, with plenty of stock. */
  productId: string;
  /** A new CREATED order of customer A (for cells that change the order's state). */
  freshOrder(): Promise<{ id: string }>;
  /** One CREATED order of customer A, for reads. */
  order: { id: string };
}

async function orderFor(actor: Actor, productId: string): Promise<{ id: string }> {
  const add = await api("POST", v1("/carts/me/items"), { token: actor.token, body: { productId, quantity: 1 } });
  if (add.status !== 200) throw new Error(`add to cart: ${add.status} ${JSON.stringify(add.body)}`);
  const res = await api("POST", v1("/carts/me/checkout"), { token: actor.token, body: { shippingAddress: anAddress() } });
  if (res.status !== 201) throw new Error(`checkout: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.data.id as string };
}

let fixtures: Promise<Fixtures> | null = null;

export function theCast(): Promise<Fixtures> {
  fixtures ??= (async () => {
    const [customerA, customerB, sellerA, sellerB, adminSession] = await Promise.all([
      anAccount("CUSTOMER"), anAccount("CUSTOMER"), anAccount("SELLER"), anAccount("SELLER"), adminToken(),
    ]);
    const admin = { ...adminSession, email: ADMIN.email, password: ADMIN.password, refreshToken: "" };
    const product = await api("POST", v1("/products"), { token: sellerA.token, body: aProduct({ initialStock: 5_000, reorderPoint: 0 }) });
    if (product.status !== 201) throw new Error(`product: ${product.status} ${JSON.stringify(product.body)}`);
    const productId = product.data.id as string;
    // The item object is created by ProductCreated; wait for it so carts can check availability.
    for (let i = 0; i < 200; i++) {
      const a = await api("GET", v1(`/inventory/${productId}/availability`));
      if (a.status === 200) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const order = await orderFor(customerA, productId);
    return { customerA, customerB, sellerA, sellerB, admin, productId, order, freshOrder: () => orderFor(customerA, productId) };
  })();
  return fixtures;
}
