import { newRouter, respond, route } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { ApiError } from "../kernel/errors";
import { requestCause, runtimeOf } from "../kernel/cause";
import { registrationLimit } from "./credentials";
import { CustomerSchema, RegisterCustomerBody, UpdateProfileBody } from "./domain";
import { getCustomer, registerCustomer, updateProfile } from "./service";

export const customerRoutes = newRouter();

customerRoutes.openapi(
  route({
    method: "post", path: "/customers", tags: ["Customers"], summary: "Register a customer",
    middleware: [registrationLimit], request: { body: { content: { "application/json": { schema: RegisterCustomerBody } }, required: true } },
    success: { status: 201, schema: CustomerSchema, description: "The new customer (STANDARD, ACTIVE); CustomerRegistered is published" },
    errors: [409, 429],
    rules: [
      { status: 409, code: "CUSTOMER_EMAIL_EXISTS", when: "an account has this email (case-insensitive)" },
    ],
  }),
  async (c) => {
    const result = await registerCustomer(runtimeOf(c), c.req.valid("json"), requestCause(c));
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 201);
  },
);

customerRoutes.openapi(
  route({
    method: "get", path: "/customers/me", tags: ["Customers"], summary: "My customer profile", roles: ["CUSTOMER"],
    success: { status: 200, schema: CustomerSchema, description: "The signed-in customer" }, errors: [404],
  }),
  async (c) => {
    const customer = await getCustomer(c.env, principalOf(c).id);
    if (!customer) throw new ApiError("CUSTOMER_NOT_FOUND", "customer not found");
    return respond(c, customer, 200);
  },
);

customerRoutes.openapi(
  route({
    method: "patch", path: "/customers/me", tags: ["Customers"], summary: "Change my name or phone", roles: ["CUSTOMER"],
    request: { body: { content: { "application/json": { schema: UpdateProfileBody } }, required: true } },
    success: { status: 200, schema: CustomerSchema, description: "The updated profile; CustomerProfileUpdated is published when something changed" },
    errors: [404, 409],
    rules: [
      { status: 409, code: "CONFLICT", when: "the profile was changed concurrently: read it again and retry" },
    ],
  }),
  async (c) => {
    const result = await updateProfile(runtimeOf(c), principalOf(c).id, c.req.valid("json"), requestCause(c));
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 200);
  },
);
