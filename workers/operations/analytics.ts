import type { DeliveryRecord } from "../events/consumer";

// Workers Analytics Engine: the same points as /admin/metrics, for dashboards over longer ranges (SQL API).
// Layout, so queries can rely on it: index1 = the series ("event" | "http"), blobs and doubles per series below.

function dataset(env: Env): AnalyticsEngineDataset | null {
  return typeof env.METRICS?.writeDataPoint === "function" ? env.METRICS : null;
}

/** blobs: [context, eventType, status]; doubles: [lagMs (-1 if unknown), processingMs, attempts]. */
export function writeEventPoint(env: Env, r: DeliveryRecord): void {
  dataset(env)?.writeDataPoint({ indexes: ["event"], blobs: [r.context, r.eventType, r.status], doubles: [r.lagMs ?? -1, r.processingMs ?? 0, r.attempts] });
}

/** blobs: [method, route, status class]; doubles: [durationMs, status]. */
export function writeHttpPoint(env: Env, method: string, route: string, status: number, ms: number): void {
  dataset(env)?.writeDataPoint({ indexes: ["http"], blobs: [method, route, `${Math.floor(status / 100)}xx`], doubles: [ms, status] });
}
