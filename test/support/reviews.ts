import { env } from "cloudflare:test";
import { newId } from "../../workers/kernel/ids";
import { hasPurchased } from "../../workers/review/purchases";
import { aPrincipal } from "./principals";
import { anEvent, publish } from "./events";
import { eventually } from "./settle";
import { and, eq } from "drizzle-orm";
import { db } from "../../workers/events/outbox-d1";
import { deliveryById } from "./event-log";

/** A customer account and its session, written directly (no CustomerRegistered: reviews do not need it). */
export const aCustomer = () => aPrincipal("CUSTOMER");

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
    async () => (await deliveryById(eventId, context))?.status,
    (s) => s === "HANDLED" || s === "DUPLICATE",
  );
}
