import { EmailMessage } from "cloudflare:email";
import { log } from "../kernel/logging";
import { buildMime } from "./mime";
import { breakerFor, guarded } from "../kernel/breaker";

export interface OutgoingEmail {
  notificationId: string;
  to: { email: string; name: string };
  subject: string;
  text: string;
}

/** A failed send is a value: the caller records it on the notification and retries it later with backoff. */
export type SendOutcome = { ok: true } | { ok: false; error: string };

export interface Mailer {
  send(mail: OutgoingEmail): Promise<SendOutcome>;
}

/** Cloudflare's send_email binding, with the MIME message built here. */
export class CloudflareMailer implements Mailer {
  constructor(private readonly binding: SendEmail, private readonly from: string) {}

  async send(mail: OutgoingEmail): Promise<SendOutcome> {
    const raw = buildMime({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.notificationId, date: new Date() });
    try {
      await this.binding.send(new EmailMessage(this.from, mail.to.email, raw));
      return { ok: true };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }
}

/** No email binding configured: the notification record is the delivery (GET /notifications/me shows it). */
export class RecordingMailer implements Mailer {
  async send(mail: OutgoingEmail): Promise<SendOutcome> {
    log("info", "email recorded locally (no EMAIL binding)", { notificationId: mail.notificationId });
    return { ok: true };
  }
}

/** Test seam: a test puts a scripted mailer here so the real consumer meets a failing mail service. Unset in production. */
export const mailerSeam: { adapter: ((env: Env) => Mailer) | null } = { adapter: null };

function adapterFor(env: Env): Mailer {
  if (mailerSeam.adapter) return mailerSeam.adapter(env);
  // Declared in wrangler.toml, but a runtime without email routing may still hand the Worker no binding.
  if (env.EMAIL) return new CloudflareMailer(env.EMAIL, env.MAIL_FROM ?? "notifications@edge-commerce.example");
  return new RecordingMailer();
}

const DEFAULT_MAIL_TIMEOUT_MS = 5_000;

/**
 * The mailer behind a timeout and the "mailer" circuit breaker: a send that fails or does not answer in time counts
 * as a failure; while the breaker is open `send` throws BreakerOpen without calling the mail service, and the
 * notification stays PENDING (its attempts untouched) until the breaker lets sends through again.
 */
export function mailerFor(env: Env): Mailer {
  const mailer = adapterFor(env);
  const breaker = breakerFor(env, "mailer");
  const configured = Number(env.MAIL_TIMEOUT_MS);
  const timeoutMs = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAIL_TIMEOUT_MS;
  return { send: (mail) => guarded(breaker, timeoutMs, () => mailer.send(mail), (o) => (o.ok ? null : o.error)) };
}
