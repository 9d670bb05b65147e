import { z } from "@hono/zod-openapi";
import { rateLimit } from "../kernel/rate-limit";

// Input rules shared by every registration (customers and sellers share one account table, so one set of rules).

/** Trimmed and lower-cased: emails are unique case-insensitively and stored lower-case (domain.md, Customer). */
export const EmailSchema = z.string().trim().max(254).pipe(z.email()).transform((e) => e.toLowerCase()).openapi({ example: "ada@example.com" });

/** At least 8 characters with an upper-case letter, a lower-case letter and a digit; 256 caps the PBKDF2 input. */
export const PasswordSchema = z
  .string()
  .min(8, "at least 8 characters")
  .max(256)
  .regex(/[A-Z]/, "needs an upper-case letter")
  .regex(/[a-z]/, "needs a lower-case letter")
  .regex(/[0-9]/, "needs a digit")
  .openapi({ format: "password", example: "Str0ng-password" });

export const PersonNameSchema = z.string().trim().min(2).max(100).openapi({ example: "Ada Lovelace" });

/** Postal-agnostic: digits with the usual separators and an optional leading +, 6–20 characters. */
export const PhoneSchema = z.string().trim().regex(/^\+?[0-9][0-9 ().-]{4,18}[0-9]$/, "a phone number such as +44 20 7946 0958");

/** True when a D1 write failed on the given UNIQUE column (drizzle wraps the driver error in `cause`). */
export function isUniqueViolation(err: unknown, column: string): boolean {
  const text = err instanceof Error ? `${err.message} ${(err as { cause?: Error }).cause?.message ?? ""}` : String(err);
  return text.includes(`UNIQUE constraint failed: ${column}`);
}

/** Customers and sellers share one registration budget per client address (contract §1: 120 per minute). */
export const registrationLimit = rateLimit((env) => env.REGISTRATION_LIMITER, "registration");
