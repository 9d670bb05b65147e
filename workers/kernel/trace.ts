// W3C Trace Context (https://www.w3.org/TR/trace-context/): `traceparent: 00-<32 hex trace id>-<16 hex span id>-<flags>`.
// One trace follows an order's flow: the request that starts it, every event it causes (envelope field
// `traceparent`), every queue hop (each handling is a new span of the same trace) and every outbound call.
// The current span is kept in AsyncLocalStorage, so every log line written while handling a request or a message
// carries traceId and spanId without each caller passing them.
import { AsyncLocalStorage } from "node:async_hooks";

export interface TraceContext {
  traceId: string;
  spanId: string;
  /** Trace flags as two hex digits ("01" = sampled). */
  flags: string;
}

// Version 00 has exactly four fields; a later version may append fields after the flags (spec §3.2.4.2: parse the
// first four). Version ff is invalid; all-zero trace and span ids are invalid.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** The trace context of a header value, or null for anything malformed (the caller then starts a new trace). */
export function parseTraceparent(value: string | null | undefined): TraceContext | null {
  if (typeof value !== "string" || value.length > 512) return null;
  const m = TRACEPARENT.exec(value.trim());
  if (!m) return null;
  const [, version, traceId, spanId, flags, rest] = m as unknown as [string, string, string, string, string, string | undefined];
  if (version === "ff" || (version === "00" && rest !== undefined)) return null;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return null;
  return { traceId, spanId, flags };
}

export const formatTraceparent = (t: TraceContext): string => `00-${t.traceId}-${t.spanId}-${t.flags}`;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function randomHex(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let out = "";
  let zero = true;
  for (const b of buf) {
    out += HEX[b]!;
    if (b !== 0) zero = false;
  }
  // A random id of all zeros is invalid; its odds are 2^-64 at worst, but it costs nothing to exclude.
  return zero ? `${out.slice(0, -2)}01` : out;
}

/**
 * A span whose ids are drawn when first read, not when the request starts: most requests (a health check, a cache
 * hit with logging at "warn") never read them, and drawing them was a measurable share of /health's time (bench
 * profile, 2026-12-03). The getters are own enumerable properties, so a copy, JSON or structured clone of the
 * context carries the ids (drawn at that moment), and each id, once read, stays the same.
 */
function lazySpan(traceId: string | null, flags: string): TraceContext {
  let trace = traceId;
  let span: string | null = null;
  return {
    get traceId() {
      return (trace ??= randomHex(16));
    },
    get spanId() {
      return (span ??= randomHex(8));
    },
    flags,
  };
}

/** A new trace, sampled: the system starts one when a request carries none (or a malformed one). */
export const newTrace = (): TraceContext => lazySpan(null, "01");

/** A new span of the same trace: a handling step or an outbound call caused by `parent`. */
export const childSpan = (parent: TraceContext): TraceContext => lazySpan(parent.traceId, parent.flags);

/** The span continuing a traceparent string (from an envelope or a header); a new trace when it is absent or bad. */
export function continueTrace(traceparent: string | null | undefined): TraceContext {
  const parent = parseTraceparent(traceparent);
  return parent ? childSpan(parent) : newTrace();
}

const current = new AsyncLocalStorage<TraceContext>();

/** Runs `fn` with `trace` as the current span (for its log lines, events and outbound calls). */
export const withTrace = <T>(trace: TraceContext, fn: () => T): T => current.run(trace, fn);

export const currentTrace = (): TraceContext | undefined => current.getStore();

/** The `traceparent` header for an outbound call made now: a child span of the current one (or a new trace). */
export function outboundTraceparent(): string {
  const t = currentTrace();
  return formatTraceparent(t ? childSpan(t) : newTrace());
}
