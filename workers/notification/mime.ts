// A plain-text email as RFC 5322 / MIME, built by hand (no dependency): UTF-8 body in base64, non-ASCII header
// words as RFC 2047 encoded-words, lines within 76 characters.
const utf8 = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

const wrap = (s: string, width = 76) => s.match(new RegExp(`.{1,${width}}`, "g"))?.join("\r\n") ?? "";

/** A header value: kept as is when printable ASCII, otherwise one encoded-word (=?UTF-8?B?…?=). CR/LF never pass. */
export function headerValue(value: string): string {
  const single = value.replace(/[\r\n]+/g, " ");
  return /^[\x20-\x7e]*$/.test(single) ? single : `=?UTF-8?B?${base64(utf8.encode(single))}?=`;
}

export function mailbox(name: string, email: string): string {
  const display = headerValue(name);
  return display.startsWith("=?") ? `${display} <${email}>` : `"${display.replace(/["\\]/g, "")}" <${email}>`;
}

export interface MimeInput {
  from: string;
  to: { email: string; name: string };
  subject: string;
  text: string;
  messageId: string;
  date: Date;
}

export function buildMime(m: MimeInput): string {
  const domain = m.from.split("@")[1] ?? "localhost";
  const headers = [
    `From: ${m.from}`,
    `To: ${mailbox(m.to.name, m.to.email)}`,
    `Subject: ${headerValue(m.subject)}`,
    `Date: ${m.date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${m.messageId}@${domain}>`,
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="UTF-8"',
    "Content-Transfer-Encoding: base64",
  ];
  return `${headers.join("\r\n")}\r\n\r\n${wrap(base64(utf8.encode(m.text)))}\r\n`;
}
