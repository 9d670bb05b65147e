import { env } from "cloudflare:test";
import { accountInsert } from "../../workers/customer/auth-service";
import { hashPassword } from "../../workers/kernel/password";
import { newId } from "../../workers/kernel/ids";
import { login } from "./api";

const PASSWORD = "Seller-password-1";

/**
 * A SELLER account written straight into the accounts table (seller registration is another context's work),
 * logged in over HTTP like any client.
 */
export async function sellerAccount(): Promise<{ id: string; token: string; email: string }> {
  const id = newId("sel");
  const email = `${id.toLowerCase()}@sellers.test`;
  await accountInsert(env.DB_CUSTOMER, { id, email, role: "SELLER", passwordHash: await hashPassword(PASSWORD), now: Date.now() });
  const session = await login(email, PASSWORD);
  return { id, token: session.token, email };
}
