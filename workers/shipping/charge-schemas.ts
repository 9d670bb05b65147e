import { z } from "@hono/zod-openapi";
import { MAX_AMOUNT, MoneySchema } from "../kernel/money";
import { text } from "../kernel/schema";
import { MAX_RATE_BASIS_POINTS } from "../kernel/totals";

// Shipping options and tax rates (contract §6): what an order is charged on top of its goods, by shipping country.

export const CountryCode = z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2 country code (two capital letters)");

const PositiveMoney = z
  .object({ amount: z.number().int().min(1).max(MAX_AMOUNT), currency: z.literal("USD") })
  .strict()
  .openapi("PositiveMoney", { description: "A positive amount in minor units" });

export const ShippingOptionBody = z
  .object({
    name: text(2, 100),
    countries: z.array(CountryCode).min(1).max(250)
      .refine((cs) => new Set(cs).size === cs.length, { message: "each country at most once" }),
    amount: MoneySchema.openapi({ description: "The fee per order; 0 for a free option" }),
    freeOver: PositiveMoney.optional().openapi({ description: "The fee is waived once subtotal − discount reaches this amount" }),
  })
  .strict()
  .openapi("NewShippingOption");
export type ShippingOptionInput = z.infer<typeof ShippingOptionBody>;

export const ShippingOptionSchema = z
  .object({ id: z.string(), name: z.string(), countries: z.array(z.string()), amount: MoneySchema, freeOver: z.union([MoneySchema, z.null()]).openapi({ description: "Free once subtotal − discount reaches it; null: never free" }), createdAt: z.string() })
  .openapi("ShippingOption");
export type ShippingOption = z.infer<typeof ShippingOptionSchema>;

export const ShippingOptionsQuery = z.object({ country: CountryCode.openapi({ param: { name: "country", in: "query" }, example: "GB" }) });
export const ShippingOptionParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "sop_01JD0000000000000000000000" }) });

export const TaxRateBody = z
  .object({
    rateBasisPoints: z.number().int().min(0).max(MAX_RATE_BASIS_POINTS).openapi({ description: "1 basis point = 0.01 %; 2000 = 20 %" }),
    inclusive: z.boolean().openapi({ description: "true: prices include the tax (it is reported, the total is unchanged); false: it is added to the total" }),
  })
  .strict()
  .openapi("TaxRateInput");
export type TaxRateInput = z.infer<typeof TaxRateBody>;

export const TaxRateParams = z.object({ country: CountryCode.openapi({ param: { name: "country", in: "path" }, example: "GB" }) });

export const TaxRateSchema = z
  .object({ country: z.string(), rateBasisPoints: z.number().int(), inclusive: z.boolean(), updatedAt: z.string() })
  .openapi("TaxRate");
export type TaxRateView = z.infer<typeof TaxRateSchema>;
