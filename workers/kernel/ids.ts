// Opaque, time-sortable ids with a type prefix (contract §1): `ord_01JD...`.
// ULID layout: 48-bit millisecond time + 80 random bits, Crockford base32: ids sort by creation time to the
// millisecond; within one millisecond their order is random (never rely on it for event order).
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export type IdPrefix =
  | "cus" | "sel" | "adm" | "prd" | "crt" | "ord" | "pay" | "shp" | "rev" | "prm" | "ntf" | "evt" | "whk"
  | "mov" | "dlv" | "dlq" | "rft" | "adr" | "sop" | "rfd" | "ret";

export function ulid(now: number = Date.now()): string {
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let rand = "";
  for (const b of bytes) rand += ALPHABET[b % 32];
  return time + rand;
}

export function newId(prefix: IdPrefix, now?: number): string {
  return `${prefix}_${ulid(now)}`;
}

/** Deterministic id derived from a natural key, for events that must be emitted once per fact (redelivery-safe). */
export async function derivedId(prefix: IdPrefix, naturalKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(naturalKey)));
  let out = "";
  for (let i = 0; i < 26; i++) out += ALPHABET[digest[i]! % 32];
  return `${prefix}_${out}`;
}

