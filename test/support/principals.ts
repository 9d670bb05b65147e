import { env } from "cloudflare:test";
import { accountInsert } from "../../workers/customer/auth-service";
import { hashPassword } from "../../workers/kernel/password";
import { newId } from "../../workers/kernel/ids";
import type { Role } from "../../workers/kernel/auth";
import { login } from "./api";

const PASSWORD = "Test-password-1";

/**
 * An account that can log in, created straight in the customer database (registration is another context's work).
 * A cheap hash keeps tests fast; the stored format records the iteration count, so verification still works.
 */
export async function aPrincipal(role: Role = "CUSTOMER"): Promise<{ id: string; token: string; email: string }> {
  const prefix = role === "CUSTOMER" ? "cus" : role === "SELLER" ? "sel" : "adm";
  const id = newId(prefix);
  const email = `${id.toLowerCase()}@example.test`;
  await accountInsert(env.DB_CUSTOMER, { id, email, role, passwordHash: await hashPassword(PASSWORD, 1000), now: Date.now() });
  const session = await login(email, PASSWORD);
  return { id, token: session.token, email };
}
