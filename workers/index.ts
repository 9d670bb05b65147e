import { buildApp } from "./app";
import { consumeBatch } from "./events/consumer";
import { handlerTable } from "./handlers";
import { sweepD1Outboxes } from "./events/outbox-d1";
import { pruneIdempotencyKeys } from "./kernel/idempotency";
import { pruneEventTables } from "./events/retention";
import { log, errorFields } from "./kernel/logging";
import { deliverDue } from "./notification/dispatch";
import { mailerFor } from "./notification/mailer";
import { consumerObserver } from "./operations/consumer-observer";
import { operationsMaintenance } from "./operations/maintenance";
import { reportError, sendHandedOffErrors } from "./operations/error-reporting";
import { ERROR_REPORTS_QUEUE } from "./operations/error-handoff";
import { paymentGateway } from "./payment/gateway";
import { guardedGateway } from "./payment/guarded-gateway";
import { retryRefunds } from "./payment/refunds";
import { newTrace, withTrace } from "./kernel/trace";
import { inScope, meterEnv, meteredFetch } from "./kernel/meter";

export { InventoryItemObject } from "../durable-objects/inventory-item/inventory-item-object";
export { OrderObject } from "../durable-objects/order/order-object";
export { CartObject } from "../durable-objects/cart/cart-object";
export { EventLogObject } from "../durable-objects/event-log/event-log-object";

const app = buildApp();

export default {
  // The binding meter (workers/kernel/meter.ts) is off outside the budget test: these wrappers then pass through.
  fetch: meteredFetch(app.fetch),

  queue(batch, env, ctx) {
    return inScope(`queue:${batch.queue}`, true, () => queue(batch, meterEnv(env), ctx));
  },

  scheduled(controller, env, ctx) {
    // A cron run is not caused by a request: it is the root of its own trace (its log lines carry that trace id).
    return inScope("scheduled", true, () => withTrace(newTrace(), () => scheduled(controller, meterEnv(env), ctx)));
  },
} satisfies ExportedHandler<Env>;

async function queue(batch: MessageBatch, env: Env, ctx: ExecutionContext): Promise<void> {
  // Not an inbox: the errors Durable Objects handed off, sent to Sentry from here (objects never call outside).
  if (batch.queue === ERROR_REPORTS_QUEUE) return sendHandedOffErrors(batch, env, ctx);
  try {
    await consumeBatch(batch, env, ctx, handlerTable, consumerObserver(env, ctx));
  } catch (err) {
    // consumeBatch handles each message's failure itself; reaching here is a bug in the consumer.
    log("error", "queue batch failed", { queue: batch.queue, ...errorFields(err) });
    reportError(env, ctx, err, { handler: "queue", context: batch.queue });
    throw err;
  }
}

async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  try {
    const sent = await sweepD1Outboxes(env);
    const total = Object.values(sent).reduce((a, b) => a + b, 0);
    if (total) log("info", "outbox sweep sent pending events", { sent, cron: controller.cron });
    ctx.waitUntil(pruneIdempotencyKeys(env));
    // Inbox ids past the redelivery window and sent outbox rows (workers/events/retention.ts).
    ctx.waitUntil(pruneEventTables(env));
    // Notification sends that failed are retried here once their backoff has passed.
    ctx.waitUntil(deliverDue(env, mailerFor(env), { all: true }));
    // Refunds the gateway did not confirm, and return refunds it refused, are asked again with the same idempotency
    // key, through the breaker (an outage opens it and the rest of the sweep fails fast).
    ctx.waitUntil(retryRefunds({ env, waitUntil: (p) => ctx.waitUntil(p) }, guardedGateway(env, paymentGateway(env))).catch((err) => {
      log("error", "refund retry failed", errorFields(err));
      reportError(env, ctx, err, { handler: "scheduled", cron: controller.cron });
    }));
    ctx.waitUntil(operationsMaintenance(env).catch((err) => {
      log("error", "operations maintenance failed", errorFields(err));
      reportError(env, ctx, err, { handler: "scheduled", cron: controller.cron });
    }));
  } catch (err) {
    log("error", "scheduled sweep failed", errorFields(err));
    reportError(env, ctx, err, { handler: "scheduled", cron: controller.cron });
    throw err;
  }
}
