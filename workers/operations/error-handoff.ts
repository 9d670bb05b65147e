import { log, errorFields } from "../kernel/logging";
import { secret } from "../kernel/secrets";
import type { ErrorTags } from "./error-tags";

// Durable Objects never call outside our system (architecture: "Where state lives"): an object's error is handed
// to the error-reports queue, a binding call inside the platform, and that queue's consumer sends it to Sentry
// (workers/operations/error-reporting.ts). This module must stay free of outbound clients: the objects import it,
// and test/unit/objects-stay-inside.test.ts fails if anything in their import graph can reach outside.

// Defence in depth: a token or secret that ended up in an error message is masked before it leaves the object.
const SECRET_PATTERNS: [RegExp, string][] = [
  [/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer [redacted]"],
  [/whsec_[A-Za-z0-9+/=]+/g, "whsec_[redacted]"],
  [/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, "[jwt redacted]"],
];
export const maskSecrets = (s: string) => SECRET_PATTERNS.reduce((acc, [re, to]) => acc.replace(re, to), s);

export const ERROR_REPORTS_QUEUE = "commerce-error-reports";

/** One error on its way to Sentry. */
export interface ErrorReport {
  kind: "error-report";
  error: { name: string; message: string; stack: string | null };
  tags: ErrorTags;
}

export const sentryConfigured = (env: Env) => secret(env, "SENTRY_DSN") !== null;

/** Queues a report; never throws (a failed hand-off is logged, and the caller's own failure still propagates). */
export async function handOffError(env: Env, err: unknown, tags: ErrorTags): Promise<void> {
  if (!sentryConfigured(env)) return;
  const e = err instanceof Error ? err : new Error(String(err));
  const report: ErrorReport = { kind: "error-report", error: { name: e.name, message: maskSecrets(e.message), stack: e.stack ? maskSecrets(e.stack) : null }, tags };
  try {
    await env.Q_ERROR_REPORTS.send(report, { contentType: "json" });
  } catch (handOffFailure) {
    log("warn", "could not queue an error report", { ...errorFields(handOffFailure), handler: tags.handler });
  }
}

/** For Durable Object handlers: runs one, hands what escapes it to the error-reports queue, then rethrows (retries). */
export async function handingOffErrors<T>(env: Env, tags: ErrorTags, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    await handOffError(env, err, tags);
    throw err;
  }
}
