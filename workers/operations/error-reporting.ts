import { Toucan } from "toucan-js/dist/index.esm.js";
import { log, errorFields } from "../kernel/logging";
import { secret } from "../kernel/secrets";
import type { ErrorTags } from "./error-tags";
import { maskSecrets as mask, type ErrorReport } from "./error-handoff";

// Uncaught errors go to Sentry (toucan-js) when SENTRY_DSN is set (a secret: `wrangler secret put SENTRY_DSN`).
// Nothing from the request is attached (no body, no headers, no cookies, no user): only the error, its stack and
// the ids below as tags, so an operator can jump from the Sentry issue to `wrangler tail --search <requestId>`.
export type { ErrorTags } from "./error-tags";

const sentryDsn = (env: Env): string | null => secret(env, "SENTRY_DSN");

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

/**
 * The error-reports queue's consumer: sends what Durable Objects handed off (workers/operations/error-handoff.ts).
 * Each message is acknowledged once its report is started; the send itself is kept alive with waitUntil.
 */
export function sendHandedOffErrors(batch: MessageBatch<unknown>, env: Env, ctx: { waitUntil(p: Promise<unknown>): void }): void {
  for (const msg of batch.messages) {
    const report = msg.body as Partial<ErrorReport> | null;
    if (report?.kind === "error-report" && report.error && report.tags) {
      const err = new Error(report.error.message);
      err.name = report.error.name;
      if (report.error.stack) err.stack = report.error.stack;
      reportError(env, ctx, err, report.tags);
    } else {
      log("warn", "not an error report; dropped", { queue: batch.queue });
    }
    msg.ack();
  }
}
