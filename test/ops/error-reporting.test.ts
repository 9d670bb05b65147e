import { describe, expect, it } from "vitest";
import { createExecutionContext, createScheduledController, env, runDurableObjectAlarm, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../workers/index";
import { adminToken, api, v1 } from "../support/api";
import { anEvent, publish } from "../support/events";
import { eventually, settle } from "../support/settle";
import { breakProductTable, repairProductTable } from "../support/failures";
import { sentryEnvelopes, type SentryEnvelope } from "../support/webhooks";
import { newId } from "../../workers/kernel/ids";
import { itemStub } from "../../workers/inventory/stub";
import { createProduct } from "../support/mothers";
import type { InventoryItemObject } from "../../durable-objects/inventory-item/inventory-item-object";

interface SentryEvent {
  tags?: Record<string, string>;
  request?: unknown;
  exception?: { values?: { type?: string; value?: string }[] };
}

/** A Sentry envelope is newline-delimited JSON: envelope header, then (item header, item payload) pairs. */
function eventsOf(envelope: SentryEnvelope): SentryEvent[] {
  const lines = envelope.body.split("\n").filter(Boolean);
  const out: SentryEvent[] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) {
    if ((JSON.parse(lines[i]!) as { type?: string }).type === "event") out.push(JSON.parse(lines[i + 1]!) as SentryEvent);
  }
  return out;
}

async function reported(match: (tags: Record<string, string>) => boolean) {
  const all = await sentryEnvelopes();
  return all.filter((e) => eventsOf(e).some((ev) => match(ev.tags ?? {})));
}

describe("error reporting to Sentry", () => {
  it("reports a 500 from the fetch handler once, tagged with the request id, with no body or credentials", async () => {
    const { token } = await adminToken();
    const requestId = `req-sentry-${newId("evt").slice(4)}`;
    await breakProductTable();
    try {
      const res = await api("POST", v1("/products"), {
        token, headers: { "x-request-id": requestId },
        body: { sku: "SENTRY-1", name: "Secret Widget", description: "body-marker-7f3a", price: { amount: 100, currency: "USD" } },
      });
      expect(res.status).toBe(500);
      expect(res.errors[0]?.code).toBe("INTERNAL_ERROR");
    } finally {
      await repairProductTable();
    }
    const [envelope, ...more] = await eventually(() => reported((t) => t.requestId === requestId), (l) => l.length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(more).toHaveLength(0);
    expect(await reported((t) => t.requestId === requestId)).toHaveLength(1);
    const [event] = eventsOf(envelope!);
    expect(event!.tags).toMatchObject({ handler: "fetch", requestId, route: "POST /api/v1/products" });
    expect(event!.exception?.values?.[0]?.value).toMatch(/no such table: products/);
    expect(event!.request).toBeUndefined();
    for (const secret of [token, "body-marker-7f3a", "Secret Widget", "authorization"]) expect(envelope!.body).not.toContain(secret);
  });

  it("reports a failing queue handler once per message, tagged with event id, type and context, however often it retries", async () => {
    const productId = newId("prd");
    const event = anEvent("LowStockAlert", productId, { productId, available: 0, reorderPoint: 5 }, { version: 4 });
    await breakProductTable();
    await publish(event);
    await settle();
    await repairProductTable();
    // LowStockAlert also goes to notification (which fails too: the product is unknown there); count product's.
    const ours = (t: Record<string, string>) => t.eventId === event.eventId && t.context === "product";
    await eventually(() => reported(ours), (l) => l.length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    const found = await reported(ours);
    expect(found).toHaveLength(1);
    expect(eventsOf(found[0]!)[0]!.tags).toMatchObject({ handler: "queue", context: "product", eventType: "LowStockAlert", eventId: event.eventId, correlationId: event.correlationId, productId });
  });

  it("reports a failing scheduled handler, tagged with the cron", async () => {
    await env.DB_OPERATIONS.exec("ALTER TABLE http_metrics RENAME TO http_metrics_unavailable");
    try {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: Date.now() }), env, ctx);
      await waitOnExecutionContext(ctx);
    } finally {
      await env.DB_OPERATIONS.exec("ALTER TABLE http_metrics_unavailable RENAME TO http_metrics");
    }
    const found = await eventually(() => reported((t) => t.handler === "scheduled"), (l) => l.length >= 1);
    expect(found).toHaveLength(1);
    expect(eventsOf(found[0]!)[0]!.tags).toMatchObject({ handler: "scheduled", cron: "* * * * *" });
  });

  it("reports a failing Durable Object alarm once, through the error-reports queue (the object never calls Sentry), secrets masked", async () => {
    const product = await createProduct({ initialStock: 3, reorderPoint: 0 });
    await settle();
    const stub = itemStub(env, product.id) as unknown as DurableObjectStub<InventoryItemObject>;
    // The alarm's work fails once, as an outage would (the runtime retries the alarm, which then succeeds); the
    // error message carries a token that must not reach Sentry.
    await runInDurableObject(stub, async (item: InventoryItemObject, state) => {
      const real = (item as unknown as { expireAndRelay: () => Promise<void> }).expireAndRelay;
      Object.assign(item, {
        expireAndRelay: async () => {
          Object.assign(item, { expireAndRelay: real });
          throw new Error("alarm-marker-51c2 while holding Bearer abc.def.ghi");
        },
      });
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    await runDurableObjectAlarm(stub).catch((err: unknown) => expect(String(err)).toContain("alarm-marker-51c2"));
    const ours = (t: Record<string, string>) => t.handler === "alarm" && t.productId === product.id;
    await eventually(() => reported(ours), (l) => l.length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    const found = await reported(ours);
    expect(found).toHaveLength(1);
    const [event] = eventsOf(found[0]!);
    expect(event!.exception?.values?.[0]?.value).toBe("alarm-marker-51c2 while holding Bearer [redacted]");
  });

  it("sends nothing when SENTRY_DSN is not set", async () => {
    const before = (await sentryEnvelopes()).length;
    await breakProductTable();
    try {
      const ctx = createExecutionContext();
      const withoutDsn: Record<string, unknown> = { ...env };
      delete withoutDsn.SENTRY_DSN;
      const res = await worker.fetch(new Request("https://api.test/api/v1/products"), withoutDsn as unknown as Env, ctx);
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(500);
    } finally {
      await repairProductTable();
    }
    await new Promise((r) => setTimeout(r, 200));
    expect((await sentryEnvelopes()).length).toBe(before);
  });
});
