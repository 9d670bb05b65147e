import { buildApp } from "./app";
import { consumeBatch } from "./events/consumer";
import { handlerTable } from "./handlers";
import { sweepD1Outboxes } from "./events/outbox-d1";
import { pruneIdempotencyKeys } from "./kernel/idempotency";
import { log, errorFields } from "./kernel/logging";
import { deliverDue } from "./notification/dispatch";
import { mailerFor } from "./notification/mailer";

export { InventoryItemObject } from "../durable-objects/inventory-item/inventory-item-object";
export { OrderObject } from "../durable-objects/order/order-object";

const app = buildApp();

export default {
  fetch: app.fetch,

  async queue(batch, env, ctx) {
    await consumeBatch(batch, env, ctx, handlerTable);
  },

  async scheduled(controller, env, ctx) {
    try {
      const sent = await sweepD1Outboxes(env);
      const total = Object.values(sent).reduce((a, b) => a + b, 0);
      if (total) log("info", "outbox sweep sent pending events", { sent, cron: controller.cron });
      ctx.waitUntil(pruneIdempotencyKeys(env));
      // Notification sends that failed are retried here once their backoff has passed.
      ctx.waitUntil(deliverDue(env, mailerFor(env), { all: true }));
    } catch (err) {
      log("error", "scheduled sweep failed", errorFields(err));
      throw err;
    }
  },
} satisfies ExportedHandler<Env>;
