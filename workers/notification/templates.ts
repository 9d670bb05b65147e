// What each notification says. Pure: the recipient's current name and the event's facts in, subject and body out.
export const NOTIFICATION_TYPES = [
  "WELCOME", "ORDER_SUBMITTED", "ORDER_CONFIRMED", "ORDER_CANCELLED", "SHIPMENT_CREATED", "ORDER_DELIVERED", "PAYMENT_FAILED",
  "REFUND_ISSUED", "RETURN_RECEIVED", "REVIEW_PENDING_MODERATION", "REVIEW_PUBLISHED", "REVIEW_REJECTED", "LOW_STOCK",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export type Facts =
  | { type: "WELCOME" }
  | { type: "ORDER_SUBMITTED"; orderId: string; total: number }
  | { type: "ORDER_CONFIRMED"; orderId: string; total: number }
  | { type: "ORDER_CANCELLED"; orderId: string; reason: string }
  | { type: "SHIPMENT_CREATED"; orderId: string; carrier: string; trackingNumber: string }
  | { type: "ORDER_DELIVERED"; orderId: string }
  | { type: "PAYMENT_FAILED"; orderId: string; reason: string }
  | { type: "REFUND_ISSUED"; orderId: string; amount: number }
  | { type: "RETURN_RECEIVED"; orderId: string; returnId: string; refundAmount: number }
  | { type: "REVIEW_PENDING_MODERATION"; reviewId: string; productId: string; rating: number }
  | { type: "REVIEW_PUBLISHED"; reviewId: string; productId: string }
  | { type: "REVIEW_REJECTED"; reviewId: string; productId: string; reason: string }
  | { type: "LOW_STOCK"; productId: string; productName: string; available: number; reorderPoint: number };

const dollars = (minor: number) => `$${(minor / 100).toFixed(2)}`;

const CANCELLATION_REASONS: Record<string, string> = {
  CUSTOMER_REQUEST: "at your request",
  PAYMENT_DECLINED: "because the payment was declined",
  INSUFFICIENT_STOCK: "because some items are out of stock",
  RESERVATION_EXPIRED: "because the payment was not completed in time",
};

export function render(name: string, facts: Facts): { subject: string; body: string } {
  const hi = `Hi ${name},\n\n`;
  switch (facts.type) {
    case "WELCOME":
      return { subject: `Welcome, ${name}`, body: `${hi}your account is ready. A welcome coupon is waiting for you under "My promotions".` };
    case "ORDER_SUBMITTED":
      return { subject: `We received your order ${facts.orderId}`, body: `${hi}we received order ${facts.orderId} (${dollars(facts.total)}) and are confirming payment and stock.` };
    case "ORDER_CONFIRMED":
      return { subject: `Your order ${facts.orderId} is confirmed`, body: `${hi}order ${facts.orderId} (${dollars(facts.total)}) is confirmed and being prepared for shipping.` };
    case "ORDER_CANCELLED":
      return { subject: `Your order ${facts.orderId} was cancelled`, body: `${hi}order ${facts.orderId} was cancelled ${CANCELLATION_REASONS[facts.reason] ?? `(${facts.reason})`}. Any payment hold has been released.` };
    case "SHIPMENT_CREATED":
      return { subject: `Your order ${facts.orderId} ships with ${facts.carrier}`, body: `${hi}order ${facts.orderId} ships with ${facts.carrier}, tracking number ${facts.trackingNumber}.` };
    case "ORDER_DELIVERED":
      return { subject: `Your order ${facts.orderId} was delivered`, body: `${hi}order ${facts.orderId} was delivered. We would love to hear what you think: you can now review its products.` };
    case "PAYMENT_FAILED":
      return { subject: `Payment for order ${facts.orderId} failed`, body: `${hi}the payment for order ${facts.orderId} failed (${facts.reason}). The order has been cancelled; please try another card.` };
    case "REFUND_ISSUED":
      return { subject: `Refund for order ${facts.orderId}`, body: `${hi}we refunded ${dollars(facts.amount)} for order ${facts.orderId}. It reaches your card within a few business days.` };
    case "RETURN_RECEIVED":
      return { subject: `We received your return for order ${facts.orderId}`, body: `${hi}your return ${facts.returnId} for order ${facts.orderId} arrived. We are refunding ${dollars(facts.refundAmount)}; you will get a note when it is on its way.` };
    case "REVIEW_PENDING_MODERATION":
      return { subject: "A review awaits moderation", body: `${hi}review ${facts.reviewId} (${facts.rating}/5) of product ${facts.productId} awaits moderation.` };
    case "REVIEW_PUBLISHED":
      return { subject: "Your review is published", body: `${hi}your review ${facts.reviewId} of product ${facts.productId} is now public. Thank you!` };
    case "REVIEW_REJECTED":
      return { subject: "Your review was not published", body: `${hi}your review ${facts.reviewId} of product ${facts.productId} was not published. Reason: ${facts.reason}` };
    case "LOW_STOCK":
      return { subject: `Low stock: ${facts.productName}`, body: `${hi}${facts.productName} (${facts.productId}) is down to ${facts.available} available, below its reorder point of ${facts.reorderPoint}.` };
    default: {
      const never: never = facts;
      return never;
    }
  }
}
