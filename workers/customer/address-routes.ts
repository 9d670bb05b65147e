import { z } from "@hono/zod-openapi";
import { newRouter, respond, route, jsonBody } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { ApiError } from "../kernel/errors";
import { AddressParams, AddressPatchBody, NewAddressBody, SavedAddressSchema } from "./address-domain";
import { deleteAddress, listAddresses, saveAddress, updateAddress } from "./address-service";

// Saved addresses (contract §6), in the customer context: they are the customer's own data, like the profile.
export const addressRoutes = newRouter();

addressRoutes.openapi(
  route({
    method: "get", path: "/customers/me/addresses", tags: ["Customers"], summary: "My saved addresses", roles: ["CUSTOMER"],
    success: { status: 200, schema: z.array(SavedAddressSchema), description: "At most 20; the default first, then the newest" },
  }),
  async (c) => respond(c, await listAddresses(c.env, principalOf(c).id), 200),
);

addressRoutes.openapi(
  route({
    method: "post", path: "/customers/me/addresses", tags: ["Customers"], summary: "Save an address", roles: ["CUSTOMER"],
    request: { body: jsonBody(NewAddressBody) },
    success: { status: 201, schema: SavedAddressSchema, description: "The saved address (adr_…)" },
    errors: [409],
    rules: [{ status: 409, code: "ADDRESS_LIMIT_REACHED", when: "the customer already has 20 saved addresses" }],
  }),
  async (c) => {
    const result = await saveAddress(c.env, principalOf(c).id, c.req.valid("json"));
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 201);
  },
);

addressRoutes.openapi(
  route({
    method: "patch", path: "/customers/me/addresses/{id}", tags: ["Customers"], summary: "Change a saved address, or make it the default", roles: ["CUSTOMER"],
    request: { params: AddressParams, body: jsonBody(AddressPatchBody) },
    success: { status: 200, schema: SavedAddressSchema, description: "The changed address" },
    errors: [404, 409],
    rules: [
      { status: 404, code: "ADDRESS_NOT_FOUND", when: "no such address among the customer's" },
      { status: 409, code: "ADDRESS_DEFAULT_REQUIRED", when: "isDefault: false on the default address (make another one the default instead)" },
    ],
  }),
  async (c) => {
    const result = await updateAddress(c.env, principalOf(c).id, c.req.valid("param").id, c.req.valid("json"));
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 200);
  },
);

addressRoutes.openapi(
  route({
    method: "delete", path: "/customers/me/addresses/{id}", tags: ["Customers"], summary: "Delete a saved address", roles: ["CUSTOMER"],
    request: { params: AddressParams },
    success: { status: 200, schema: z.array(SavedAddressSchema), description: "The addresses that remain (the newest becomes the default when the default was deleted)" },
    errors: [404],
  }),
  async (c) => {
    const result = await deleteAddress(c.env, principalOf(c).id, c.req.valid("param").id);
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 200);
  },
);
