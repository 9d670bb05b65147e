import { z } from "@hono/zod-openapi";
import { OrderParams } from "./domain";
import { newRouter, respond, route } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { ApiError } from "../kernel/errors";
import { requireUpgrade, upgraded, webSocketRoute } from "../kernel/websocket-route";
import { orderStub } from "./stub";
import { LIVE_TICKET_TTL_MS, newNonce, readTicket, signTicket } from "./live-ticket";
import type { LiveClaims } from "../../durable-objects/order/live-sockets";

const LiveTicketSchema = z.object({ ticket: z.string(), expiresAt: z.string() }).openapi("LiveTicket");
const LiveQuery = z.object({ ticket: z.string().max(400).optional().openapi({ description: "From POST /orders/{orderId}/live-tickets: single use, 60 s" }) });

const invalidTicket = () => new ApiError("LIVE_TICKET_INVALID", "the live ticket is missing, invalid, already used or expired; ask for a new one");

export const orderLiveRoutes = newRouter();

orderLiveRoutes.openapi(
  route({
    method: "post", path: "/orders/{orderId}/live-tickets", tags: ["Orders"], summary: "A single-use ticket (60 s) to open the order's live status stream", roles: ["CUSTOMER", "ADMIN"],
    request: { params: OrderParams },
    success: { status: 201, schema: LiveTicketSchema, description: "Pass it as ?ticket= to GET /orders/{orderId}/live" }, errors: [404],
  }),
  async (c) => {
    const principal = principalOf(c);
    const { orderId } = c.req.valid("param");
    const nonce = newNonce();
    const issued = await orderStub(c.env, orderId).issueLiveTicket(principal.id, principal.role === "ADMIN", nonce, LIVE_TICKET_TTL_MS);
    if (!issued.ok) throw new ApiError("ORDER_NOT_FOUND", "order not found");
    const ticket = await signTicket(c.env, { orderId, principal, nonce });
    return respond(c, { ticket, expiresAt: new Date(issued.expiresAt).toISOString() }, 201);
  },
);

orderLiveRoutes.openapi(
  webSocketRoute({
    path: "/orders/{orderId}/live", tags: ["Orders"], summary: "Live order status (WebSocket)",
    description: 'On connect the current state, then one message per status change: {"type":"order","orderId","status","version","at","reason"}; `version` increases. Closed with 1000 after DELIVERED or CANCELLED.',
    request: { params: OrderParams, query: LiveQuery }, errors: [401, 404],
  }),
  async (c) => {
    requireUpgrade(c.req.raw);
    const { orderId } = c.req.valid("param");
    const read = await readTicket(c.env, c.req.valid("query").ticket);
    if (!read) throw invalidTicket();
    const claims: LiveClaims = { orderId: read.orderId, principalId: read.principal.id, admin: read.principal.role === "ADMIN", nonce: read.nonce };
    const res = await orderStub(c.env, orderId).fetch("https://order/live", { headers: { upgrade: "websocket", "x-live-claims": JSON.stringify(claims) } });
    if (res.status === 404) throw new ApiError("ORDER_NOT_FOUND", "order not found");
    if (res.status !== 101) throw invalidTicket();
    return upgraded(res);
  },
);
