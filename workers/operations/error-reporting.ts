import { Toucan } from "toucan-js/dist/index.esm.js";
import { log, errorFields } from "../kernel/logging";

// Uncaught errors go to Sentry (toucan-js) when SENTRY_DSN is set (a secret: `wrangler secret put SENTRY_DSN`).
// Nothing from the request is attached (no body, no headers, no cookies, no user): only the error, its stack and
// the ids below as tags, so an operator can jump from the Sentry issue to `wrangler tail --search <requestId>`.
export interface ErrorTags {
  handler: "fetch" | "queue" | "alarm" | "scheduled";
  requestId?: string;
  correlationId?: string;
  eventId?: string;
  eventType?: string;
  context?: string;
  orderId?: string;
  productId?: string;
  route?: string;
  cron?: string;
}

// Defence in depth: a token or secret that ended up in an error message is masked before it leaves.
const SECRET_PATTERNS: [RegExp, string][] = [
  [/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer [redacted]"],
  [/whsec_[A-Za-z0-9+/=]+/g, "whsec_[redacted]"],
  [/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, "[jwt redacted]"],
];
const mask = (s: string) => SECRET_PATTERNS.reduce((acc, [re, to]) => acc.replace(re, to), s);

function sentryDsn(env: Env): string | null {
  const dsn = (env as unknown as Record<string, unknown>).SENTRY_DSN;
  return typeof dsn === "string" && dsn.length > 0 ? dsn : null;
}

/** Reports an error; never throws, and returns at once (the send is kept alive with waitUntil). */
export function reportError(env: Env, ctx: { waitUntil(p: Promise<unknown>): void }, err: unknown, tags: ErrorTags): void {
  const dsn = sentryDsn(env);
  if (!dsn) return;
  try {
    const sentry = new Toucan({
      dsn,
      context: ctx,
      environment: env.ENVIRONMENT,
      defaultIntegrations: false,
      sendDefaultPii: false,
      beforeSend(event) {
        delete event.request;
        delete event.user;
        delete event.breadcrumbs;
        for (const ex of event.exception?.values ?? []) if (ex.value) ex.value = mask(ex.value);
        if (event.message) event.message = mask(event.message);
        return event;
      },
    });
    const defined = Object.entries(tags).filter((e): e is [string, string] => typeof e[1] === "string" && e[1].length > 0);
    sentry.setTags(Object.fromEntries(defined));
    sentry.captureException(err instanceof Error ? err : new Error(String(err)));
  } catch (reportFailure) {
    log("warn", "could not report an error to Sentry", errorFields(reportFailure));
  }
}

/** Runs a handler and reports what escapes it, then rethrows so the runtime still sees the failure (retries). */
export async function reportingErrors<T>(env: Env, ctx: { waitUntil(p: Promise<unknown>): void }, tags: ErrorTags, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    reportError(env, ctx, err, tags);
    throw err;
  }
}
