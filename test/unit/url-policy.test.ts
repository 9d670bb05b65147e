import { describe, expect, it } from "vitest";
import { checkWebhookUrl } from "../../workers/integrations/url-policy";

// The deployed SSRF guard (private URLs refused), table-tested through workerd's own URL parser: every spelling of
// a loopback, private, link-local or otherwise non-public destination that parser accepts.

const REFUSED: [string, string][] = [
  // names
  ["localhost", "https://localhost/"],
  ["localhost with a trailing dot", "https://localhost./"],
  ["localhost with two trailing dots", "https://localhost../"],
  ["localhost upper-cased", "https://LOCALHOST./"],
  ["a localhost subdomain with a trailing dot", "https://api.localhost./"],
  ["a single-label name", "https://intranet/"],
  ["a single-label name with a trailing dot", "https://intranet./"],
  [".local (mDNS)", "https://printer.local./"],
  [".internal", "https://metadata.google.internal/"],
  [".internal with a trailing dot", "https://metadata.google.internal./"],
  [".localdomain", "https://host.localdomain/"],
  [".home.arpa", "https://router.home.arpa/"],
  [".arpa (reverse DNS)", "https://1.0.0.127.in-addr.arpa/"],
  [".onion", "https://example.onion/"],
  [".test", "https://hooks.test/"],
  [".invalid", "https://hooks.invalid/"],
  // IPv4 in every notation the URL parser turns into a dotted quad
  ["loopback", "https://127.0.0.1/"],
  ["loopback with a trailing dot", "https://127.0.0.1./"],
  ["loopback with two trailing dots", "https://127.0.0.1../"],
  ["loopback elsewhere in 127/8", "https://127.10.20.30/"],
  ["loopback as one decimal number", "https://2130706433/"],
  ["loopback as one hex number", "https://0x7f000001/"],
  ["loopback as one octal number", "https://017700000001/"],
  ["loopback with octal parts", "https://0177.0.0.01/"],
  ["loopback with hex parts", "https://0x7f.0x0.0x0.0x1/"],
  ["loopback in two parts", "https://127.1/"],
  ["loopback in three parts", "https://127.0.1/"],
  ["loopback in fullwidth digits", "https://１２７.０.０.１/"],
  ["0.0.0.0", "https://0.0.0.0/"],
  ["0 as one number", "https://0/"],
  ["this network 0/8", "https://0.1.2.3/"],
  ["private 10/8", "https://10.1.2.3/"],
  ["private 10/8 in hex", "https://0xa010203/"],
  ["private 172.16/12", "https://172.16.0.1/"],
  ["private 172.31", "https://172.31.255.255/"],
  ["private 192.168/16", "https://192.168.1.10/"],
  ["carrier-grade NAT 100.64/10", "https://100.64.0.1/"],
  ["carrier-grade NAT top", "https://100.127.255.254/"],
  ["link-local / cloud metadata", "https://169.254.169.254/latest/meta-data"],
  ["metadata as one number", "https://2852039166/"],
  ["IETF protocol assignments 192.0.0/24", "https://192.0.0.170/"],
  ["TEST-NET-1", "https://192.0.2.1/"],
  ["6to4 relay anycast 192.88.99/24", "https://192.88.99.1/"],
  ["benchmarking 198.18/15", "https://198.19.0.1/"],
  ["TEST-NET-2", "https://198.51.100.7/"],
  ["TEST-NET-3", "https://203.0.113.9/"],
  ["multicast", "https://224.0.0.1/"],
  ["reserved 240/4", "https://240.0.0.1/"],
  ["broadcast", "https://255.255.255.255/"],
  // IPv6
  ["IPv6 loopback", "https://[::1]/"],
  ["IPv6 loopback written out", "https://[0:0:0:0:0:0:0:1]/"],
  ["IPv6 unspecified", "https://[::]/"],
  ["IPv4-mapped loopback (dotted)", "https://[::ffff:127.0.0.1]/"],
  ["IPv4-mapped loopback (hex)", "https://[::ffff:7f00:1]/"],
  ["IPv4-mapped metadata", "https://[::ffff:169.254.169.254]/"],
  ["IPv4-mapped public address (register the IPv4 address itself)", "https://[::ffff:8.8.8.8]/"],
  ["IPv4-translated (SIIT)", "https://[::ffff:0:7f00:1]/"],
  ["IPv4-compatible loopback (hex)", "https://[::7f00:1]/"],
  ["IPv4-compatible loopback (dotted)", "https://[::127.0.0.1]/"],
  ["IPv4-compatible private", "https://[::a00:1]/"],
  ["NAT64 loopback", "https://[64:ff9b::7f00:1]/"],
  ["NAT64 loopback (dotted)", "https://[64:ff9b::127.0.0.1]/"],
  ["NAT64 metadata", "https://[64:ff9b::a9fe:a9fe]/"],
  ["NAT64 local-use prefix", "https://[64:ff9b:1::a00:1]/"],
  ["6to4 of loopback", "https://[2002:7f00:1::]/"],
  ["6to4 of metadata", "https://[2002:a9fe:a9fe::1]/"],
  ["6to4 of a public address", "https://[2002:808:808::1]/"],
  ["Teredo (client 127.0.0.1, obfuscated)", "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/"],
  ["Teredo, other server", "https://[2001:0:1:2:3:4:5:6]/"],
  ["IETF protocol assignments 2001::/23 (benchmarking)", "https://[2001:2::1]/"],
  ["ORCHIDv2", "https://[2001:20::1]/"],
  ["documentation 2001:db8::/32", "https://[2001:db8::1]/"],
  ["documentation 3fff::/20", "https://[3fff::1]/"],
  ["discard-only 100::/64", "https://[100::1]/"],
  ["unique local fc00::/7", "https://[fd00::1]/"],
  ["unique local fc00::", "https://[fc12:3456::1]/"],
  ["link-local fe80::/10", "https://[fe80::1]/"],
  ["link-local febf", "https://[febf::1]/"],
  ["site-local fec0::/10 (deprecated)", "https://[fec0::1]/"],
  ["multicast", "https://[ff02::1]/"],
  ["SRv6 SIDs 5f00::/16", "https://[5f00::1]/"],
  ["upper-case hex", "https://[FD00::1]/"],
  // not https, or with credentials
  ["plain http", "http://hooks.example.com/hook"],
  ["credentials", "https://user:pass@hooks.example.com/hook"],
];

