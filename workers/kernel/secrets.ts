// The Worker's secrets (`wrangler secret put NAME`; locally .dev.vars), read in one place. They are not in the
// generated Env on purpose: wrangler's `[secrets] required` list would put them there, but it also makes
// `wrangler deploy` refuse to run without every listed secret (and a secret cannot be empty), while SENTRY_DSN and
// STRIPE_SECRET_KEY are optional; and once the list exists, `wrangler dev` loads only the listed names from
// .dev.vars. So each is read by name and checked at run time: a string, or null when unset or empty.
export type SecretName = "JWT_SECRET" | "SENTRY_DSN" | "STRIPE_SECRET_KEY";

export function secret(env: Env, name: SecretName): string | null {
  const value: unknown = Reflect.get(env, name);
  return typeof value === "string" && value.length > 0 ? value : null;
}
