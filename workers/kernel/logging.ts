// One JSON object per line, so `wrangler tail --format json --search <id>` can follow one order or request.
// Never pass request bodies, passwords, hashes or tokens here: callers log ids, not payloads.
import { env } from "cloudflare:workers";

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

export function log(level: LogLevel, message: string, fields: LogFields = {}): void {
  if (RANK[level] < threshold()) return;
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...scrub(fields) });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) return { error: err.message, errorName: err.name, stack: err.stack?.split("\n").slice(0, 5).join(" | ") };
  return { error: String(err) };
}
