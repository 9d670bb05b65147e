import { describe, expect, it } from "vitest";
import { buildMime, headerValue } from "../../workers/notification/mime";
import { render } from "../../workers/notification/templates";

const decode = (b64: string) => new TextDecoder().decode(Uint8Array.from(atob(b64.replace(/\r\n/g, "")), (c) => c.charCodeAt(0)));

describe("MIME message", () => {
  const raw = buildMime({
    from: "notifications@shop.example", to: { email: "zoe@example.test", name: "Zoë Ünicode" }, subject: "Welcome, Zoë",
    text: "Hi Zoë,\n\nyour account is ready. ".repeat(10), messageId: "ntf_01ABC", date: new Date("2026-01-02T03:04:05Z"),
  });
  const [head, body] = raw.split("\r\n\r\n");

  it("has the headers a mail server requires, with non-ASCII words encoded", () => {
    expect(head!.split("\r\n")).toEqual([
      "From: notifications@shop.example",
      `To: =?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode("Zoë Ünicode")))}?= <zoe@example.test>`,
      `Subject: =?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode("Welcome, Zoë")))}?=`,
      "Date: Fri, 02 Jan 2026 03:04:05 +0000",
      "Message-ID: <ntf_01ABC@shop.example>",
      "MIME-Version: 1.0",
      'Content-Type: text/plain; charset="UTF-8"',
      "Content-Transfer-Encoding: base64",
    ]);
  });

  it("carries the UTF-8 body in base64 lines of at most 76 characters", () => {
    expect(body!.trimEnd().split("\r\n").every((l) => l.length <= 76)).toBe(true);
    expect(decode(body!.trim())).toBe("Hi Zoë,\n\nyour account is ready. ".repeat(10));
  });

  it("never lets a name or subject inject a header", () => {
    expect(headerValue("Eve\r\nBcc: victim@example.test")).toBe("Eve Bcc: victim@example.test");
    const evil = buildMime({ from: "a@b.example", to: { email: "x@y.test", name: "Eve\r\nBcc: v@z.test" }, subject: "Hi\nBcc: v@z.test", text: "x", messageId: "m", date: new Date(0) });
    expect(evil.split("\r\n\r\n")[0]!.split("\r\n").filter((l) => l.startsWith("Bcc"))).toEqual([]);
  });
});

describe("templates", () => {
  it("greets by name and explains a cancellation reason in words", () => {
    expect(render("Ada", { type: "ORDER_CANCELLED", orderId: "ord_1", reason: "RESERVATION_EXPIRED" })).toEqual({
      subject: "Your order ord_1 was cancelled",
      body: "Hi Ada,\n\norder ord_1 was cancelled because the payment was not completed in time. Any payment hold has been released.",
    });
  });

  it("shows money as dollars from minor units", () => {
    expect(render("Ada", { type: "ORDER_CONFIRMED", orderId: "ord_1", total: 2599 }).body).toContain("($25.99)");
  });
});
