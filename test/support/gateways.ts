import { SandboxGateway } from "../../workers/payment/sandbox-gateway";
import type { GatewayOutcome, PaymentGateway } from "../../workers/payment/gateway";

/**
 * The sandbox processor with scripted refunds, keeping a ledger as Stripe's idempotency would: money moves at most
 * once per idempotency key, however often (or however concurrently) that key is sent. `answer` decides each call
 * from its key and the call's number (1-based, over every key), so a test can refuse or drop the first calls.
 */
export class LedgerGateway extends SandboxGateway implements PaymentGateway {
  readonly calls: string[] = [];
  readonly refunded = new Map<string, number>();
  constructor(private readonly answer: (key: string, n: number) => GatewayOutcome | "throw" = () => ({ ok: true })) {
    super();
  }
  override async refund(req: { idempotencyKey: string; ref: string; amount: { amount: number } }): Promise<GatewayOutcome> {
    this.calls.push(req.idempotencyKey);
    const a = this.answer(req.idempotencyKey, this.calls.length);
    if (a === "throw") throw new Error("gateway timed out");
    if (a.ok && !this.refunded.has(req.idempotencyKey)) this.refunded.set(req.idempotencyKey, req.amount.amount);
    return a;
  }
  callsFor(key: string): number {
    return this.calls.filter((k) => k === key).length;
  }
  total(): number {
    return [...this.refunded.values()].reduce((x, y) => x + y, 0);
  }
}
