import { z } from "@hono/zod-openapi";
import { newRouter, respond, route, jsonBody } from "../kernel/http";
import { ApiError } from "../kernel/errors";
import {
  ShippingOptionBody, ShippingOptionParams, ShippingOptionSchema, ShippingOptionsQuery, TaxRateBody, TaxRateParams, TaxRateSchema,
} from "./charge-schemas";
import { createShippingOption, deleteShippingOption, listTaxRates, putTaxRate, shippingOptionsFor } from "./charges-service";

// Shipping options and tax rates live in the shipping context: both are chosen by the shipping country, a cart
// quote needs both for one address (one database, one round trip), and shipping already owns the destination.
export const chargeRoutes = newRouter();

chargeRoutes.openapi(
  route({
    method: "post", path: "/admin/shipping-options", tags: ["Shipping and tax"], summary: "Offer a shipping option (admin)", roles: ["ADMIN"],
    request: { body: jsonBody(ShippingOptionBody) },
    success: { status: 201, schema: ShippingOptionSchema, description: "The option (sop_…); existing orders keep the fee they were charged" },
  }),
  async (c) => respond(c, await createShippingOption(c.env, c.req.valid("json")), 201),
);

chargeRoutes.openapi(
  route({
    method: "get", path: "/shipping-options", tags: ["Shipping and tax"], summary: "Shipping options for a country (public)",
    request: { query: ShippingOptionsQuery },
    success: { status: 200, schema: z.array(ShippingOptionSchema), description: "The options that ship to the country, cheapest first (read from a nearby replica)" },
  }),
  async (c) => respond(c, await shippingOptionsFor(c.env, c.req.valid("query").country), 200),
);

chargeRoutes.openapi(
  route({
    method: "delete", path: "/admin/shipping-options/{id}", tags: ["Shipping and tax"], summary: "Withdraw a shipping option (admin)", roles: ["ADMIN"],
    request: { params: ShippingOptionParams },
    success: { status: 200, schema: z.object({ id: z.string() }), description: "The option is withdrawn; orders that used it keep their snapshot" },
    errors: [404],
  }),
  async (c) => {
    const result = await deleteShippingOption(c.env, c.req.valid("param").id);
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 200);
  },
);

chargeRoutes.openapi(
  route({
    method: "put", path: "/admin/tax-rates/{country}", tags: ["Shipping and tax"], summary: "Set a country's tax rate (admin)", roles: ["ADMIN"],
    request: { params: TaxRateParams, body: jsonBody(TaxRateBody) },
    success: { status: 200, schema: TaxRateSchema, description: "The country's rate; tax is on subtotal − discount + shipping fee, half up, once per cart or order" },
  }),
  async (c) => respond(c, await putTaxRate(c.env, c.req.valid("param").country, c.req.valid("json")), 200),
);

chargeRoutes.openapi(
  route({
    method: "get", path: "/admin/tax-rates", tags: ["Shipping and tax"], summary: "Every tax rate (admin)", roles: ["ADMIN"],
    success: { status: 200, schema: z.array(TaxRateSchema), description: "One rate per country, by country code; a country without one is taxed 0" },
  }),
  async (c) => respond(c, await listTaxRates(c.env), 200),
);
