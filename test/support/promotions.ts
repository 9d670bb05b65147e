import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { adminToken } from "./api";
import { call } from "./identity";
import { db, type Runtime } from "../../workers/events/outbox-d1";
import { newId } from "../../workers/kernel/ids";
import { usd } from "../../workers/kernel/money";
import { redeemPromotion } from "../../workers/promotion/redemption";

let seq = 0;
export const uniqueCode = (prefix = "SAVE") => `${prefix}${Date.now().toString(36).slice(-6)}${(seq++).toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase().slice(0, 20);

const DAY = 24 * 3600 * 1000;

/** Object mother: a valid, currently running 10 % promotion, with overrides. */
export function aPromotion(overrides: Record<string, unknown> = {}) {
  return {
    code: uniqueCode(), type: "PERCENTAGE", value: 10,
    startsAt: new Date(Date.now() - DAY).toISOString(), endsAt: new Date(Date.now() + DAY).toISOString(), ...overrides,
  };
}

export async function createPromotion(overrides: Record<string, unknown> = {}) {
  const res = await call("POST", "/promotions", { token: (await adminToken()).token, body: aPromotion(overrides) });
  if (res.status !== 201) throw new Error(`promotion not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.data as { id: string; code: string; used: number };
}

/** The service runtime as a request would build it, keeping the post-commit relay's promises so tests can await them. */
export function runtime(): Runtime & { flush(): Promise<unknown> } {
  const pending: Promise<unknown>[] = [];
  return { env, waitUntil: (p) => void pending.push(p), flush: () => Promise.all(pending) };
}
export const cause = () => ({ correlationId: newId("evt"), causationId: null });

export async function redeem(code: string, customerId: string, amount: number, orderId = newId("ord")) {
  const rt = runtime();
  const result = await redeemPromotion(rt, { code, orderId, customerId, subtotal: usd(amount) }, cause());
  await rt.flush();
  return result;
}

export async function usedCount(promotionId: string): Promise<number> {
  const [row] = await db(env.DB_PROMOTION).all<{ used: number }>(sql`SELECT used FROM promotions WHERE id = ${promotionId}`);
  return Number(row?.used);
}
