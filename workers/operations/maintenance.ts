import { and, eq, isNotNull, lt } from "drizzle-orm";
import { deadLetters, webhookAttempts, webhookDeliveries } from "../../schema/operations/tables";
import { db } from "../events/outbox-d1";
import { overdueDeliveries } from "../integrations/deliver";
import { catchUpNewWebhooks } from "../integrations/catch-up";
import { log } from "../kernel/logging";
import { pruneHttpMetrics } from "./http-metrics";
import { pruneEventMetrics } from "./event-metrics";

// Succeeded webhook deliveries and their attempts are kept this long for GET /admin/webhooks/{id}/deliveries.
const WEBHOOK_HISTORY_MS = 30 * 86_400_000;
// A replayed dead letter is history (its event went back to its inbox); kept as long, then pruned. One not yet
// replayed is never pruned: it is an event that has not been applied.
export const REPLAYED_DEAD_LETTER_MS = WEBHOOK_HISTORY_MS;

/** Cron work of the operations module: keep its stores bounded, and re-queue webhook retries whose message was lost. */
export async function operationsMaintenance(env: Env, now = Date.now()): Promise<void> {
  const d = db(env.DB_OPERATIONS);
  const cutoff = now - WEBHOOK_HISTORY_MS;
  await Promise.all([
    pruneHttpMetrics(env, now),
    pruneEventMetrics(env, now),
    d.delete(webhookAttempts).where(lt(webhookAttempts.at, cutoff)),
    d.delete(deadLetters).where(and(isNotNull(deadLetters.replayedAt), lt(deadLetters.replayedAt, now - REPLAYED_DEAD_LETTER_MS))),
    d.delete(webhookDeliveries).where(and(eq(webhookDeliveries.status, "SUCCEEDED"), lt(webhookDeliveries.updatedAt, cutoff))),
  ]);
  await catchUpNewWebhooks(env, now);
  const overdue = await overdueDeliveries(env, now);
  if (overdue.length) {
    await env.Q_INTEGRATIONS.sendBatch(overdue.map((body) => ({ body: JSON.parse(body) as unknown, contentType: "json" as const })));
    log("warn", "re-queued overdue webhook deliveries", { count: overdue.length });
  }
}
