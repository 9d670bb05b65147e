import { z } from "@hono/zod-openapi";
import { EmailSchema, PasswordSchema, PersonNameSchema } from "../customer/credentials";

export const RegisterSellerBody = z
  .object({ name: PersonNameSchema, email: EmailSchema, password: PasswordSchema })
  .strict()
  .openapi("RegisterSeller");
export type RegisterSellerInput = z.infer<typeof RegisterSellerBody>;

const SellerStatus = z.enum(["ACTIVE", "SUSPENDED"]);

/** What the seller sees after registering. */
export const SellerSchema = z.object({ id: z.string(), name: z.string(), email: z.string(), status: SellerStatus }).openapi("Seller");
export type Seller = z.infer<typeof SellerSchema>;

/** What anyone sees: no email, so a public listing cannot be harvested for addresses. */
export const PublicSellerSchema = z.object({ id: z.string(), name: z.string(), status: SellerStatus, createdAt: z.string() }).openapi("PublicSeller");
export type PublicSeller = z.infer<typeof PublicSellerSchema>;
