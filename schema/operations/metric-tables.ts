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
