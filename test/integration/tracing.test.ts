import { afterEach, describe, expect, it } from "vitest";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anAddress, createProduct } from "../support/mothers";
import { settle } from "../support/settle";
import { RECEIVER, received, uniqueKey } from "../support/webhooks";
import { logListeners } from "../../workers/kernel/logging";
import { childSpan, formatTraceparent, newTrace, parseTraceparent } from "../../workers/kernel/trace";

// Contract §5 (Tracing): one trace id from the checkout request through every event, queue hop, log line and
// outbound webhook call of the order's flow.

const hex = (n: number) => [...crypto.getRandomValues(new Uint8Array(n))].map((b) => b.toString(16).padStart(2, "0")).join("");
const clientSpan = (traceId: string) => `00-${traceId}-${hex(8)}-01`;

interface RecordedEvent { eventId: string; eventType: string; correlationId: string; causationId: string | null; traceparent?: string }

async function orderEvents(orderId: string): Promise<RecordedEvent[]> {
  const { token } = await adminToken();
  const res = await api("GET", v1(`/admin/events?orderId=${orderId}&limit=100`), { token });
  expect(res.status).toBe(200);
  return res.data as RecordedEvent[];
}

const stopListening: (() => void)[] = [];
afterEach(() => stopListening.splice(0).forEach((stop) => stop()));

function captureLogs(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const listener = (r: Record<string, unknown>) => void lines.push(r);
  logListeners.add(listener);
  stopListening.push(() => logListeners.delete(listener));
  return lines;
}

async function checkoutAndSubmit(token: string, productId: string, headers: { checkout: Record<string, string>; submit: Record<string, string> }) {
  expect((await api("POST", v1("/carts/me/items"), { token, body: { productId, quantity: 1 } })).status).toBe(200);
  const checkout = await api("POST", v1("/carts/me/checkout"), { token, body: { shippingAddress: anAddress() }, headers: headers.checkout });
  expect(checkout.status).toBe(201);
  const orderId = checkout.data.id as string;
  const submit = await api("POST", v1(`/orders/${orderId}/submit`), { token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } }, headers: headers.submit });
  expect(submit.status).toBe(202);
  return orderId;
}

