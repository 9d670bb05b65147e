import { jwtSecret, type Principal, type Role } from "../kernel/auth";

// A live ticket lets a browser open the order's WebSocket, where it cannot send an Authorization header. It is
// `<orderId>.<principalId>.<role>.<nonce>.<mac>`: the MAC (HMAC-SHA256 under a key derived from the JWT secret)
// makes the principal trustworthy without a lookup, so the order object can answer 404 to someone else's ticket;
// the nonce is stored in the order object when issued and deleted when used, which makes it single use and
// bounds its life (60 s) without a D1 round trip.

export const LIVE_TICKET_TTL_MS = 60_000;

export interface TicketClaims {
  orderId: string;
  principal: Principal;
  nonce: string;
}

const ROLE_CODES: Record<Role, string> = { CUSTOMER: "C", SELLER: "S", ADMIN: "A" };
const ROLES_BY_CODE: Record<string, Role> = { C: "CUSTOMER", S: "SELLER", A: "ADMIN" };
const SHAPE = /^(ord_[0-9A-Z]{26})\.([a-z]{3}_[0-9A-Za-z]{1,40})\.([CSA])\.([0-9a-f]{32})\.([0-9A-Za-z_-]{43})$/;

async function mac(env: Env, text: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(`live-ticket:${jwtSecret(env)}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const bytes = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(text)));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function signTicket(env: Env, claims: TicketClaims): Promise<string> {
  const body = `${claims.orderId}.${claims.principal.id}.${ROLE_CODES[claims.principal.role]}.${claims.nonce}`;
  return `${body}.${await mac(env, body)}`;
}

/** The ticket's claims if it is well formed and was signed by us; null otherwise (never throws on bad input). */
export async function readTicket(env: Env, ticket: string | undefined): Promise<TicketClaims | null> {
  const m = ticket ? SHAPE.exec(ticket) : null;
  if (!m) return null;
  const [, orderId, principalId, roleCode, nonce, signature] = m as unknown as [string, string, string, string, string, string];
  const expected = await mac(env, `${orderId}.${principalId}.${roleCode}.${nonce}`);
  if (!constantTimeEqual(expected, signature)) return null;
  return { orderId, principal: { id: principalId, role: ROLES_BY_CODE[roleCode]! }, nonce };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function newNonce(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
