import { EmailMessage } from "cloudflare:email";
import { log } from "../kernel/logging";
import { buildMime } from "./mime";

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

interface MailConfig {
  EMAIL?: SendEmail;
  MAIL_FROM?: string;
}

export function mailerFor(env: Env): Mailer {
  const config = env as unknown as MailConfig;
  if (config.EMAIL) return new CloudflareMailer(config.EMAIL, config.MAIL_FROM ?? "notifications@edge-commerce.example");
  return new RecordingMailer();
}
