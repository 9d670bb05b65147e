import type { Money } from "../kernel/money";
import { SandboxGateway } from "./sandbox-gateway";
import { StripeGateway } from "./stripe-gateway";
import { secret } from "../kernel/secrets";

/** What the processor said about an authorization. `ref` identifies it for capture, void and refund. */
export type Authorization =
  | { status: "AUTHORIZED"; ref: string }
  | { status: "PENDING"; ref: string }
  | { status: "DECLINED"; reason: string; ref: string | null };

/** A follow-up call's outcome; a refusal is a value, a transport failure or 5xx throws (the queue retries). */
export type GatewayOutcome = { ok: true } | { ok: false; reason: string };

/**
 * The edge of the system towards the card processor. Every call carries an idempotency key, so a call retried after
 * a crash or a lost answer gets the first call's answer instead of a second charge.
 */
export interface PaymentGateway {
  authorize(req: { idempotencyKey: string; amount: Money; token: string; orderId: string }): Promise<Authorization>;
  capture(req: { idempotencyKey: string; ref: string; amount: Money }): Promise<GatewayOutcome>;
  void(req: { idempotencyKey: string; ref: string }): Promise<GatewayOutcome>;
  refund(req: { idempotencyKey: string; ref: string; amount: Money }): Promise<GatewayOutcome>;
}

/** Where the Stripe adapter sends its calls: a test points it at its local receiver; unset, Stripe itself. */
const stripeApiBase = (env: Env): string => {
  const base: unknown = Reflect.get(env, "STRIPE_API_BASE");
  return typeof base === "string" && base.length > 0 ? base : "https://api.stripe.com";
};

/**
 * Test seam: a test puts a scripted processor here (a Stripe adapter talking to the test receiver) so the real
 * queue consumer meets a failing or hanging gateway. Unset in production.
 */
export const paymentGatewaySeam: { adapter: ((env: Env) => PaymentGateway) | null } = { adapter: null };

/** PAYMENT_GATEWAY selects the adapter: "sandbox" (default) or "stripe" (needs the STRIPE_SECRET_KEY secret). */
export function paymentGateway(env: Env, fetcher: typeof fetch = fetch): PaymentGateway {
  if (paymentGatewaySeam.adapter) return paymentGatewaySeam.adapter(env);
  if (env.PAYMENT_GATEWAY === "stripe") {
    const secretKey = secret(env, "STRIPE_SECRET_KEY");
    if (!secretKey) throw new Error("PAYMENT_GATEWAY=stripe needs the STRIPE_SECRET_KEY secret");
    return new StripeGateway({ secretKey, baseUrl: stripeApiBase(env), fetcher });
  }
  if (env.PAYMENT_GATEWAY && env.PAYMENT_GATEWAY !== "sandbox") throw new Error(`unknown PAYMENT_GATEWAY ${env.PAYMENT_GATEWAY}`);
  return new SandboxGateway();
}
