import { z } from "@hono/zod-openapi";
import { exactText } from "../kernel/schema";
import { newRouter, respond, route, PaginationQuery, jsonBody, unwrap } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { ApiError } from "../kernel/errors";
import { requestCause } from "../kernel/cause";
import { replayedOrValue, routeKeptKey } from "../kernel/idempotency";
import { decodeCursor, encodeCursor } from "../kernel/cursor";
import { CancelBody, OrderParams, OrderSchema, OrderSummarySchema, SubmitBody, type OrderView } from "./domain";
import { cancelOrder, getOrder, listCustomerOrders, submitOrder } from "./service";
import { getCustomer } from "../customer/index";

const CustomerParams = z.object({ customerId: exactText(1, 64).openapi({ param: { name: "customerId", in: "path" } }) });

export const orderRoutes = newRouter();

orderRoutes.openapi(
  route({
    method: "post", path: "/orders/{orderId}/submit", tags: ["Orders"], summary: "Submit the order: reserve stock and authorize payment", roles: ["CUSTOMER", "ADMIN"],
    request: { params: OrderParams, body: jsonBody(SubmitBody) },
    success: { status: 202, schema: OrderSchema, description: "PENDING; the outcome (CONFIRMED or CANCELLED) follows asynchronously" }, errors: [404, 409],
    rules: [
      { status: 409, code: "ORDER_INVALID_STATE", when: "the order is not CREATED" },
      { status: 409, code: "PROMOTION_USAGE_LIMIT_REACHED", when: "the order's promotion code has been used up meanwhile (the order stays CREATED)" },
      { status: 409, code: "PROMOTION_NOT_APPLICABLE", when: "the order's promotion no longer applies (the order stays CREATED)" },
    ],
  }),
  async (c) => {
    const result = await submitOrder(c.env, principalOf(c), c.req.valid("param").orderId, c.req.valid("json").paymentMethod, requestCause(c), routeKeptKey(c));
    return respond(c, replayedOrValue(c, result), 202);
  },
);

orderRoutes.openapi(
  route({
    method: "get", path: "/orders/{orderId}", tags: ["Orders"], summary: "An order with its payment, shipment and history", roles: ["CUSTOMER", "ADMIN"],
    request: { params: OrderParams }, success: { status: 200, schema: OrderSchema, description: "The order" }, errors: [404],
  }),
  async (c) => respond(c, unwrap(await getOrder(c.env, principalOf(c), c.req.valid("param").orderId)), 200),
);

orderRoutes.openapi(
  route({
    method: "post", path: "/orders/{orderId}/cancel", tags: ["Orders"], summary: "Cancel before confirmation", roles: ["CUSTOMER", "ADMIN"],
    request: { params: OrderParams, body: { ...jsonBody(CancelBody), required: false } },
    success: { status: 200, schema: OrderSchema, description: "CANCELLED with cancellationReason CUSTOMER_REQUEST" }, errors: [404, 409],
    rules: [
      { status: 409, code: "ORDER_CANNOT_BE_CANCELLED", when: "the order is CONFIRMED or later" },
    ],
  }),
  async (c) => respond(c, replayedOrValue(c, await cancelOrder(c.env, principalOf(c), c.req.valid("param").orderId, requestCause(c), routeKeptKey(c))), 200),
);

orderRoutes.openapi(
  route({
    method: "get", path: "/customers/{customerId}/orders", tags: ["Orders"], summary: "A customer's orders, newest first", roles: ["CUSTOMER", "ADMIN"],
    request: { params: CustomerParams, query: PaginationQuery }, success: { status: 200, schema: z.array(OrderSummarySchema), description: "Order summaries (read model)" }, errors: [404],
    rules: [
      { status: 404, code: "CUSTOMER_NOT_FOUND", when: "no such customer (an admin asking), or another customer's id (a customer asking)" },
    ],
  }),
  async (c) => {
    const principal = principalOf(c);
    const { customerId } = c.req.valid("param");
    if (principal.role !== "ADMIN" && principal.id !== customerId) throw new ApiError("CUSTOMER_NOT_FOUND", "customer not found");
    const q = c.req.valid("query");
    const page = await listCustomerOrders(c.env, customerId, q.limit, decodeCursor(q.cursor));
    // An admin naming a customer who does not exist gets 404, as for any unknown resource. Only an empty first
    // page costs the extra read (the customer context's query), and a customer asking for their own never does.
    if (principal.role === "ADMIN" && page.items.length === 0 && q.cursor === undefined && !(await getCustomer(c.env, customerId))) {
      throw new ApiError("CUSTOMER_NOT_FOUND", "customer not found");
    }
    return respond(c, page.items, 200, { nextCursor: encodeCursor(page.nextCursor) });
  },
);
