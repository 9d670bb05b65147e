// One JSON object per line, so `wrangler tail --format json --search <id>` can follow one order or request.
// Never pass request bodies, passwords, hashes or tokens here: callers log ids, not payloads.
import { env } from "cloudflare:workers";
import { currentTrace, parseTraceparent } from "./trace";

export type LogLevel = "debug" | "info" | "warn" | "error";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = (): number => RANK[(env as { LOG_LEVEL?: LogLevel }).LOG_LEVEL ?? "info"] ?? RANK.info;

export interface LogFields {
  requestId?: string;
  correlationId?: string;
  eventId?: string;
  eventType?: string;
  orderId?: string;
  productId?: string;
  customerId?: string;
  context?: string;
  /** The span a line belongs to when it is not the current one (a Durable Object logging for the event it applies). */
  traceparent?: string;
  [key: string]: unknown;
}

const SECRET_KEYS = /pass(word)?|secret|token|authorization|hash|card|cvc|pan/i;

function scrub(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = SECRET_KEYS.test(k) ? "[redacted]" : v;
  }
  return out;
}

/** Test seam: sees every log record, whatever LOG_LEVEL says (tests read the lines of one order's flow). */
export const logListeners = new Set<(record: Record<string, unknown>) => void>();

/** Whether a line of `level` would be written or seen: lets a hot path skip building its fields. */
export const logs = (level: LogLevel): boolean => RANK[level] >= threshold() || logListeners.size > 0;

export function log(level: LogLevel, message: string, fields: LogFields = {}): void {
  if (RANK[level] < threshold() && logListeners.size === 0) return;
  // Every line names its trace and span (W3C trace context), so a log search by trace id follows one flow.
  const { traceparent, ...rest } = fields;
  const trace = parseTraceparent(traceparent) ?? currentTrace();
  const record = { level, message, time: new Date().toISOString(), traceId: trace?.traceId, spanId: trace?.spanId, ...scrub(rest) };
  for (const listener of logListeners) listener(record);
  if (RANK[level] < threshold()) return;
  const line = JSON.stringify(record);
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) return { error: err.message, errorName: err.name, stack: err.stack?.split("\n").slice(0, 5).join(" | ") };
  return { error: String(err) };
}
