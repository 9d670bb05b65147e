import { z } from "@hono/zod-openapi";
import { exactText } from "../kernel/schema";
import { newRouter, respond, route } from "../kernel/http";
import { ApiError } from "../kernel/errors";
import { requestCause, runtimeOf } from "../kernel/cause";
import { registrationLimit } from "../customer/index";
import { PublicSellerSchema, RegisterSellerBody, SellerSchema } from "./domain";
import { getPublicSeller, registerSeller } from "./service";

const SellerParams = z.object({ id: exactText(1, 64).openapi({ param: { name: "id", in: "path" } }) });

export const sellerRoutes = newRouter();

sellerRoutes.openapi(
  route({
    method: "post", path: "/sellers", tags: ["Sellers"], summary: "Register a seller (logs in at /auth/login)",
    middleware: [registrationLimit], request: { body: { content: { "application/json": { schema: RegisterSellerBody } }, required: true } },
    success: { status: 201, schema: SellerSchema, description: "The new seller; SellerRegistered is published" }, errors: [409, 429],
    rules: [
      { status: 409, code: "SELLER_EMAIL_EXISTS", when: "an account has this email (case-insensitive)" },
    ],
  }),
  async (c) => {
    const result = await registerSeller(runtimeOf(c), c.req.valid("json"), requestCause(c));
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 201);
  },
);

sellerRoutes.openapi(
  route({
    method: "get", path: "/sellers/{id}", tags: ["Sellers"], summary: "Public seller profile", request: { params: SellerParams },
    success: { status: 200, schema: PublicSellerSchema, description: "Name and status (the email stays private)" }, errors: [404],
  }),
  async (c) => {
    const seller = await getPublicSeller(c.env, c.req.valid("param").id);
    if (!seller) throw new ApiError("SELLER_NOT_FOUND", "seller not found");
    return respond(c, seller, 200);
  },
);
