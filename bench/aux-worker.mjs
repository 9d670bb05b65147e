// Bench-only auxiliary Worker. It is NOT part of the production bundle: the harness loads it as a second Worker in
// the same workerd process, with a Durable Object binding to the main Worker's InventoryItemObject class
// (scriptName), so reservations can be driven at the object without adding routes to production code.
// Plain fetch handler, no framework: what it adds to a request is one URL parse and one RPC call. It also binds the
// event log's shards (EventLogObject) to read the event lag and event counts the scenarios check.
const cause = { correlationId: "bench", causationId: null };
const stub = (env, id) => env.INVENTORY_ITEM.get(env.INVENTORY_ITEM.idFromName(id));
// Every shard of the event log (workers/operations/event-log.ts EVENT_LOG_SHARDS, named events-<n>): the bench asks
// them all rather than repeat the shard hash here.
const EVENT_LOG_SHARDS = 128;
const shards = (env) => Array.from({ length: EVENT_LOG_SHARDS }, (_, i) => env.EVENT_LOG.get(env.EVENT_LOG.idFromName(`events-${i}`)));
const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const q = url.searchParams;
    switch (url.pathname) {
      // GET /reserve?item=&order=&qty=&ttl= → 200 HELD, 409 REJECTED (or any other outcome), like the reserve RPC says.
      case "/reserve": {
        const r = await stub(env, q.get("item")).reserve(q.get("order"), Number(q.get("qty") ?? 1), Number(q.get("ttl") ?? 900), cause);
        return json(r, r.status === "HELD" ? 200 : 409);
      }
      // POST /init {items:[…], stock, reorderPoint}: creates inventory items directly (what ProductCreated does).
      case "/init": {
        const b = await request.json();
        const out = await Promise.all(b.items.map((id) => stub(env, id).initialize(id, null, b.stock, b.reorderPoint ?? 0, cause)));
        return json({ ok: out.every((r) => r.ok), count: out.length });
      }
      // GET /report?item=: levels, hold counts by status, pending outbox rows.
      case "/report":
        return json(await stub(env, q.get("item")).report());
      // POST /holds {item, count, expiresAt, prefix, concurrency}: count one-unit holds that all expire at expiresAt
      // (ttl computed per call so every hold gets the same absolute expiry). Answers when all exist.
      case "/holds": {
        const b = await request.json();
        const s = stub(env, b.item);
        let next = 0;
        let late = 0;
        const started = Date.now();
        const worker = async () => {
          for (;;) {
            const i = next++;
            if (i >= b.count) return;
            const ttl = (b.expiresAt - Date.now()) / 1000;
            if (ttl <= 0) late++;
            const r = await s.reserve(`${b.prefix}${i}`, 1, ttl, cause);
            if (r.status !== "HELD" && r.status !== "EXPIRED") throw new Error(`hold ${i}: ${JSON.stringify(r)}`);
          }
        };
        await Promise.all(Array.from({ length: b.concurrency ?? 16 }, worker));
        return json({ created: b.count, late, ms: Date.now() - started, finishedAt: Date.now() });
      }
      // POST /lags {orderIds:[…]}: every handled delivery of those orders' events with its lag (occurredOn → handled).
      case "/lags": {
        const b = await request.json();
        return json((await Promise.all(shards(env).map((s) => s.readDeliveryLags(b.orderIds)))).flat());
      }
      // GET /event-count?type=&aggregate=: how many events of that type the log holds for that aggregate.
      case "/event-count": {
        const counts = await Promise.all(shards(env).map((s) => s.readEventCount({ type: q.get("type"), aggregateId: q.get("aggregate") })));
        return json({ count: counts.reduce((a, b) => a + b, 0) });
      }
      default:
        return json({ error: "no such bench route" }, 404);
    }
  },
};
