import { z } from "@hono/zod-openapi";
import { exactText } from "../kernel/schema";
import { newRouter, respond, route, PaginationQuery } from "../kernel/http";
import { decodeCursor, encodeCursor } from "../kernel/cursor";
import { EVENT_TYPES, type EventType } from "../events/catalog";
import { EVENT_CURSOR, listEvents, parseEventCursor } from "./service";
import { metricsRoutes } from "./metrics-routes";
import { deadLetterRoutes } from "./dead-letter-routes";

const RecordedEvent = z
  .object({
    eventId: z.string(), eventType: z.string(), eventVersion: z.number(), occurredOn: z.string(), aggregateType: z.string(),
    aggregateId: z.string(), aggregateVersion: z.number(), correlationId: z.string(), causationId: z.string().nullable(),
    traceparent: z.string().optional().openapi({ description: "W3C trace context of the step that produced the event (absent on events recorded before tracing)" }),
    data: z.record(z.string(), z.unknown()),
    deliveries: z.record(z.string(), z.object({ status: z.string(), attempts: z.number(), lastError: z.string().nullable() })),
  })
  .openapi("RecordedEvent");

export const operationsRoutes = newRouter();

operationsRoutes.openapi(
  route({
    method: "get", path: "/admin/events", tags: ["Operations"], summary: "Recorded domain events, oldest first, with delivery state per subscriber",
    roles: ["ADMIN"],
    request: {
      query: PaginationQuery.extend({
        orderId: exactText(0, 64).optional(),
        aggregateId: exactText(0, 64).optional(),
        type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]).optional(),
      }),
    },
    success: { status: 200, schema: z.array(RecordedEvent), description: "Events with their correlationId and deliveries" },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const page = await listEvents(c.env, { orderId: q.orderId, aggregateId: q.aggregateId, type: q.type, limit: q.limit, after: parseEventCursor(decodeCursor(q.cursor, EVENT_CURSOR)) });
    return respond(c, page.items, 200, { nextCursor: encodeCursor(page.nextCursor) });
  },
);

operationsRoutes.route("/", metricsRoutes);
operationsRoutes.route("/", deadLetterRoutes);
