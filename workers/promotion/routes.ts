import { z } from "@hono/zod-openapi";
import { newRouter, respond, route } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { ApiError } from "../kernel/errors";
import { CreatePromotionBody, DATES_OUT_OF_ORDER, MyCouponSchema, PromotionSchema } from "./schemas";
import { createPromotion, listMyCoupons } from "./service";

export const promotionRoutes = newRouter();

promotionRoutes.openapi(
  route({
    method: "post", path: "/promotions", tags: ["Promotions"], summary: "Create a promotion code", roles: ["ADMIN"],
    request: { body: { content: { "application/json": { schema: CreatePromotionBody } }, required: true } },
    success: { status: 201, schema: PromotionSchema, description: "The promotion; its code is stored upper-cased" }, errors: [409],
    rules: [{ status: 400, code: DATES_OUT_OF_ORDER, when: "endsAt is not after startsAt" }, { status: 409, code: "PROMOTION_CODE_EXISTS", when: "the code is taken (case-insensitive)" }],
  }),
  async (c) => {
    const result = await createPromotion(c.env, c.req.valid("json"));
    if (!result.ok) throw ApiError.fromRejection(result);
    return respond(c, result.value, 201);
  },
);

promotionRoutes.openapi(
  route({
    method: "get", path: "/promotions/me", tags: ["Promotions"], summary: "Coupons issued to me (the welcome coupon)", roles: ["CUSTOMER"],
    success: { status: 200, schema: z.array(MyCouponSchema), description: "My personal coupons, newest first, with the uses I have left" },
  }),
  async (c) => respond(c, await listMyCoupons(c.env, principalOf(c).id), 200),
);
