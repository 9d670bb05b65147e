// Auxiliary worker for tests: every outbound fetch of the Worker under test lands here (vitest.config.ts
// `outboundService`). It plays two parts, told apart by path: webhook receivers (/hook/<key>) whose behaviour a
// test scripts per key, and a Sentry ingest (/api/<project>/envelope/) that keeps each envelope it receives.
// State lives in module memory: miniflare runs this worker in one isolate for the whole test run.
const hooks = new Map(); // key -> { mode, failuresLeft, received: [] }
const envelopes = [];

const json = (value, status = 200) => new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function hook(key) {
  let h = hooks.get(key);
  if (!h) {
    h = { mode: "ok", failuresLeft: 0, received: [] };
    hooks.set(key, h);
  }
  return h;
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] === "hook" && parts[1] && request.method === "POST") {
      const h = hook(parts[1]);
      const body = await request.text();
      const headers = Object.fromEntries(request.headers);
      let status = 200;
      if (h.mode === "fail") status = 500;
      else if (h.mode === "fail-first" && h.failuresLeft > 0) {
        h.failuresLeft--;
        status = 503;
      } else if (h.mode === "hang-first" && h.failuresLeft > 0) {
        h.failuresLeft--;
        await sleep(7_000); // longer than the Worker's 5 s attempt timeout
      }
      h.received.push({ headers, body, status, at: Date.now() });
      return new Response(status === 200 ? "ok" : "receiver failure", { status });
    }
    if (parts[0] === "_hooks" && parts[1] && request.method === "PUT") {
      const { mode, failures = 0 } = await request.json();
      const h = hook(parts[1]);
      h.mode = mode;
      h.failuresLeft = failures;
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
