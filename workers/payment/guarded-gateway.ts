import { breakerFor, guarded } from "../kernel/breaker";
import type { PaymentGateway } from "./gateway";

const DEFAULT_TIMEOUT_MS = 8_000;

/**
 * The gateway behind a timeout and the "payment-gateway" circuit breaker (workers/kernel/breaker.ts). A declined
 * card or a refused capture is an answer, not a failure; a thrown error (transport, 5xx) or a timeout is. Every
 * call carries the payment's idempotency key, so a call that timed out and is retried gets the first answer and
 * never a second charge.
 */
export function guardedGateway(env: Env, gateway: PaymentGateway): PaymentGateway {
  const breaker = breakerFor(env, "payment-gateway");
  const configured = Number(env.PAYMENT_TIMEOUT_MS);
  const timeoutMs = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_TIMEOUT_MS;
  return {
    authorize: (req) => guarded(breaker, timeoutMs, () => gateway.authorize(req)),
    capture: (req) => guarded(breaker, timeoutMs, () => gateway.capture(req)),
    void: (req) => guarded(breaker, timeoutMs, () => gateway.void(req)),
    refund: (req) => guarded(breaker, timeoutMs, () => gateway.refund(req)),
  };
}
