import { z } from "@hono/zod-openapi";
import { MoneySchema } from "../kernel/money";
import { CODE_PATTERN } from "./domain";

const Timestamp = z.iso.datetime({ offset: true }).openapi({ example: "2026-01-01T00:00:00Z" });
const PositiveMoney = MoneySchema.refine((m) => m.amount > 0, { message: "amount must be greater than 0" });

/**
 * One flat object (not a discriminated union) so every field error of a bad request is reported together; the
 * rules that tie `value` to `type` and `endsAt` to `startsAt` are checked after the fields.
 */
export const CreatePromotionBody = z
  .object({
    code: z.string().trim().regex(CODE_PATTERN, "4–20 letters or digits"),
    type: z.enum(["PERCENTAGE", "FIXED_AMOUNT"]),
    value: z.union([z.number().int(), MoneySchema]).openapi({ description: "1–100 for PERCENTAGE; Money for FIXED_AMOUNT" }),
    minimumPurchase: PositiveMoney.optional(),
    usageLimit: z.number().int().min(1).max(100_000_000).optional(),
    perCustomerLimit: z.number().int().min(1).max(100_000_000).optional(),
    startsAt: Timestamp,
    endsAt: Timestamp,
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.type === "PERCENTAGE" && (typeof b.value !== "number" || b.value < 1 || b.value > 100)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "a PERCENTAGE value is a whole number from 1 to 100" });
    }
    if (b.type === "FIXED_AMOUNT" && (typeof b.value === "number" || b.value.amount <= 0)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "a FIXED_AMOUNT value is Money with an amount above 0" });
    }
    if (Date.parse(b.endsAt) <= Date.parse(b.startsAt)) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "endsAt must be after startsAt" });
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
