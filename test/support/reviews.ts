import { env } from "cloudflare:test";
import { accountInsert } from "../../workers/customer/auth-service";
import { hashPassword } from "../../workers/kernel/password";
import { newId } from "../../workers/kernel/ids";
import { hasPurchased } from "../../workers/review/purchases";
import { login } from "./api";
import { anEvent, publish } from "./events";
import { eventually } from "./settle";
import { and, eq } from "drizzle-orm";
import { db } from "../../workers/events/outbox-d1";
import { deliveries } from "../../schema/operations/tables";

const PASSWORD = "Customer-password-1";
let hash: Promise<string> | null = null;

/** A customer account and its session. Registration is built elsewhere, so the account row is written directly. */
export async function aCustomer(): Promise<{ id: string; token: string }> {
  hash ??= hashPassword(PASSWORD, 1_000);
  const id = newId("cus");
  const email = `${id.toLowerCase()}@example.com`;
  await accountInsert(env.DB_CUSTOMER, { id, email, role: "CUSTOMER", passwordHash: await hash, now: Date.now() });
  const session = await login(email, PASSWORD);
  return { id, token: session.token };
}

type Item = { productId: string; quantity: number };

/** The two facts the review context hears about a delivered order, published through the real queues. */
export function orderFacts(customerId: string, items: Item[], orderId = newId("ord")) {
  const submitted = anEvent("OrderSubmitted", orderId, {
    orderId, customerId, items, total: { amount: 1000, currency: "USD" }, paymentMethod: { type: "CARD", token: "tok_visa" },
  });
  const delivered = anEvent("ShipmentDelivered", newId("shp"), { shipmentId: newId("shp"), orderId, items }, { version: 3 });
  return { orderId, submitted, delivered };
}

/** Simulates a delivered order (the order flow is built in parallel) and waits until the review context knows it. */
export async function deliveredOrder(customerId: string, productIds: string[]): Promise<string> {
  const facts = orderFacts(customerId, productIds.map((productId) => ({ productId, quantity: 1 })));
  await publish([facts.submitted, facts.delivered]);
  for (const p of productIds) await eventually(() => hasPurchased(env, customerId, p), Boolean);
  return facts.orderId;
}

/** Waits until the context's handler has finished with the event (the consumer records it after the handler returns). */
export async function handledBy(eventId: string, context: string): Promise<void> {
  await eventually(
    async () => (await db(env.DB_OPERATIONS).select({ status: deliveries.status }).from(deliveries).where(and(eq(deliveries.eventId, eventId), eq(deliveries.context, context))))[0]?.status,
    (s) => s === "HANDLED" || s === "DUPLICATE",
  );
}
