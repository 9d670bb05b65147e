import { z } from "@hono/zod-openapi";
import { newRouter, respond, route, PaginationQuery } from "../kernel/http";
import { ApiError } from "../kernel/errors";
import { decodeCursor, encodeCursor } from "../kernel/cursor";
import { EVENT_TYPES, type EventType } from "../events/catalog";
import { createWebhook, enableWebhook, getWebhook, listDeliveryAttempts, replayDelivery } from "./service";

// An absolute http(s) URL the platform's URL parser accepts: a domain whose last label starts with a letter (a
// numeric one would be parsed as an IPv4 address) or a dotted IPv4 address, an optional port up to 65535, then
// any visible ASCII. Whether the scheme and host are allowed here is the url policy's rule (WEBHOOK_URL_NOT_ALLOWED).
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
const PORT = "(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})";
const WEBHOOK_URL = new RegExp(
  `^[Hh][Tt][Tt][Pp][Ss]?://(?:(?:${LABEL}\\.)*[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?|${OCTET}(?:\\.${OCTET}){3})(?::${PORT})?(?:[/?#][!-~]*)?$`,
);

const WebhookBody = z
  .object({
    url: z
      .string()
      .max(2048, "must be at most 2048 characters long")
      .regex(WEBHOOK_URL, "must be an absolute http or https URL such as https://example.com/hooks")
      .openapi({ maxLength: 2048, pattern: WEBHOOK_URL.source, example: "https://example.com/hooks" }),
    eventTypes: z.array(z.enum(EVENT_TYPES as [EventType, ...EventType[]])).min(1).max(EVENT_TYPES.length),
  })
  .strict()
  .openapi("CreateWebhook");

const CreatedWebhookSchema = z
  .object({ id: z.string(), url: z.string(), eventTypes: z.array(z.string()), secret: z.string().openapi({ example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }), createdAt: z.string() })
  .openapi("Webhook");

const WebhookStateSchema = z
  .object({
    id: z.string(), url: z.string(), eventTypes: z.array(z.string()),
    status: z.enum(["ACTIVE", "DISABLED"]).openapi({ description: "DISABLED after every attempt failed for 3 days; its deliveries are kept (PENDING) and none is sent until it is enabled" }),
    failingSince: z.string().nullable().openapi({ description: "Start of the current run of failed attempts; null after a success" }),
    disabledAt: z.string().nullable(), createdAt: z.string(),
  })
  .openapi("WebhookState");

const AttemptSchema = z
  .object({
    id: z.string().openapi({ description: "The delivery id (one per webhook and event); replay takes it" }),
    eventId: z.string(), eventType: z.string(), attempt: z.number().int(),
    status: z.enum(["SUCCEEDED", "FAILED", "PENDING", "DEAD"]), responseStatus: z.number().int().nullable(), error: z.string().nullable(), at: z.string(),
  })
  .openapi("WebhookDeliveryAttempt");

const WebhookParams = z.object({ id: z.string().regex(/^whk_[0-9A-Z]{26}$/, "a webhook id (whk_…)").openapi({ param: { name: "id", in: "path" } }) });
const DeliveryParams = WebhookParams.extend({ deliveryId: z.string().regex(/^dlv_[0-9A-Z]{26}$/, "a delivery id (dlv_…)").openapi({ param: { name: "deliveryId", in: "path" } }) });

export const integrationsRoutes = newRouter();

integrationsRoutes.openapi(
  route({
    method: "post", path: "/admin/webhooks", tags: ["Operations"], roles: ["ADMIN"],
    summary: "Subscribe a URL to event types; deliveries are signed with Standard Webhooks headers",
    request: { body: { content: { "application/json": { schema: WebhookBody } }, required: true } },
    success: { status: 201, schema: CreatedWebhookSchema, description: "The webhook with its signing secret (shown once)" },
    rules: [
      { status: 400, code: "WEBHOOK_URL_NOT_ALLOWED", when: "deployed, the url must use https and must not point at a private, loopback or link-local address" },
    ],
  }),
  async (c) => {
    const created = await createWebhook(c.env, c.req.valid("json"), c.get("requestId"));
    if (!created.ok) throw ApiError.fromRejection(created);
    return respond(c, created.value, 201);
  },
);

integrationsRoutes.openapi(
  route({
    method: "get", path: "/admin/webhooks/{id}/deliveries", tags: ["Operations"], roles: ["ADMIN"],
    summary: "Every delivery attempt of a webhook, oldest first, then the retries still scheduled",
    request: { params: WebhookParams, query: PaginationQuery.extend({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
    success: { status: 200, schema: z.array(AttemptSchema), description: "Attempts" }, errors: [404],
  }),
  async (c) => {
    const q = c.req.valid("query");
    const after = decodeCursor(q.cursor, /^\d{1,15}$/);
    const page = await listDeliveryAttempts(c.env, c.req.valid("param").id, { limit: q.limit, afterSeq: after === undefined ? undefined : Number(after) });
    if (!page) throw new ApiError("WEBHOOK_NOT_FOUND", "webhook not found");
    return respond(c, page.items, 200, { nextCursor: encodeCursor(page.nextSeq === null ? null : String(page.nextSeq)) });
  },
);

integrationsRoutes.openapi(
  route({
    method: "post", path: "/admin/webhooks/{id}/deliveries/{deliveryId}/replay", tags: ["Operations"], roles: ["ADMIN"],
    summary: "Replay a DEAD delivery: it gets the whole retry schedule again",
    request: { params: DeliveryParams },
    success: { status: 202, schema: z.object({ id: z.string(), eventId: z.string(), status: z.literal("PENDING") }), description: "Queued for delivery" },
    errors: [404, 409],
    rules: [
      { status: 409, code: "WEBHOOK_DELIVERY_NOT_DEAD", when: "only a DEAD delivery can be replayed" },
    ],
  }),
  async (c) => {
    const { id, deliveryId } = c.req.valid("param");
    const replayed = await replayDelivery(c.env, id, deliveryId, c.get("requestId"));
    if (!replayed.ok) throw ApiError.fromRejection(replayed);
    return respond(c, replayed.value, 202);
  },
);

integrationsRoutes.openapi(
  route({
    method: "get", path: "/admin/webhooks/{id}", tags: ["Operations"], roles: ["ADMIN"],
    summary: "A webhook's subscription and health: ACTIVE, or DISABLED after failing for 3 days",
    request: { params: WebhookParams },
    success: { status: 200, schema: WebhookStateSchema, description: "The webhook (without its secret)" }, errors: [404],
  }),
  async (c) => {
    const hook = await getWebhook(c.env, c.req.valid("param").id);
    if (!hook.ok) throw ApiError.fromRejection(hook);
    return respond(c, hook.value, 200);
  },
);

integrationsRoutes.openapi(
  route({
    method: "post", path: "/admin/webhooks/{id}/enable", tags: ["Operations"], roles: ["ADMIN"],
    summary: "Resume a webhook: ACTIVE again, and every PENDING delivery is sent (each once)",
    request: { params: WebhookParams },
    success: {
      status: 200,
      schema: WebhookStateSchema.extend({ pending: z.number().int().openapi({ description: "PENDING deliveries queued for sending" }) }).openapi("EnabledWebhook"),
      description: "The webhook, ACTIVE",
    },
    errors: [404],
  }),
  async (c) => {
    const enabled = await enableWebhook(c.env, c.req.valid("param").id, c.get("requestId"));
    if (!enabled.ok) throw ApiError.fromRejection(enabled);
    return respond(c, enabled.value, 200);
  },
);
