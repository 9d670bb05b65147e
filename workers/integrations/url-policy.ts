import { ok, reject, type Result } from "../kernel/result";

// SSRF guard for webhook URLs. Deployed, a subscriber may only point at public https endpoints; locally
// (ALLOW_PRIVATE_WEBHOOK_URLS=true) loopback and private addresses, and plain http, are fine for testing receivers.
// The WHATWG URL parser has already normalised numeric hosts ("2130706433", "0x7f.1", "0177.0.0.1", fullwidth
// digits, one trailing dot) to dotted IPv4, and IPv6 literals to compressed lower case. What is left to do:
// strip trailing dots from names, and classify addresses by number, not by spelling.
// DNS names that resolve to private addresses are not resolved here: Workers' fetch cannot reach private networks.

/** Special-use names (RFC 6761, 6762, 8375, 7686) and the private-network conventions; never a public endpoint. */
const BLOCKED_NAMES = /(^|\.)(localhost|local|internal|localdomain|arpa|onion|test|invalid)$/;

function ipv4Private(host: string): boolean | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (!m) return null;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 || // this-network, private, loopback, multicast, reserved, broadcast
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, including cloud metadata endpoints
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) || // IETF protocol assignments, TEST-NET-1
    (a === 192 && b === 88 && c === 99) || // 6to4 relay anycast
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113) // TEST-NET-2, TEST-NET-3
  );
}

/** The eight 16-bit groups of an IPv6 literal as the URL parser serialises it (a dotted tail is still accepted). */
function ipv6Groups(literal: string): number[] | null {
  let text = literal;
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(2).map(Number) as [number, number, number, number];
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const zeros = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...new Array<number>(Math.max(zeros, 0)).fill(0), ...tail];
  return groups.length === 8 && groups.every(Number.isInteger) ? groups : null;
}

/**
 * Only global unicast (2000::/3) may be public; outside it are loopback, unspecified, every form embedding IPv4
 * (mapped ::ffff:0:0/96, translated ::ffff:0:0:0/96, compatible ::/96, NAT64 64:ff9b::/96 and 64:ff9b:1::/48),
 * discard-only, unique-local, link-local, site-local, multicast and SRv6. Inside it, the tunnels that reach an
 * IPv4 address through a relay (Teredo in 2001::/23, 6to4 2002::/16) and the documentation ranges are refused:
 * a subscriber with an IPv4 endpoint registers the IPv4 address itself, which is checked above.
 */
function ipv6Private(groups: number[]): boolean {
  const [a = 0, b = 0] = groups;
  if ((a & 0xe000) !== 0x2000) return true;
  if (a === 0x2001 && (b < 0x0200 || b === 0x0db8)) return true; // IETF protocol assignments (Teredo, ORCHID, …), documentation
  if (a === 0x2002) return true; // 6to4
  return a === 0x3fff && b < 0x1000; // documentation 3fff::/20
}

export function isPrivateHost(hostname: string): boolean {
  if (hostname.startsWith("[")) {
    const groups = ipv6Groups(hostname.slice(1, -1).toLowerCase());
    return groups === null || ipv6Private(groups);
  }
  // "localhost." and "localhost.." name the same host as "localhost"; an all-dots or empty name is nothing public.
  const name = hostname.toLowerCase().replace(/\.+$/, "");
  if (!name.includes(".") || BLOCKED_NAMES.test(name)) return true;
  return ipv4Private(name) ?? false;
}

export function privateUrlsAllowed(env: Env): boolean {
  return env.ALLOW_PRIVATE_WEBHOOK_URLS === "true";
}

/** The normalised URL, or why it is refused. Checked on registration and again before every delivery. */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): Result<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return reject("VALIDATION_FAILED", "url must be an absolute URL", "url");
  }
  if (url.username || url.password) return reject("WEBHOOK_URL_NOT_ALLOWED", "url must not carry credentials", "url");
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) {
    return reject("WEBHOOK_URL_NOT_ALLOWED", allowPrivate ? "url must use http or https" : "url must use https", "url");
  }
  if (!allowPrivate && isPrivateHost(url.hostname)) {
    return reject("WEBHOOK_URL_NOT_ALLOWED", "url points at a private, loopback or link-local address", "url");
  }
  return ok(url.toString());
}
