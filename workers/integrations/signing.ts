// Standard Webhooks signing (https://www.standardwebhooks.com): the receiver recomputes
// base64(HMAC-SHA256(key, `${webhook-id}.${webhook-timestamp}.${body}`)) with the base64-decoded `whsec_` secret.
const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 24;

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const fromBase64 = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));

export function newWebhookSecret(): string {
  return SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

export async function signatureHeader(secret: string, webhookId: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", fromBase64(secret.slice(SECRET_PREFIX.length)), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${webhookId}.${timestamp}.${body}`));
  return `v1,${toBase64(new Uint8Array(mac))}`;
}
