import type { ConsumerObserver } from "../events/consumer";
import { writeEventPoint } from "./analytics";
import { countOutcome, flushEventMetricsSoon } from "./event-metrics";
import { reportError } from "./error-reporting";

/** What operations hooks into the queue consumer: an Analytics Engine point and a rollup count per outcome, Sentry on failures. */
export function consumerObserver(env: Env, ctx: ExecutionContext): ConsumerObserver {
  return {
    outcome: (record) => {
      writeEventPoint(env, record);
      countOutcome(record);
      flushEventMetricsSoon(env, (p) => ctx.waitUntil(p));
    },
    firstFailure: (err, fields) =>
      reportError(env, ctx, err, {
        handler: "queue",
        context: fields.context, eventId: fields.eventId, eventType: fields.eventType, correlationId: fields.correlationId,
        orderId: fields.orderId, productId: fields.productId,
      }),
  };
}
