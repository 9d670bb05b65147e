import { z } from "@hono/zod-openapi";
import { text } from "../kernel/schema";
import { ShippingAddressSchema } from "../cart/domain";

export const MAX_SAVED_ADDRESSES = 20;

const Label = text(1, 50).openapi({ description: "What the customer calls it: Home, Office…" });

/** A saved address is a shipping address (same fields, same limits) with an optional label and the default flag. */
export const NewAddressBody = z
  .object({ label: Label.optional(), ...ShippingAddressSchema.shape, isDefault: z.boolean().optional() })
  .strict()
  .openapi("NewSavedAddress", { description: "The first address saved becomes the default whatever isDefault says; isDefault: true moves the default here" });
export type NewAddressInput = z.infer<typeof NewAddressBody>;

/** `null` clears the label or line2. isDefault: true moves the default here; false is refused on the default (pick another one instead). */
export const AddressPatchBody = z
  .object({
    label: Label.nullable().optional(),
    recipient: ShippingAddressSchema.shape.recipient.optional(),
    line1: ShippingAddressSchema.shape.line1.optional(),
    line2: ShippingAddressSchema.shape.line2.unwrap().nullable().optional(),
    city: ShippingAddressSchema.shape.city.optional(),
    postalCode: ShippingAddressSchema.shape.postalCode.optional(),
    country: ShippingAddressSchema.shape.country.optional(),
    isDefault: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: "at least one field is required" })
  .openapi("SavedAddressPatch");
export type AddressPatchInput = z.infer<typeof AddressPatchBody>;

export const AddressParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "adr_01JD0000000000000000000000" }) });

export const SavedAddressSchema = z
  .object({
    id: z.string(),
    label: z.string().nullable(),
    recipient: z.string(),
    line1: z.string(),
    line2: z.string().nullable(),
    city: z.string(),
    postalCode: z.string(),
    country: z.string(),
    isDefault: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("SavedAddress");
export type SavedAddress = z.infer<typeof SavedAddressSchema>;
