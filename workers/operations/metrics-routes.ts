import { z } from "@hono/zod-openapi";
import { newRouter, respond, route } from "../kernel/http";
import { computeMetrics, WINDOW_MINUTES } from "./metrics";
import { breakerSnapshots } from "../kernel/breaker";

const Percentiles = z.object({ p50: z.number().nullable(), p99: z.number().nullable() });
const ContextMetricsSchema = z
  .object({
    eventLagMs: Percentiles.openapi({ description: "handled time − occurredOn" }),
    processingMs: Percentiles,
    errorRate: z.number().openapi({ description: "failed handler attempts / all attempts in the window" }),
    throughputPerMin: z.number().openapi({ description: "events handled in the last 60 seconds" }),
    outboxPending: z.number().nullable().openapi({ description: "unsent rows in the context's D1 outbox (null: no D1 outbox)" }),
    deadLettered: z.number().openapi({ description: "dead letters not yet replayed" }),
    handled: z.number(), failedAttempts: z.number(), retrying: z.number(),
  })
  .openapi("ContextMetrics");
const MetricsSchema = z
  .object({
    window: z.object({ minutes: z.number(), since: z.string() }),
    contexts: z.record(z.string(), ContextMetricsSchema),
    totals: ContextMetricsSchema,
    http: z.object({
      requests: z.number(), byStatus: z.record(z.string(), z.number()), errorRate: z.number(), clientErrorRate: z.number(),
      durationMs: Percentiles.extend({ avg: z.number().nullable() }), throughputPerMin: z.number().openapi({ description: "average over the window" }),
    }),
    productCache: z.object({ hits: z.number(), misses: z.number(), hitRatio: z.number().nullable() }).nullable(),
    lastHour: z.object({
      minutes: z.number().int(),
      contexts: z.record(z.string(), z.array(z.object({
        minute: z.string().openapi({ description: "start of the minute (ISO 8601)" }),
        handled: z.number().int(), failed: z.number().int(), eventLagMs: Percentiles,
      }))),
    }).openapi({ description: "Per context, one point per minute of the last hour in which an event was handled or failed (oldest first): what the operator page's charts draw on first open" }),
    breakers: z.record(z.string(), z.object({
      state: z.enum(["CLOSED", "OPEN", "HALF_OPEN"]), since: z.string(), failures: z.number().int(),
    })).openapi({ description: "Circuit breaker per outbound dependency (payment-gateway, mailer, webhook:<id>) as this isolate sees it; a dependency appears once it has been called" }),
  })
  .openapi("Metrics");

export const metricsRoutes = newRouter();

metricsRoutes.openapi(
  route({
    method: "get", path: "/admin/metrics", tags: ["Operations"], roles: ["ADMIN"],
    summary: `Event lag, processing time, error rate, throughput, outbox and dead letters per context; request metrics (last ${WINDOW_MINUTES} min)`,
    success: { status: 200, schema: MetricsSchema, description: "Metrics over the rolling window" },
  }),
  async (c) => respond(c, { ...(await computeMetrics(c.env)), breakers: breakerSnapshots() }, 200),
);
