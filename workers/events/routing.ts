import type { EventType } from "./catalog";

// The routing table: eventType → the contexts whose inbox queue receives it (architecture §Event flow).
// Every event also goes to `operations` (the event log, written straight into its shards by the sender, no queue)
// and `integrations` (outbound webhooks; the sender drops the types no webhook subscribes to).
export const INBOX_CONTEXTS = [
  "inventory", "order", "payment", "shipping", "notification", "cart", "product", "promotion", "review",
  "seller", "integrations", "operations",
] as const;
export type InboxContext = (typeof INBOX_CONTEXTS)[number];

const SUBSCRIBERS: Record<EventType, InboxContext[]> = {
  CustomerRegistered: ["notification", "promotion", "order"],
  CustomerProfileUpdated: ["order", "notification"],
  SellerRegistered: ["seller", "notification"],
  ProductCreated: ["inventory", "cart", "notification"],
  ProductUpdated: ["cart", "product"],
  ProductPriceChanged: ["cart"],
  OrderCreated: ["inventory"],
  OrderSubmitted: ["inventory", "payment", "notification", "review"],
  InventoryReserved: ["order"],
  InventoryReservationFailed: ["order"],
  PaymentAuthorized: ["order"],
  PaymentFailed: ["order", "notification"],
  PaymentRefunded: ["notification", "order"],
  OrderConfirmed: ["inventory", "payment", "shipping", "notification"],
  OrderCancelled: ["inventory", "payment", "promotion", "notification"],
  InventoryFulfilled: ["order"],
  InventoryReservationExpired: ["order"],
  LowStockAlert: ["product", "notification"],
  InventoryReplenished: ["product"],
  ShipmentCreated: ["order", "notification"],
  ShipmentDispatched: ["order"],
  ShipmentDelivered: ["order", "review", "notification"],
  ReviewSubmitted: ["notification"],
  ReviewApproved: ["product", "notification"],
  ReviewRejected: ["notification"],
  PromotionRedeemed: [],
  ReturnRequested: [],
  ReturnReceived: ["inventory", "payment", "notification"],
  ReturnRejected: [],
};

export function destinationsOf(eventType: EventType): InboxContext[] {
  return [...SUBSCRIBERS[eventType], "operations", "integrations"];
}

export function subscribersOf(eventType: EventType): InboxContext[] {
  return SUBSCRIBERS[eventType];
}

const QUEUE_PREFIX = "commerce-";

export function inboxQueueName(context: InboxContext): string {
  return `${QUEUE_PREFIX}${context}-inbox`;
}

/** Maps a delivered batch's queue name to its context and whether it is the context's dead-letter queue. */
export function contextOfQueue(queue: string): { context: InboxContext; deadLetter: boolean } | null {
  const m = /^commerce-([a-z]+)-(inbox|dlq)$/.exec(queue);
  if (!m || !(INBOX_CONTEXTS as readonly string[]).includes(m[1]!)) return null;
  return { context: m[1] as InboxContext, deadLetter: m[2] === "dlq" };
}

export function queueBinding(env: Env, context: InboxContext): Queue {
  const bindings: Record<InboxContext, Queue> = {
    inventory: env.Q_INVENTORY,
    order: env.Q_ORDER,
    payment: env.Q_PAYMENT,
    shipping: env.Q_SHIPPING,
    notification: env.Q_NOTIFICATION,
    cart: env.Q_CART,
    product: env.Q_PRODUCT,
    promotion: env.Q_PROMOTION,
    review: env.Q_REVIEW,
    seller: env.Q_SELLER,
    integrations: env.Q_INTEGRATIONS,
    operations: env.Q_OPERATIONS,
  };
  return bindings[context];
}
