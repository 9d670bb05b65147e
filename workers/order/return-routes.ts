import { z } from "@hono/zod-openapi";
import { OrderParams } from "./domain";
import { newRouter, respond, route, PaginationQuery, jsonBody, unwrap } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { requestCause, runtimeOf } from "../kernel/cause";
import { decodeCursor, encodeCursor } from "../kernel/cursor";
import { listReturns, receiveReturn, rejectReturn, RejectReturnBody, requestReturn, RequestReturnBody, ReturnIdSchema, ReturnSchema, ReturnStatus, type ReturnView } from "./returns";

const ReturnParams = z.object({ id: ReturnIdSchema.openapi({ param: { name: "id", in: "path" } }) });
const RETURN_CURSOR = /^ret_[0-9A-Z]{26}$/;

export const returnRoutes = newRouter();

returnRoutes.openapi(
  route({
    method: "post", path: "/orders/{orderId}/returns", tags: ["Returns"], summary: "Return delivered units (within 7 days of delivery)", roles: ["CUSTOMER", "ADMIN"],
    request: { params: OrderParams, body: jsonBody(RequestReturnBody) },
    success: { status: 201, schema: ReturnSchema, description: "The return, REQUESTED, with the refund its units will get" }, errors: [404, 409],
    rules: [
      { status: 404, code: "ORDER_NOT_FOUND", when: "no such order, or another customer's" },
      { status: 409, code: "RETURN_NOT_ALLOWED", when: "the order is not DELIVERED, or was delivered more than 7 days ago" },
      { status: 409, code: "RETURN_QUANTITY_EXCEEDED", when: "more units of a variant than were delivered less those already returned or requested (or a variant the order does not have)" },
    ],
  }),
  async (c) => respond(c, unwrap(await requestReturn(c.env, principalOf(c), c.req.valid("param").orderId, c.req.valid("json"), requestCause(c))), 201),
);

returnRoutes.openapi(
  route({
    method: "get", path: "/admin/returns", tags: ["Returns"], summary: "Returns, oldest first, optionally of one status (admin)", roles: ["ADMIN"],
    request: { query: PaginationQuery.extend({ status: ReturnStatus.optional() }) },
    success: { status: 200, schema: z.array(ReturnSchema), description: "A page of returns" },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const page = await listReturns(c.env, { status: q.status, limit: q.limit, after: decodeCursor(q.cursor, RETURN_CURSOR) });
    return respond(c, page.items, 200, { nextCursor: encodeCursor(page.nextCursor) });
  },
);

returnRoutes.openapi(
  route({
    method: "post", path: "/admin/returns/{id}/receive", tags: ["Returns"], summary: "The returned units arrived: restock them and refund the return (admin)", roles: ["ADMIN"],
    request: { params: ReturnParams },
    success: {
      status: 200, schema: ReturnSchema,
      description:
        "RECEIVED: each unit goes back on hand (adjustment reason RETURN) and one refund of refundAmount is issued; REFUNDED once it succeeded. A refund the gateway refused is asked again with backoff; receiving a RECEIVED return again issues that same refund again at once (same refund id, so it is refunded at most once). Otherwise receiving again changes nothing",
    },
    errors: [404, 409],
    rules: [
      { status: 404, code: "RETURN_NOT_FOUND", when: "no such return" },
      { status: 409, code: "RETURN_INVALID_STATE", when: "the return was REJECTED" },
    ],
  }),
  async (c) => respond(c, unwrap(await receiveReturn(runtimeOf(c), c.req.valid("param").id, requestCause(c))), 200),
);

returnRoutes.openapi(
  route({
    method: "post", path: "/admin/returns/{id}/reject", tags: ["Returns"], summary: "Reject a requested return (admin)", roles: ["ADMIN"],
    request: { params: ReturnParams, body: jsonBody(RejectReturnBody) },
    success: { status: 200, schema: ReturnSchema, description: "REJECTED; its units can be asked for again" }, errors: [404, 409],
    rules: [
      { status: 404, code: "RETURN_NOT_FOUND", when: "no such return" },
      { status: 409, code: "RETURN_INVALID_STATE", when: "the return is not REQUESTED" },
    ],
  }),
  async (c) => respond(c, unwrap(await rejectReturn(c.env, c.req.valid("param").id, c.req.valid("json").reason, requestCause(c))), 200),
);
