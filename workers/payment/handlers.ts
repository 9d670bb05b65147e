import type { ContextHandlers } from "../events/consumer";
import { paymentGateway, type PaymentGateway } from "./gateway";
import { guardedGateway } from "./guarded-gateway";
import { authorizePaymentOnOrderSubmitted } from "./authorize-payment";
import { capturePaymentOnOrderConfirmed, voidPaymentOnOrderCancelled } from "./settle-payment";
import { refundOnReturnReceived } from "./refund-return";

/**
 * The payment subscribers, over a gateway chosen per call from the environment (tests pass a fake Stripe), behind
 * its timeout and circuit breaker.
 */
export function makePaymentHandlers(gatewayFor: (env: Env) => PaymentGateway = (env) => guardedGateway(env, paymentGateway(env))): ContextHandlers {
  return {
    OrderSubmitted: (event, rt) => authorizePaymentOnOrderSubmitted(event, rt, gatewayFor(rt.env)),
    OrderConfirmed: (event, rt) => capturePaymentOnOrderConfirmed(event, rt, gatewayFor(rt.env)),
    OrderCancelled: (event, rt) => voidPaymentOnOrderCancelled(event, rt, gatewayFor(rt.env)),
    ReturnReceived: (event, rt) => refundOnReturnReceived(event, rt, gatewayFor(rt.env)),
  };
}

export const paymentHandlers = makePaymentHandlers();