const ACCEPTED: [string, string][] = [
  ["a public name", "https://hooks.example.com/commerce"],
  ["a public name with a trailing dot", "https://hooks.example.com./commerce"],
  ["a public name containing 'localhost' as a label prefix", "https://localhost-hooks.example.com/"],
  ["a public IPv4 address", "https://8.8.8.8/hook"],
  ["a public address next to 172.16/12", "https://172.32.0.1/"],
  ["a public address next to 100.64/10", "https://100.128.0.1/"],
  ["a public address next to 192.0.2/24", "https://192.0.3.1/"],
  ["a public IPv6 address", "https://[2606:4700:4700::1111]/"],
  ["a public IPv6 address next to Teredo", "https://[2001:4860:4860::8888]/"],
  ["a public IPv6 address with a port", "https://[2a00:1450:4001:80b::200e]:8443/hook"],
];

describe("webhook URL policy, deployed (private URLs refused)", () => {
  it.each(REFUSED)("refuses %s: %s", (_label, url) => {
    const result = checkWebhookUrl(url, false);
    expect(result, `${url} → ${new URL(url).hostname}`).toMatchObject({ ok: false, code: "WEBHOOK_URL_NOT_ALLOWED", field: "url" });
  });

  it.each(ACCEPTED)("accepts %s: %s", (_label, url) => {
    expect(checkWebhookUrl(url, false)).toMatchObject({ ok: true });
  });

  it("accepts every private form where private URLs are allowed (local runs and tests)", () => {
    for (const [, url] of REFUSED.filter(([label]) => label !== "credentials")) {
      expect(checkWebhookUrl(url, true).ok, url).toBe(true);
    }
  });
});
