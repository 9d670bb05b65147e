import { z } from "@hono/zod-openapi";

/*
 * The one place where a request rule becomes both the server's check and its JSON Schema form in /openapi.json
 * (issue 20). The generator reads only zod's built-in checks (min, max, one regex, int, enum); a `.refine` is
 * invisible to it and a second `.regex` is dropped. So every rule a context needs beyond those is built here, with
 * the JSON Schema that says the same thing written beside it: a client that validates against the document
 * accepts exactly what the server accepts. Lengths are counted in code points, as JSON Schema counts them (zod's
 * own min/max count UTF-16 units, so "🦄" would be 2 to the server and 1 to the document).
 */

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** At least `min` characters once surrounding whitespace is trimmed (JS's trim and \s strip the same set). */
function nonBlankPattern(min: number): string | undefined {
  if (min <= 0) return undefined;
  return min === 1 ? "\\S" : `\\S[\\s\\S]{${min - 2},}\\S`;
}

/**
 * Free text: leading and trailing whitespace is removed before it is stored. `max` bounds the text as sent; `min`
 * counts what is left after trimming, so "   " is blank. Documented as maxLength plus a pattern that says "at
 * least `min` characters that are not all whitespace".
 */
export function text(min: number, max: number, example?: string) {
  const pattern = nonBlankPattern(min);
  const re = pattern ? new RegExp(pattern, "u") : null;
  return z
    .string()
    .refine((s) => codePoints(s) <= max, { message: `must be at most ${max} characters long`, abort: true })
    .refine((s) => !re || re.test(s), { message: min <= 1 ? "must not be blank" : `must be at least ${min} characters long (surrounding spaces do not count)` })
    .trim()
    .openapi({ minLength: min, maxLength: max, ...(pattern ? { pattern } : {}), ...(example ? { example } : {}) });
}

/** A string taken exactly as sent (secrets, tokens, opaque text), `min`–`max` code points. */
export function exactText(min: number, max: number) {
  return z
    .string()
    .refine((s) => codePoints(s) >= min, { message: min === 1 ? "must not be empty" : `must be at least ${min} characters long`, abort: true })
    .refine((s) => codePoints(s) <= max, { message: `must be at most ${max} characters long` })
    .openapi({ ...(min > 0 ? { minLength: min } : {}), maxLength: max });
}

/** A string the server takes exactly as sent, matching one anchored pattern (ids, codes, tokens). */
export function matching(pattern: RegExp, message: string, example?: string) {
  return z.string().regex(pattern, message).openapi({ pattern: pattern.source, ...(example ? { example } : {}) });
}

/** Integers in [min, max]; `not` excludes one value (an adjustment of 0 changes nothing), written as `not: {const}`. */
export function integer(min: number, max: number, options: { not?: number; notMessage?: string } = {}) {
  const base = z.number().int().min(min).max(max);
  if (options.not === undefined) return base;
  const excluded = options.not;
  return base.refine((n) => n !== excluded, { message: options.notMessage ?? `must not be ${excluded}` }).openapi({ not: { const: excluded } });
}

// Email: the address as sent (no trimming, so the document's pattern is the whole rule), compared and stored in
// lower case. The pattern is the usual practical subset of RFC 5321: no quoted local parts, no IP literals.
export const EMAIL_PATTERN = /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+.-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

export function email() {
  return z
    .string()
    .refine((s) => codePoints(s) <= 254, { message: "must be at most 254 characters long", abort: true })
    .regex(EMAIL_PATTERN, "must be an email address such as ada@example.com")
    .toLowerCase()
    .openapi({ format: "email", pattern: EMAIL_PATTERN.source, maxLength: 254, example: "ada@example.com" });
}

/** The password rule of contract §3: 8–256 characters with an upper-case letter, a lower-case letter and a digit. */
export const PASSWORD_PATTERN = "^(?=[\\s\\S]*[A-Z])(?=[\\s\\S]*[a-z])(?=[\\s\\S]*[0-9])";

export function password() {
  return z
    .string()
    .refine((s) => codePoints(s) >= 8, { message: "must be at least 8 characters long" })
    .refine((s) => codePoints(s) <= 256, { message: "must be at most 256 characters long" })
    .regex(/[A-Z]/, "needs an upper-case letter")
    .regex(/[a-z]/, "needs a lower-case letter")
    .regex(/[0-9]/, "needs a digit")
    .openapi({ format: "password", minLength: 8, maxLength: 256, pattern: PASSWORD_PATTERN, example: "Str0ng-password" });
}

/** A PATCH body: every field optional, but an empty object changes nothing and is refused (`minProperties: 1`). */
export function patch<T extends z.ZodRawShape>(shape: T) {
  const names = Object.keys(shape).join(", ");
  return z
    .object(shape)
    .strict()
    .refine((b) => Object.keys(b).length > 0, { message: `send at least one of: ${names}` })
    .openapi({ minProperties: 1 });
}

// ---- Validation messages -----------------------------------------------------------------------------------

const EXPECTED: Record<string, string> = {
  int: "must be a whole number", number: "must be a number", nan: "must be a number", string: "must be text", boolean: "must be true or false",
  array: "must be a list", object: "must be an object", null: "must be null",
};
const unit = (origin: string, n: number) => (origin === "string" ? `character${n === 1 ? "" : "s"}` : origin === "array" ? `item${n === 1 ? "" : "s"}` : "");

/**
 * zod's defaults ("Too small: expected string to have >=1 characters") are written for developers; every 400 says
 * instead, in a sentence a shopper could read, what the field must be. The field itself travels in `field`.
 */
export function readableMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return "is required";
      return EXPECTED[issue.expected] ?? `must be of type ${issue.expected}`;
    }
    case "too_small": {
      const n = Number(issue.minimum);
      if (issue.origin === "string" && n === 1) return "must not be empty";
      if (issue.origin === "string" || issue.origin === "array") return `must have at least ${n} ${unit(issue.origin, n)}`;
      return issue.inclusive === false ? `must be greater than ${n}` : `must be at least ${n}`;
    }
    case "too_big": {
      const n = Number(issue.maximum);
      if (issue.origin === "string" || issue.origin === "array") return `must have at most ${n} ${unit(issue.origin, n)}`;
      return issue.inclusive === false ? `must be less than ${n}` : `must be at most ${n}`;
    }
    case "invalid_format":
      if (issue.format === "email") return "must be an email address such as ada@example.com";
      if (issue.format === "datetime") return "must be a date and time such as 2026-01-01T00:00:00Z";
      return "is not in the expected format";
    case "invalid_value": {
      const values = issue.values.map(String);
      return values.length === 1 ? `must be ${values[0]}` : `must be one of ${values.slice(0, 12).join(", ")}${values.length > 12 ? ", …" : ""}`;
    }
    case "unrecognized_keys":
      return "is not a field of this request";
    case "invalid_union":
      return "does not match any of the accepted forms";
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return "is not valid here";
  }
}

z.config({ customError: readableMessage });
