// Auxiliary worker for tests: every outbound fetch of the Worker under test lands here (vitest.config.ts
// `outboundService`). It plays three parts, told apart by path: webhook receivers (/hook/<key>) whose behaviour a
// test scripts per key, a stand-in for api.stripe.com (/stripe/<key>/v1/…) scripted the same way, and a Sentry
// ingest (/api/<project>/envelope/) that keeps each envelope it receives.
// State lives in module memory: miniflare runs this worker in one isolate for the whole test run.
const hooks = new Map(); // key -> { mode, failuresLeft, received: [] }
const envelopes = [];

const json = (value, status = 200) => new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function hook(key) {
  let h = hooks.get(key);
  if (!h) {
    h = { mode: "ok", failuresLeft: 0, hangMs: 7_000, received: [] };
    hooks.set(key, h);
  }
  return h;
}

/** The scripted failure of this request, if any: a status to answer with, or a hang before answering. */
async function scripted(h, failStatus) {
  if (h.mode === "fail") return failStatus;
  if (h.mode === "fail-first" && h.failuresLeft > 0) {
    h.failuresLeft--;
    return 503;
  }
  if (h.mode === "hang-first" && h.failuresLeft > 0) {
    h.failuresLeft--;
    await sleep(h.hangMs);
  }
  return 200;
}

/** A PaymentIntents API that authorizes every card; its answers depend on the Idempotency-Key, as Stripe's do. */
function stripeAnswer(path, idempotencyKey) {
  if (path.endsWith("/v1/payment_intents")) return { id: `pi_${idempotencyKey}`, object: "payment_intent", status: "requires_capture" };
  if (path.endsWith("/v1/refunds")) return { id: `re_${idempotencyKey}`, object: "refund", status: "succeeded" };
  return { id: path.split("/").at(-2), object: "payment_intent", status: path.endsWith("/cancel") ? "canceled" : "succeeded" };
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] === "stripe" && parts[1] && request.method === "POST") {
      const arrivedAt = Date.now();
      const h = hook(parts[1]);
      const body = await request.text();
      const headers = Object.fromEntries(request.headers);
      const path = "/" + parts.slice(2).join("/");
      // Recorded on arrival: a caller that gives up on a hanging request cancels this handler before it answers.
      const record = { headers, body, status: null, path, arrivedAt, at: null };
      h.received.push(record);
      const status = await scripted(h, 500);
      Object.assign(record, { status, at: Date.now() });
      if (status !== 200) return json({ error: { type: "api_error", message: "scripted outage" } }, status);
      return json(stripeAnswer(path, request.headers.get("idempotency-key")));
    }
    if (parts[0] === "hook" && parts[1] && request.method === "POST") {
      const arrivedAt = Date.now();
      const h = hook(parts[1]);
      const body = await request.text();
      const headers = Object.fromEntries(request.headers);
      // hang-first defaults to 7 s: longer than the Worker's 5 s attempt timeout.
      const record = { headers, body, status: null, arrivedAt, at: null };
      h.received.push(record);
      const status = await scripted(h, 500);
      Object.assign(record, { status, at: Date.now() });
      return new Response(status === 200 ? "ok" : "receiver failure", { status });
    }
    if (parts[0] === "_hooks" && parts[1] && request.method === "PUT") {
      const { mode, failures = 0, hangMs = 7_000 } = await request.json();
      const h = hook(parts[1]);
      h.mode = mode;
      h.failuresLeft = failures;
      h.hangMs = hangMs;
      return json({ ok: true });
    }
    if (parts[0] === "_hooks" && parts[1] && request.method === "GET") return json(hook(parts[1]).received);
    if (parts[0] === "api" && parts[2] === "envelope") {
      envelopes.push({ url: request.url, headers: Object.fromEntries(request.headers), body: await request.text() });
      return json({ id: "ok" });
    }
    if (parts[0] === "_sentry" && request.method === "GET") return json(envelopes.filter((e) => e.url.includes(`/api/${parts[1]}/`)));
    return json({ error: `receiver has no route for ${request.method} ${url.pathname}` }, 404);
  },
};
