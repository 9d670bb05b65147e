import type { Money } from "../kernel/money";
import { outboundTraceparent } from "../kernel/trace";
import type { Authorization, GatewayOutcome, PaymentGateway } from "./gateway";

interface StripeConfig {
  secretKey: string;
  baseUrl: string;
  fetcher: typeof fetch;
}

interface StripeIntent {
  id?: string;
  status?: string;
  /** On a Refund object: why it failed (`expired_or_canceled_card`, `lost_or_stolen_card`, `unknown`). */
  failure_reason?: string;
  error?: { type?: string; code?: string; decline_code?: string; payment_intent?: { id?: string } };
}

/** Stripe decline codes → our PaymentFailed reasons (UPPER_SNAKE, like every code of the API). */
const upper = (code: string) => code.replace(/[^a-z0-9_]/gi, "_").toUpperCase();

/**
 * Stripe's PaymentIntents API with manual capture, spoken over fetch (form-encoded, as the API expects). Every call
 * sends an Idempotency-Key, so Stripe replays the first answer when a call is retried.
 */
export class StripeGateway implements PaymentGateway {
  constructor(private readonly config: StripeConfig) {}

  async authorize(req: { idempotencyKey: string; amount: Money; token: string; orderId: string }): Promise<Authorization> {
    const form: Record<string, string> = {
      amount: String(req.amount.amount),
      currency: req.amount.currency.toLowerCase(),
      capture_method: "manual",
      confirm: "true",
      "payment_method_types[]": "card",
      "metadata[order_id]": req.orderId,
      "metadata[payment_id]": req.idempotencyKey,
    };
    // A `tok_` is a card token, which Stripe accepts as card data; a `pm_` is a PaymentMethod id.
    if (req.token.startsWith("pm_")) form.payment_method = req.token;
    else {
      form["payment_method_data[type]"] = "card";
      form["payment_method_data[card][token]"] = req.token;
    }
    const { status, body } = await this.call("/v1/payment_intents", form, req.idempotencyKey);
    if (status === 200 && body.id) {
      if (body.status === "requires_capture" || body.status === "succeeded") return { status: "AUTHORIZED", ref: body.id };
      if (body.status === "canceled" || body.status === "requires_payment_method") return { status: "DECLINED", reason: "CARD_DECLINED", ref: body.id };
      return { status: "PENDING", ref: body.id };
    }
    if (status === 402 || body.error?.type === "card_error") {
      const reason = upper(body.error?.decline_code ?? body.error?.code ?? "card_declined");
      return { status: "DECLINED", reason, ref: body.error?.payment_intent?.id ?? null };
    }
    if (status >= 400 && status < 500 && status !== 409 && status !== 429) {
      return { status: "DECLINED", reason: upper(body.error?.code ?? "payment_rejected"), ref: null };
    }
    throw new Error(`stripe authorize: unexpected HTTP ${status}`);
  }

  capture(req: { idempotencyKey: string; ref: string; amount: Money }): Promise<GatewayOutcome> {
    return this.followUp(`/v1/payment_intents/${encodeURIComponent(req.ref)}/capture`, { amount_to_capture: String(req.amount.amount) }, req.idempotencyKey);
  }

  void(req: { idempotencyKey: string; ref: string }): Promise<GatewayOutcome> {
    return this.followUp(`/v1/payment_intents/${encodeURIComponent(req.ref)}/cancel`, { cancellation_reason: "abandoned" }, req.idempotencyKey);
  }

  /**
   * A Refund on the PaymentIntent. Stripe answers 200 with the Refund object: `succeeded` or `pending` (card refunds
   * settle later; Stripe reports a later failure by webhook) are accepted, `failed` and `canceled` are refusals.
   */
  async refund(req: { idempotencyKey: string; ref: string; amount: Money }): Promise<GatewayOutcome> {
    const { status, body } = await this.call("/v1/refunds", { payment_intent: req.ref, amount: String(req.amount.amount) }, req.idempotencyKey);
    if (status === 200 && (body.status === "failed" || body.status === "canceled")) return { ok: false, reason: upper(`refund_${body.failure_reason ?? body.status}`) };
    return this.outcome("/v1/refunds", status, body);
  }

  private async followUp(path: string, form: Record<string, string>, idempotencyKey: string): Promise<GatewayOutcome> {
    const { status, body } = await this.call(path, form, idempotencyKey);
    return this.outcome(path, status, body);
  }

  private outcome(path: string, status: number, body: StripeIntent): GatewayOutcome {
    if (status === 200) return { ok: true };
    if (status >= 400 && status < 500 && status !== 409 && status !== 429) return { ok: false, reason: upper(body.error?.code ?? "request_refused") };
    throw new Error(`stripe ${path}: unexpected HTTP ${status}`);
  }

  private async call(path: string, form: Record<string, string>, idempotencyKey: string): Promise<{ status: number; body: StripeIntent }> {
    const res = await this.config.fetcher(`${this.config.baseUrl.replace(/\/$/, "")}${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${this.config.secretKey}`,
        "content-type": "application/x-www-form-urlencoded",
        "idempotency-key": idempotencyKey,
        // W3C trace context: the call is a span of the order's trace (contract §5).
        traceparent: outboundTraceparent(),
      },
      body: new URLSearchParams(form).toString(),
    });
    const text = await res.text();
    let body: StripeIntent = {};
    try {
      body = text ? (JSON.parse(text) as StripeIntent) : {};
    } catch {
      // a proxy's HTML error page: the status decides what happens
    }
    return { status: res.status, body };
  }
}
