import { z } from "@hono/zod-openapi";
import { MoneySchema, PositiveMoneySchema } from "../kernel/money";
import { matching } from "../kernel/schema";
import { CODE_PATTERN } from "./domain";

const Timestamp = z.iso.datetime({ offset: true }).openapi({ example: "2026-01-01T00:00:00Z" });

export const DATES_OUT_OF_ORDER = "PROMOTION_DATES_OUT_OF_ORDER";

const common = {
  code: matching(CODE_PATTERN, "must be 4–20 letters or digits"),
  minimumPurchase: PositiveMoneySchema.optional(),
  usageLimit: z.number().int().min(1).max(100_000_000).optional(),
  perCustomerLimit: z.number().int().min(1).max(100_000_000).optional(),
  startsAt: Timestamp,
  endsAt: Timestamp,
};

/**
 * A discriminated union on `type`, so the document says which `value` each type takes (a PERCENTAGE is a whole
 * number 1–100, a FIXED_AMOUNT is Money above 0) and a client's validator catches the mismatch. The order of
 * the two dates is the one rule JSON Schema cannot state: 400 PROMOTION_DATES_OUT_OF_ORDER, listed on the route.
 */
export const CreatePromotionBody = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("PERCENTAGE"), value: z.number().int().min(1).max(100), ...common }).strict().openapi("CreatePercentagePromotion"),
    z.object({ type: z.literal("FIXED_AMOUNT"), value: PositiveMoneySchema, ...common }).strict().openapi("CreateFixedAmountPromotion"),
  ])
  .superRefine((b, ctx) => {
    if (Date.parse(b.endsAt) <= Date.parse(b.startsAt)) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be after startsAt", params: { code: DATES_OUT_OF_ORDER } });
  })
  .openapi("CreatePromotion");
export type CreatePromotionInput = z.infer<typeof CreatePromotionBody>;

const PromotionValue = z.union([z.number().int(), MoneySchema]);

export const PromotionSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    type: z.enum(["PERCENTAGE", "FIXED_AMOUNT"]),
    value: PromotionValue,
    // A union, not MoneySchema.nullable(): on a registered component that renders as allOf [Money, object|null],
    // which still forbids null, while the response answers null when there is no minimum.
    minimumPurchase: z.union([MoneySchema, z.null()]).openapi({ description: "null when the promotion has no minimum purchase" }),
    usageLimit: z.number().int().nullable(),
    perCustomerLimit: z.number().int().nullable(),
    used: z.number().int(),
    customerId: z.string().nullable(),
    status: z.enum(["ACTIVE", "DISABLED"]),
    startsAt: z.string(),
    endsAt: z.string(),
    createdAt: z.string(),
  })
  .openapi("Promotion");
export type Promotion = z.infer<typeof PromotionSchema>;

export const MyCouponSchema = z
  .object({
    promotionId: z.string(),
    code: z.string(),
    type: z.enum(["PERCENTAGE", "FIXED_AMOUNT"]),
    value: PromotionValue,
    usesLeft: z.number().int().nullable().openapi({ description: "null when unlimited" }),
    endsAt: z.string(),
  })
  .openapi("MyCoupon");
export type MyCoupon = z.infer<typeof MyCouponSchema>;
