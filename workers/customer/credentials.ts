import { rateLimit } from "../kernel/rate-limit";
import { email, matching, password, text } from "../kernel/schema";

// Input rules shared by every registration (customers and sellers share one account table, so one set of rules).

/** Lower-cased: emails are unique case-insensitively and stored lower-case (domain.md, Customer). */
export const EmailSchema = email();

/** At least 8 characters with an upper-case letter, a lower-case letter and a digit; 256 caps the PBKDF2 input. */
export const PasswordSchema = password();

export const PersonNameSchema = text(2, 100, "Ada Lovelace");

/** Postal-agnostic: digits with the usual separators and an optional leading +, 6–20 characters. */
export const PhoneSchema = matching(/^\+?[0-9][0-9 ().-]{4,18}[0-9]$/, "must be a phone number such as +44 20 7946 0958", "+44 20 7946 0958");

/** Customers and sellers share one registration budget per client address (contract §1: 120 per minute). */
export const registrationLimit = rateLimit((env) => env.REGISTRATION_LIMITER, "registration");
