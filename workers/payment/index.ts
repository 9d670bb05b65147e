// The payment context's public module: what another context may call synchronously (architecture.md, "One Worker,
// contexts as modules"). Everything else in workers/payment is its own.
import type { Runtime } from "../events/outbox-d1";
import { paymentGateway } from "./gateway";
import { guardedGateway } from "./guarded-gateway";
import { reissueRefusedReturnRefund } from "./refund-return";

/**
 * An operator received a RECEIVED return again: the payment context asks the gateway again for the return's refund
 * if it refused it (through the breaker, under the same refund id). The order context calls this from its route;
 * the order object itself never reaches the gateway.
 */
export const reissueReturnRefund = (rt: Runtime, returnId: string): Promise<void> =>
  reissueRefusedReturnRefund(rt, guardedGateway(rt.env, paymentGateway(rt.env)), returnId);
