import { z } from "@hono/zod-openapi";
import { exactText } from "../kernel/schema";
import { newRouter, respond, route } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { ApiError } from "../kernel/errors";
import { requestCause, runtimeOf } from "../kernel/cause";
import { getShipment } from "./shipment-queries";
import { recordShipmentEvent } from "./shipment-service";

const Status = z.enum(["PENDING", "IN_TRANSIT", "DELIVERED", "DELIVERY_FAILED"]);
const ShipmentSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    carrier: z.string(),
    trackingNumber: z.string(),
    status: Status,
    deliveryAttempts: z.number().int().openapi({ description: "Times the parcel went out for delivery (at most 3)" }),
    history: z.array(z.object({ status: Status, at: z.string() })),
  })
  .openapi("Shipment");

const ShipmentEventBody = z
  .object({ status: z.enum(["IN_TRANSIT", "DELIVERED", "DELIVERY_FAILED"]) })
  .strict()
  .openapi("ShipmentEvent", { description: "PENDING → IN_TRANSIT → DELIVERED; DELIVERY_FAILED → IN_TRANSIT again, at most 3 attempts" });

const ShipmentParams = z.object({ id: exactText(1, 64).openapi({ param: { name: "id", in: "path" } }) });

export const shippingRoutes = newRouter();

shippingRoutes.openapi(
  route({
    method: "get", path: "/shipments/{id}", tags: ["Shipments"], summary: "A shipment with its history (its customer or an admin)",
    roles: "any", request: { params: ShipmentParams },
    success: { status: 200, schema: ShipmentSchema, description: "The shipment" }, errors: [404],
  }),
  async (c) => {
    const result = await getShipment(c.env, principalOf(c), c.req.valid("param").id);
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 200);
  },
);

shippingRoutes.openapi(
  route({
    method: "post", path: "/shipments/{id}/events", tags: ["Shipments"], summary: "Record a carrier event (admin)",
    roles: ["ADMIN"], request: { params: ShipmentParams, body: { content: { "application/json": { schema: ShipmentEventBody } }, required: true } },
    success: { status: 200, schema: ShipmentSchema, description: "The shipment after the event; IN_TRANSIT publishes ShipmentDispatched, DELIVERED ShipmentDelivered" },
    errors: [404, 409],
    rules: [
      { status: 409, code: "SHIPMENT_INVALID_TRANSITION", when: "the shipment cannot move to that status from where it is" },
    ],
  }),
  async (c) => {
    const result = await recordShipmentEvent(runtimeOf(c), c.req.valid("param").id, c.req.valid("json").status, requestCause(c));
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 200);
  },
);
