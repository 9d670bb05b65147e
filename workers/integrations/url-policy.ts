import { ok, reject, type Result } from "../kernel/result";

// SSRF guard for webhook URLs. Deployed, a subscriber may only point at public https endpoints; locally
// (ALLOW_PRIVATE_WEBHOOK_URLS=true) loopback and private addresses, and plain http, are fine for testing receivers.
// The WHATWG URL parser has already normalised numeric hosts ("2130706433", "0x7f.1") to dotted IPv4 here.
// DNS names that resolve to private addresses are not resolved here: Workers' fetch cannot reach private networks.

const BLOCKED_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

function ipv4Private(host: string): boolean | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 || // this-network, private, loopback, multicast and reserved
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, including cloud metadata endpoints
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) // benchmarking
  );
}

function ipv6Private(host: string): boolean | null {
  if (!host.startsWith("[")) return null;
  const h = host.slice(1, -1).toLowerCase();
  if (h === "::" || h === "::1") return true;
  const mapped = /^::ffff:(.+)$/.exec(h);
  if (mapped) {
    const tail = mapped[1]!;
    if (tail.includes(".")) return ipv4Private(tail) ?? true;
    const [hi = "0", lo = "0"] = tail.split(":");
    const n = (parseInt(hi, 16) << 16) | parseInt(lo, 16);
    return ipv4Private([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".")) ?? true;
  }
  return /^f[cd]/.test(h) || /^fe[89ab]/.test(h) || /^ff/.test(h); // unique-local, link-local, multicast
}

export function isPrivateHost(hostname: string): boolean {
  if (BLOCKED_NAMES.test(hostname) || !hostname.includes(".") && !hostname.startsWith("[")) return true;
  return ipv4Private(hostname) ?? ipv6Private(hostname) ?? false;
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
