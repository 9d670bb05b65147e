import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";

/**
 * HTTP request aggregates: each isolate flushes what it counted (per minute, route and status) as new rows, so
 * isolates never contend on one row. The cron prunes rows past the retention window; reads merge the rows.
 * `histogram` is a JSON array of counts per duration bucket (see workers/operations/histogram.ts).
 */
export const httpMetrics = sqliteTable(
  "http_metrics",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    minute: integer("minute").notNull(),
    method: text("method").notNull(),
    route: text("route").notNull(),
    status: integer("status").notNull(),
    count: integer("count").notNull(),
    totalMs: integer("total_ms").notNull(),
    histogram: text("histogram").notNull(),
  },
  (t) => [index("http_metrics_minute").on(t.minute)],
);

/**
 * Event delivery aggregates, the same shape of rollup: per minute and consuming context, what this isolate saw
 * (outcomes, failed attempts, lag and processing histograms), flushed every few seconds. Analytics Engine gets every
 * outcome as a data point when bound (production); this small rollup answers GET /admin/metrics everywhere.
 */
export const eventMetrics = sqliteTable(
  "event_metrics",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    minute: integer("minute").notNull(),
    context: text("context").notNull(),
    handled: integer("handled").notNull(),
    failed: integer("failed").notNull(),
    lastHandledAt: integer("last_handled_at").notNull(),
    lagHistogram: text("lag_histogram").notNull(),
    processingHistogram: text("processing_histogram").notNull(),
  },
  (t) => [index("event_metrics_minute").on(t.minute)],
);