describe("W3C trace context end to end", () => {
  it("a traceparent sent on checkout is the trace of every event, log line and outbound webhook call of the order", async () => {
    const key = uniqueKey();
    const { token: admin } = await adminToken();
    const orderEventTypes = ["OrderCreated", "OrderSubmitted", "InventoryReserved", "PaymentAuthorized", "OrderConfirmed", "ShipmentCreated"];
    expect((await api("POST", v1("/admin/webhooks"), { token: admin, body: { url: `${RECEIVER}/hook/${key}`, eventTypes: orderEventTypes } })).status).toBe(201);
    const product = await createProduct({ initialStock: 5, reorderPoint: 0 });
    const customer = await aCustomer();
    await settle();

    const traceId = hex(16);
    const checkoutSpan = clientSpan(traceId);
    const requestIds = { checkout: `req-trace-${key}-1`, submit: `req-trace-${key}-2` };
    const lines = captureLogs();
    // The client's own trace spans its checkout session: one trace id, a new parent span per request.
    const orderId = await checkoutAndSubmit(customer.token, product.id, {
      checkout: { traceparent: checkoutSpan, "x-request-id": requestIds.checkout },
      submit: { traceparent: clientSpan(traceId), "x-request-id": requestIds.submit },
    });
    await settle();

    const events = await orderEvents(orderId);
    expect(events.map((e) => e.eventType)).toEqual(expect.arrayContaining(orderEventTypes));
    for (const e of events) expect({ eventType: e.eventType, traceId: parseTraceparent(e.traceparent)?.traceId }).toEqual({ eventType: e.eventType, traceId });
    // Our spans are new spans of the caller's trace, never the caller's own span id.
    expect(events.find((e) => e.eventType === "OrderCreated")!.traceparent).not.toBe(checkoutSpan);
    // An event caused by an event is produced in a new span (the consumer's handling of its cause).
    const byId = new Map(events.map((e) => [e.eventId, e]));
    const caused = events.filter((e) => e.causationId && byId.has(e.causationId));
    expect(caused.length).toBeGreaterThan(0);
    for (const e of caused) expect(parseTraceparent(e.traceparent)!.spanId).not.toBe(parseTraceparent(byId.get(e.causationId!)!.traceparent)!.spanId);

    // Every log line of the flow (the two requests, every handling of the order's events, the order object, the
    // webhook deliveries) names the trace.
    const eventIds = new Set(events.map((e) => e.eventId));
    const flow = lines.filter((l) => l.orderId === orderId || Object.values(requestIds).includes(l.correlationId as string) || eventIds.has(l.eventId as string));
    const messages = new Set(flow.map((l) => l.message));
    for (const m of ["request", "event handled", "order event", "webhook delivered"]) expect(messages).toContain(m);
    expect(flow.filter((l) => l.traceId !== traceId)).toEqual([]);
    for (const l of flow) expect(l.spanId).toMatch(/^[0-9a-f]{16}$/);

    // Outbound: each webhook POST carries a traceparent of the same trace, a span of its own.
    const posts = (await received(key)).filter((r) => JSON.parse(r.body).data?.orderId === orderId);
    expect(posts.map((p) => JSON.parse(p.body).eventType)).toEqual(expect.arrayContaining(orderEventTypes));
    for (const p of posts) {
      const header = parseTraceparent(p.headers.traceparent);
      expect(header?.traceId).toBe(traceId);
      expect(p.headers.traceparent).not.toBe(JSON.parse(p.body).traceparent);
    }
    console.log(`trace ${traceId} of ${orderId}:\n${events.map((e) => `  ${e.traceparent}  ${e.eventType} (${e.eventId}, caused by ${e.causationId ?? "request"})`).join("\n")}\n  ${flow.length} log lines, ${posts.length} webhook calls, all in trace ${traceId}`);
  });

  it("without a traceparent, or with a malformed one, the system starts a new trace and answers as usual", async () => {
    const product = await createProduct({ initialStock: 10, reorderPoint: 0 });
    const customer = await aCustomer();
    await settle();
    const malformed = [
      "garbage",
      `00-${"0".repeat(32)}-${hex(8)}-01`, // all-zero trace id
      `00-${hex(16)}-${"0".repeat(16)}-01`, // all-zero span id
      `ff-${hex(16)}-${hex(8)}-01`, // version ff is invalid
      `00-${hex(16).toUpperCase()}-${hex(8)}-01`, // upper-case hex
      `00-${hex(16)}-${hex(8)}-01-extra`, // version 00 has exactly four fields
      "x".repeat(5000),
    ];
    const seen = new Set<string>();
    for (const traceparent of [...malformed, undefined]) {
      const headers: Record<string, string> = traceparent === undefined ? {} : { traceparent };
      expect((await api("GET", "/health", { headers })).status).toBe(200);
      const orderId = await checkoutAndSubmit(customer.token, product.id, { checkout: headers, submit: headers });
      await settle();
      const events = await orderEvents(orderId);
      const traces = new Set(events.map((e) => parseTraceparent(e.traceparent)?.traceId));
      // One new, valid trace per request flow: submit starts its own, so two traces per order, none reused.
      expect([...traces].every((t) => typeof t === "string" && /^[0-9a-f]{32}$/.test(t) && !/^0+$/.test(t))).toBe(true);
      expect(traces.size).toBe(2);
      for (const t of traces) {
        expect(seen.has(t!)).toBe(false);
        if (traceparent) expect(traceparent).not.toContain(t!);
        seen.add(t!);
      }
    }
  });

  it("a later trace-context version is accepted by its first four fields", async () => {
    const product = await createProduct({ initialStock: 3, reorderPoint: 0 });
    const customer = await aCustomer();
    await settle();
    const traceId = hex(16);
    const future = `01-${traceId}-${hex(8)}-01-what-comes-next`;
    const orderId = await checkoutAndSubmit(customer.token, product.id, { checkout: { traceparent: future }, submit: { traceparent: future } });
    await settle();
    const events = await orderEvents(orderId);
    expect(new Set(events.map((e) => parseTraceparent(e.traceparent)?.traceId))).toEqual(new Set([traceId]));
  });
});

// Span ids are drawn when first read (kernel/trace.ts); what a reader sees must not depend on when it reads.
describe("a span's ids, drawn on first read", () => {
  it("are valid, stay the same once read, travel in copies and structured clones, and are distinct per span", () => {
    const root = newTrace();
    const child = childSpan(root);
    expect(parseTraceparent(formatTraceparent(child))).toEqual({ traceId: root.traceId, spanId: child.spanId, flags: "01" });
    expect(child.traceId).toBe(root.traceId);
    expect(child.spanId).not.toBe(root.spanId);
    const fresh = newTrace();
    expect(structuredClone(fresh)).toEqual({ traceId: fresh.traceId, spanId: fresh.spanId, flags: "01" });
    expect(JSON.parse(JSON.stringify({ ...fresh }))).toEqual({ traceId: fresh.traceId, spanId: fresh.spanId, flags: "01" });
    expect(fresh.traceId).not.toBe(root.traceId);
    const ids = new Set(Array.from({ length: 50 }, () => newTrace().spanId));
    expect(ids.size).toBe(50);
  });
});
