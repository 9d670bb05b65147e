import type { Authorization, GatewayOutcome, PaymentGateway } from "./gateway";

// The sandbox behaves like a card processor's test mode (contract §2). Its answers depend only on the token and the
// idempotency key, so a retried call gets the same answer, as a real processor's idempotency would give.
// `tok_refundFail` authorizes and captures, but every refund of it is refused (Stripe's "refund fails" test card).
const AUTHORIZING = new Set(["tok_visa", "tok_mastercard", "tok_amex", "pm_card_visa", "pm_card_mastercard", "tok_refundFail"]);
const REFUND_FAILS = "pi_sandbox_refundfail_";
const DECLINES: Record<string, string> = {
  tok_chargeDeclined: "CARD_DECLINED",
  tok_insufficient_funds: "INSUFFICIENT_FUNDS",
};

export class SandboxGateway implements PaymentGateway {
  async authorize(req: { idempotencyKey: string; token: string }): Promise<Authorization> {
    const ref = req.token === "tok_refundFail" ? `${REFUND_FAILS}${req.idempotencyKey}` : `pi_sandbox_${req.idempotencyKey}`;
    if (AUTHORIZING.has(req.token)) return { status: "AUTHORIZED", ref };
    // A customer who never finishes the 3-D Secure challenge: the authorization stays pending for good.
    if (req.token === "tok_pending") return { status: "PENDING", ref };
    return { status: "DECLINED", reason: DECLINES[req.token] ?? "CARD_DECLINED", ref };
  }

  async capture(): Promise<GatewayOutcome> {
    return { ok: true };
  }

  async void(): Promise<GatewayOutcome> {
    return { ok: true };
  }

  async refund(req: { ref: string }): Promise<GatewayOutcome> {
    return req.ref.startsWith(REFUND_FAILS) ? { ok: false, reason: "REFUND_FAILED" } : { ok: true };
  }
}
