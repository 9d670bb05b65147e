import { z } from "@hono/zod-openapi";
import { EmailSchema, PasswordSchema, PersonNameSchema, PhoneSchema } from "./credentials";
import { patch } from "../kernel/schema";

export const RegisterCustomerBody = z
  .object({ name: PersonNameSchema, email: EmailSchema, password: PasswordSchema, phone: PhoneSchema.optional() })
  .strict()
  .openapi("RegisterCustomer");
export type RegisterCustomerInput = z.infer<typeof RegisterCustomerBody>;

/** `phone: null` clears the number; an absent field is left as it is. */
export const UpdateProfileBody = patch({ name: PersonNameSchema.optional(), phone: PhoneSchema.nullable().optional() }).openapi("UpdateCustomerProfile");
export type UpdateProfileInput = z.infer<typeof UpdateProfileBody>;

export const CustomerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    membershipLevel: z.enum(["STANDARD", "SILVER", "GOLD"]),
    status: z.enum(["ACTIVE", "SUSPENDED"]),
    createdAt: z.string(),
  })
  .openapi("Customer");
export type Customer = z.infer<typeof CustomerSchema>;

/** The fields a PATCH really changes, in a stable order (they become CustomerProfileUpdated.changedFields). */
export function changedProfileFields(before: { name: string; phone: string | null }, patch: UpdateProfileInput): string[] {
  const changed: string[] = [];
  if (patch.name !== undefined && patch.name !== before.name) changed.push("name");
  if (patch.phone !== undefined && patch.phone !== before.phone) changed.push("phone");
  return changed;
}
