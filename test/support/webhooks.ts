import { env } from "cloudflare:test";
import { issueAccessToken, type Role } from "../../workers/kernel/auth";
import { newId } from "../../workers/kernel/ids";

// The test receiver worker (test/support/workers/receiver.mjs) answers every outbound fetch of the Worker.
export const RECEIVER = "http://hooks.test";

export interface Received {
  headers: Record<string, string>;
  body: string;
  /** null while the receiver has not answered yet (a hanging request, or one its caller gave up on). */
  status: number | null;
  /** When the request reached the receiver, and when it was answered. */
  arrivedAt: number;
  at: number | null;
  /** Stripe stand-in only: the API path called. */
  path?: string;
}

export async function receiverMode(key: string, mode: "ok" | "fail" | "fail-first" | "hang-first", failures = 0, hangMs?: number): Promise<void> {
  const res = await fetch(`${RECEIVER}/_hooks/${key}`, { method: "PUT", body: JSON.stringify({ mode, failures, hangMs }) });
  if (!res.ok) throw new Error(`receiver refused mode change: ${res.status}`);
}

export async function received(key: string): Promise<Received[]> {
  return (await (await fetch(`${RECEIVER}/_hooks/${key}`)).json()) as Received[];
}

export interface SentryEnvelope {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export async function sentryEnvelopes(): Promise<SentryEnvelope[]> {
  return (await (await fetch(`${RECEIVER}/_sentry/1`)).json()) as SentryEnvelope[];
}

export const uniqueKey = () => crypto.randomUUID().slice(0, 8);

/** A token for a principal of the given role, as /auth/login would issue (for role checks). */
export const tokenFor = (role: Role) => issueAccessToken(env, { id: newId(role === "CUSTOMER" ? "cus" : "sel"), role });

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/**
 * A Standard Webhooks verifier written from the specification, independent of the signing code: HMAC-SHA256 with the
 * base64-decoded part of the `whsec_` secret over `${webhook-id}.${webhook-timestamp}.${body}`, compared with each
 * space-separated `v1,<base64>` signature; the timestamp must be within five minutes.
 */
export async function verifyStandardWebhook(secret: string, headers: Record<string, string>, body: string, now = Date.now()): Promise<boolean> {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !timestamp || !signatures || !secret.startsWith("whsec_")) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > 300) return false;
  const key = await crypto.subtle.importKey("raw", fromBase64(secret.slice("whsec_".length)), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  for (const sig of signatures.split(" ")) {
    const [version, value] = sig.split(",");
    if (version !== "v1" || !value) continue;
    if (await crypto.subtle.verify("HMAC", key, fromBase64(value), new TextEncoder().encode(`${id}.${timestamp}.${body}`))) return true;
  }
  return false;
}
