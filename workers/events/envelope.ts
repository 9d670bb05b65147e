import { z } from "zod";
import { EventSchemas, type EventData, type EventType, AGGREGATE_OF } from "./catalog";
import { newId } from "../kernel/ids";
import { continueTrace, currentTrace, formatTraceparent, newTrace, parseTraceparent } from "../kernel/trace";

// The envelope on every queue and webhook (contract §4).
export const EnvelopeSchema = z.object({
  eventId: z.string().regex(/^evt_[0-9A-Z]{26}$/),
  eventType: z.enum(Object.keys(EventSchemas) as [EventType, ...EventType[]]),
  eventVersion: z.number().int().min(1),
  occurredOn: z.string(),
  aggregateType: z.string(),
  aggregateId: z.string().min(1),
  aggregateVersion: z.number().int().min(0),
  correlationId: z.string().min(1),
  causationId: z.string().nullable(),
  // W3C trace context of the step that produced the event (contract §5). Optional so that events recorded before
  // tracing existed still parse; a malformed value is dropped rather than failing the event (see parseEnvelope).
  traceparent: z.string().optional(),
  data: z.record(z.string(), z.unknown()),
});

export interface Envelope<T extends EventType = EventType> {
  eventId: string;
  eventType: T;
  eventVersion: number;
  occurredOn: string;
  aggregateType: string;
  aggregateId: string;
  aggregateVersion: number;
  correlationId: string;
  causationId: string | null;
  traceparent?: string;
  data: EventData<T>;
}

export type AnyEnvelope = { [T in EventType]: Envelope<T> }[EventType];

/** Who caused an event: the HTTP request (correlationId = requestId) or the event being handled. */
export interface Causation {
  correlationId: string;
  causationId: string | null;
  /** The span that causes the events; absent → the current span, or a new trace when there is none. */
  traceparent?: string;
}

/**
 * An event caused by an event continues its trace. Inside the consumer the current span already is the handling of
 * `event` (a child of its traceparent); elsewhere (a Durable Object applying it over RPC) a new child span is made.
 */
export function causedBy(event: { eventId: string; correlationId: string; traceparent?: string }): Causation {
  const parent = parseTraceparent(event.traceparent);
  const here = currentTrace();
  const span = here && (!parent || here.traceId === parent.traceId) ? here : continueTrace(event.traceparent);
  return { correlationId: event.correlationId, causationId: event.eventId, traceparent: formatTraceparent(span) };
}

export function makeEvent<T extends EventType>(
  eventType: T,
  aggregateId: string,
  aggregateVersion: number,
  data: EventData<T>,
  cause: Causation,
  opts: { eventId?: string; now?: number } = {},
): Envelope<T> {
  const parsed = EventSchemas[eventType].parse(data) as EventData<T>;
  const now = opts.now ?? Date.now();
  return {
    eventId: opts.eventId ?? newId("evt", now),
    eventType,
    eventVersion: 1,
    occurredOn: new Date(now).toISOString(),
    aggregateType: AGGREGATE_OF[eventType],
    aggregateId,
    aggregateVersion,
    correlationId: cause.correlationId,
    causationId: cause.causationId,
    traceparent: parseTraceparent(cause.traceparent) ? cause.traceparent : formatTraceparent(currentTrace() ?? newTrace()),
    data: parsed,
  };
}

export type ParsedEnvelope = { ok: true; event: AnyEnvelope } | { ok: false; reason: string };

export function parseEnvelope(body: unknown): ParsedEnvelope {
  const env = EnvelopeSchema.safeParse(body);
  if (!env.success) return { ok: false, reason: `envelope: ${env.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}` };
  const data = EventSchemas[env.data.eventType].safeParse(env.data.data);
  if (!data.success) return { ok: false, reason: `data: ${data.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}` };
  const { traceparent, ...rest } = env.data;
  const trace = parseTraceparent(traceparent) ? { traceparent } : {};
  return { ok: true, event: { ...rest, ...trace, data: data.data } as AnyEnvelope };
}
