import type { ContextHandlers } from "../events/consumer";
import { applyOnce } from "../events/inbox";
import { restoreStatements } from "./redemption";
import { welcomeCouponId, welcomeCouponInsert } from "./service";

// Subscribers of the promotion context. applyOnce records the eventId with the effect, so a redelivered event
// changes nothing; both effects are also idempotent on their own (derived coupon id, conditional restore).
export const promotionHandlers: ContextHandlers = {
  // issue-welcome-coupon-on-customer-registered
  CustomerRegistered: async (event, rt) => {
    const id = await welcomeCouponId(event.data.customerId);
    return applyOnce(rt.env.DB_PROMOTION, event, (d) => [welcomeCouponInsert(d, id, event.data.customerId, Date.parse(event.occurredOn))]);
  },
  // restore-promotion-use-on-order-cancelled
  OrderCancelled: (event, rt) =>
    applyOnce(rt.env.DB_PROMOTION, event, (d) => restoreStatements(d, event.data.orderId, event.eventId, Date.now())),
};
