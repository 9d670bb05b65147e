import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { anEvent } from "../support/events";
import { aPrincipal } from "../support/principals";
import { newId } from "../../workers/kernel/ids";
import { usd } from "../../workers/kernel/money";
import { db, type Runtime } from "../../workers/events/outbox-d1";
import { queueSender, type EventSender } from "../../workers/events/outbox";
import { applyOnce } from "../../workers/events/inbox";
import { authorizePaymentOnOrderSubmitted } from "../../workers/payment/authorize-payment";
import { SandboxGateway } from "../../workers/payment/sandbox-gateway";
import { inbox, outbox } from "../../schema/shared/event-tables";

/**
 * The real D1 binding, with every round trip (a prepared statement's run/all/first/raw, or one batch) counted and
 * stamped in order. It changes nothing the database does: it only counts.
 */
function countingD1(inner: D1Database, log: string[], name: string): D1Database {
  const wrapStmt = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop === "bind") return (...args: unknown[]) => wrapStmt((value as (...a: unknown[]) => D1PreparedStatement).apply(target, args));
        if (prop === "run" || prop === "all" || prop === "first" || prop === "raw") {
          return (...args: unknown[]) => {
            log.push(`${name}:${String(prop)}`);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => wrapStmt(target.prepare(query));
      if (prop === "batch") {
        return (stmts: D1PreparedStatement[]) => {
          log.push(`${name}:batch`);
          return target.batch(stmts);
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const submitted = (orderId: string, customerId: string) =>
  anEvent("OrderSubmitted", orderId, { orderId, customerId, items: [{ productId: newId("prd"), quantity: 1 }], total: usd(4200), paymentMethod: { type: "CARD", token: "tok_visa" } });

describe("a shorter order chain", () => {
  it("payment authorizes in two D1 round trips before PaymentAuthorized is sent, and relays it without reading the outbox back", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    const trips: string[] = [];
    const waits: Promise<unknown>[] = [];
    const real = queueSender(env);
    const sender: EventSender = {
      async send(destination, bodies) {
        for (const b of bodies) trips.push(`send:${destination}:${(JSON.parse(b) as { eventType: string }).eventType}`);
        await real.send(destination, bodies);
      },
    };
    const meteredEnv = { ...env, DB_PAYMENT: countingD1(env.DB_PAYMENT, trips, "payment") } as Env;
    const rt: Runtime = { env: meteredEnv, waitUntil: (p) => void waits.push(p), sender };

    expect(await authorizePaymentOnOrderSubmitted(submitted(orderId, customer.id), rt, new SandboxGateway())).toBe("handled");
    await Promise.all(waits);

    const firstSend = trips.findIndex((t) => t === "send:order:PaymentAuthorized");
    expect(firstSend).toBeGreaterThan(-1);
    const before = trips.slice(0, firstSend).filter((t) => t.startsWith("payment:"));
    expect(before).toEqual(["payment:batch", "payment:batch"]);
    // After the send: only marking the rows sent (one batch), no SELECT of the rows just written.
    const after = trips.slice(firstSend).filter((t) => t.startsWith("payment:"));
    expect(after).toEqual(["payment:batch"]);
    const rows = await db(env.DB_PAYMENT).select().from(outbox).where(eq(outbox.eventType, "PaymentAuthorized"));
    const mine = rows.filter((r) => (JSON.parse(r.body) as { data: { orderId: string } }).data.orderId === orderId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.sentAt !== null)).toBe(true);
  });

  it("a redelivered OrderSubmitted costs two round trips, authorizes nothing more and publishes nothing", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    const event = submitted(orderId, customer.id);
    const plain: Runtime = { env, waitUntil: () => undefined };
    expect(await authorizePaymentOnOrderSubmitted(event, plain, new SandboxGateway())).toBe("handled");

    const trips: string[] = [];
    const sends: string[] = [];
    const rt: Runtime = {
      env: { ...env, DB_PAYMENT: countingD1(env.DB_PAYMENT, trips, "payment") } as Env,
      waitUntil: () => undefined,
      sender: { async send(d) { sends.push(d); } },
    };
    expect(await authorizePaymentOnOrderSubmitted(event, rt, new SandboxGateway())).toBe("duplicate");
    expect(trips).toEqual(["payment:batch", "payment:batch"]);
    expect(sends).toEqual([]);
  });

  it("inbox deduplication is the insert itself: a duplicate costs one round trip and applies nothing", async () => {
    const trips: string[] = [];
    const d1 = countingD1(env.DB_CART, trips, "cart");
    const event = { eventId: newId("evt"), eventType: "ProductPriceChanged" };
    expect(await applyOnce(d1, event, () => [])).toBe("handled");
    expect(await applyOnce(d1, event, () => [])).toBe("duplicate");
    expect(trips).toEqual(["cart:batch", "cart:batch"]);
    expect(await db(env.DB_CART).select().from(inbox).where(eq(inbox.eventId, event.eventId))).toHaveLength(1);
  });
});
