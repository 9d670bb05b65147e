import type { ContextHandlers } from "../events/consumer";
import { applyOnce } from "../events/inbox";
import { mailerFor, type Mailer } from "./mailer";
import { admins, customerOfOrder, NotYetKnown, orderCustomerInsert, recipient, rememberOrderCustomer, rememberProductSeller, stockKeepers, upsertRecipient, type Recipient } from "./directory";
import { notifyOnce } from "./dispatch";
import type { Facts } from "./templates";

/**
 * An order notice: the order → customer link is written with the notification (one write), so the shipment and
 * payment notices of the order can resolve their recipient. While the customer's profile has not arrived yet, the
 * link is kept on its own before the handler throws to wait for it, so those notices need not wait too.
 */
async function orderNotice(env: Env, mailer: Mailer, e: { eventId: string; eventType: string; data: { orderId: string; customerId: string } }, facts: Facts) {
  let to: Recipient;
  try {
    to = await recipient(env, e.data.customerId);
  } catch (err) {
    if (err instanceof NotYetKnown) await rememberOrderCustomer(env, e.data.orderId, e.data.customerId);
    throw err;
  }
  return notifyOnce(env, mailer, e, async () => [{ to, facts }], (d) => [orderCustomerInsert(d, e.data.orderId, e.data.customerId)]);
}

/**
 * The notification subscribers. A fact they need that has not arrived yet (the customer of an order, a seller) makes
 * them throw, so the queue retries with backoff instead of dropping the notification.
 */
export function makeNotificationHandlers(mailerOf: (env: Env) => Mailer = mailerFor): ContextHandlers {
  return {
    // send-welcome-on-customer-registered (and keep the directory entry)
    CustomerRegistered: (e, rt) => {
      const to = { id: e.data.customerId, name: e.data.name, email: e.data.email };
      return notifyOnce(rt.env, mailerOf(rt.env), e, async () => [{ to, facts: { type: "WELCOME" } }], (d) => [upsertRecipient(d, to, e.aggregateVersion)]);
    },
    // update-recipient-on-customer-profile-updated
    CustomerProfileUpdated: (e, rt) =>
      applyOnce(rt.env.DB_NOTIFICATION, e, (d) => [upsertRecipient(d, { id: e.data.customerId, name: e.data.name, email: e.data.email }, e.aggregateVersion)]),
    // add-recipient-on-seller-registered
    SellerRegistered: (e, rt) =>
      applyOnce(rt.env.DB_NOTIFICATION, e, (d) => [upsertRecipient(d, { id: e.data.sellerId, name: e.data.name, email: e.data.email }, e.aggregateVersion)]),
    // remember-seller-on-product-created (for LOW_STOCK)
    ProductCreated: (e, rt) => applyOnce(rt.env.DB_NOTIFICATION, e, (d) => [rememberProductSeller(d, e.data.productId, e.data.sellerId, e.data.name)]),

    // notify-customer-on-order-submitted / -confirmed / -cancelled (each keeps the order → customer link).
    OrderSubmitted: (e, rt) => orderNotice(rt.env, mailerOf(rt.env), e, { type: "ORDER_SUBMITTED", orderId: e.data.orderId, total: e.data.total.amount }),
    OrderConfirmed: (e, rt) => orderNotice(rt.env, mailerOf(rt.env), e, { type: "ORDER_CONFIRMED", orderId: e.data.orderId, total: e.data.total.amount }),
    OrderCancelled: (e, rt) => orderNotice(rt.env, mailerOf(rt.env), e, { type: "ORDER_CANCELLED", orderId: e.data.orderId, reason: e.data.reason }),
    // notify-customer-on-shipment-created / -delivered, notify-customer-on-payment-failed
    ShipmentCreated: (e, rt) =>
      notifyOnce(rt.env, mailerOf(rt.env), e, async () => [
        { to: await customerOfOrder(rt.env, e.data.orderId), facts: { type: "SHIPMENT_CREATED", orderId: e.data.orderId, carrier: e.data.carrier, trackingNumber: e.data.trackingNumber } },
      ]),
    ShipmentDelivered: (e, rt) =>
      notifyOnce(rt.env, mailerOf(rt.env), e, async () => [{ to: await customerOfOrder(rt.env, e.data.orderId), facts: { type: "ORDER_DELIVERED", orderId: e.data.orderId } }]),
    PaymentFailed: (e, rt) =>
      notifyOnce(rt.env, mailerOf(rt.env), e, async () => [
        { to: await customerOfOrder(rt.env, e.data.orderId), facts: { type: "PAYMENT_FAILED", orderId: e.data.orderId, reason: e.data.reason } },
      ]),

    // notify-customer-on-payment-refunded
    PaymentRefunded: (e, rt) =>
      notifyOnce(rt.env, mailerOf(rt.env), e, async () => [
        { to: await customerOfOrder(rt.env, e.data.orderId), facts: { type: "REFUND_ISSUED", orderId: e.data.orderId, amount: e.data.amount.amount } },
      ]),

    // notify-customer-on-return-received
    ReturnReceived: (e, rt) =>
      notifyOnce(rt.env, mailerOf(rt.env), e, async () => [
        { to: await recipient(rt.env, e.data.customerId), facts: { type: "RETURN_RECEIVED", orderId: e.data.orderId, returnId: e.data.returnId, refundAmount: e.data.refundAmount.amount } },
      ]),

    // notify-admins-on-review-submitted, notify-author-on-review-approved / -rejected
    ReviewSubmitted: (e, rt) =>
      notifyOnce(rt.env, mailerOf(rt.env), e, async () =>
        (await admins(rt.env)).map((to) => ({ to, facts: { type: "REVIEW_PENDING_MODERATION" as const, reviewId: e.data.reviewId, productId: e.data.productId, rating: e.data.rating } })),
      ),
    ReviewApproved: (e, rt) =>
      notifyOnce(rt.env, mailerOf(rt.env), e, async () => [
        { to: await recipient(rt.env, e.data.customerId), facts: { type: "REVIEW_PUBLISHED", reviewId: e.data.reviewId, productId: e.data.productId } },
      ]),
    ReviewRejected: (e, rt) =>
      notifyOnce(rt.env, mailerOf(rt.env), e, async () => [
        { to: await recipient(rt.env, e.data.customerId), facts: { type: "REVIEW_REJECTED", reviewId: e.data.reviewId, productId: e.data.productId, reason: e.data.reason } },
      ]),

    // notify-seller-on-low-stock-alert
    LowStockAlert: (e, rt) =>
      notifyOnce(rt.env, mailerOf(rt.env), e, async () => {
        const keepers = await stockKeepers(rt.env, e.data.productId);
        const facts = { type: "LOW_STOCK" as const, productId: e.data.productId, productName: keepers.productName, available: e.data.available, reorderPoint: e.data.reorderPoint };
        return keepers.to.map((to) => ({ to, facts }));
      }),
  };
}

export const notificationHandlers = makeNotificationHandlers();
