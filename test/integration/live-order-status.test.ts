import { describe, expect, it } from "vitest";
import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { adminToken, api, v1 } from "../support/api";
import { aCustomer, anOrder, createProduct } from "../support/mothers";
import { sellerAccount } from "../support/accounts";
import { eventually } from "../support/settle";
import { orderStub } from "../../workers/order/stub";
import type { LiveOrderMessage } from "../../durable-objects/order/live-sockets";
import type { OrderObject } from "../../durable-objects/order/order-object";

type Customer = Awaited<ReturnType<typeof aCustomer>>;

async function ticketFor(c: { token: string }, orderId: string): Promise<string> {
  const res = await api("POST", v1(`/orders/${orderId}/live-tickets`), { token: c.token });
  expect(res.status).toBe(201);
  expect(Date.parse(res.data.expiresAt) - Date.now()).toBeGreaterThan(50_000);
  expect(Date.parse(res.data.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
  return res.data.ticket as string;
}

const liveRequest = (orderId: string, ticket: string | null, upgrade = true) =>
  exports.default.fetch(new Request(`https://api.test/api/v1/orders/${orderId}/live${ticket === null ? "" : `?ticket=${encodeURIComponent(ticket)}`}`, {
    headers: { "cf-connecting-ip": "198.19.7.7", ...(upgrade ? { upgrade: "websocket" } : {}) },
  }));

/** A client socket that records every message and the close code, and waits for them without any HTTP polling. */
async function connect(orderId: string, ticket: string) {
  const res = await liveRequest(orderId, ticket);
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const messages: LiveOrderMessage[] = [];
  let closeCode: number | null = null;
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  ws.addEventListener("message", (e) => {
    messages.push(JSON.parse(e.data as string) as LiveOrderMessage);
    wake();
  });
  ws.addEventListener("close", (e) => {
    closeCode = e.code;
    wake();
  });
  const until = async (done: () => boolean, what: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(messages)} close=${closeCode}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 250);
      });
    }
  };
  return {
    ws, messages,
    statuses: () => messages.map((m) => m.status),
    closeCode: () => closeCode,
    waitFor: (status: string) => until(() => messages.some((m) => m.status === status), status),
    waitClosed: () => until(() => closeCode !== null, "close"),
  };
}

const submit = async (c: Customer, orderId: string, token: string) =>
  expect((await api("POST", v1(`/orders/${orderId}/submit`), { token: c.token, body: { paymentMethod: { type: "CARD", token } } })).status).toBe(202);

async function anOrderOf(c: Customer) {
  const p = await createProduct({ initialStock: 50, reorderPoint: 0 });
  await eventually(() => api("GET", v1(`/inventory/${p.id}/availability`)), (r) => r.status === 200);
  return anOrder(c.token, [{ productId: p.id, quantity: 1 }]);
}

describe("live order status over a hibernatable WebSocket", () => {
  it("sends the current state on connect, then PENDING and CONFIRMED as they happen", async () => {
    const c = await aCustomer();
    const order = await anOrderOf(c);
    const live = await connect(order.id, await ticketFor(c, order.id));
    await live.waitFor("CREATED");
    expect(live.messages[0]).toEqual({ type: "order", orderId: order.id, status: "CREATED", version: 1, at: expect.any(String), reason: null });
    await submit(c, order.id, "tok_visa");
    await live.waitFor("CONFIRMED");
    expect(live.statuses()).toEqual(["CREATED", "PENDING", "CONFIRMED"]);
    const versions = live.messages.map((m) => m.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
    expect(live.closeCode()).toBeNull();
    live.ws.close(1000);
  });

  it("delivers CANCELLED with the decline reason and closes with 1000", async () => {
    const c = await aCustomer();
    const order = await anOrderOf(c);
    const live = await connect(order.id, await ticketFor(c, order.id));
    await submit(c, order.id, "tok_chargeDeclined");
    await live.waitClosed();
    expect(live.statuses()).toEqual(["CREATED", "PENDING", "CANCELLED"]);
    expect(live.messages.at(-1)).toMatchObject({ status: "CANCELLED", reason: "PAYMENT_DECLINED" });
    expect(live.closeCode()).toBe(1000);
  });

  it("keeps the socket while the object is evicted, and the next instance still sends the change", async () => {
    const c = await aCustomer();
    const order = await anOrderOf(c);
    const stub = orderStub(env, order.id);
    const live = await connect(order.id, await ticketFor(c, order.id));
    await live.waitFor("CREATED");
    await runInDurableObject(stub, (o: OrderObject) => void Reflect.set(o, "probe", "first instance"));
    await evictDurableObject(stub);
    // A new instance: the in-memory probe is gone, yet the runtime still holds the hibernated socket for it.
    const after = await runInDurableObject(stub, (o: OrderObject, ctx) => ({ probe: Reflect.get(o, "probe") as unknown, sockets: ctx.getWebSockets().length }));
    expect(after).toEqual({ probe: undefined, sockets: 1 });
    await submit(c, order.id, "tok_visa");
    await live.waitFor("CONFIRMED");
    expect(live.statuses()).toEqual(["CREATED", "PENDING", "CONFIRMED"]);
    live.ws.close(1000);
  });

  it("sends a terminal state and closes at once when the order is already cancelled", async () => {
    const c = await aCustomer();
    const order = await anOrderOf(c);
    expect((await api("POST", v1(`/orders/${order.id}/cancel`), { token: c.token })).status).toBe(200);
    const live = await connect(order.id, await ticketFor(c, order.id));
    await live.waitClosed();
    expect(live.messages).toEqual([expect.objectContaining({ status: "CANCELLED", reason: "CUSTOMER_REQUEST" })]);
    expect(live.closeCode()).toBe(1000);
  });
});

describe("live tickets and the live route's errors", () => {
  const errorOf = async (res: Response) => ((await res.json()) as { errors: { code: string }[] }).errors[0]?.code;

  it("answers 426 to a plain GET without spending the ticket", async () => {
    const c = await aCustomer();
    const order = await anOrderOf(c);
    const ticket = await ticketFor(c, order.id);
    const plain = await liveRequest(order.id, ticket, false);
    expect(plain.status).toBe(426);
    expect(await errorOf(plain)).toBe("UPGRADE_REQUIRED");
    const live = await connect(order.id, ticket);
    await live.waitFor("CREATED");
    live.ws.close(1000);
  });

  it("answers 401 without a ticket, with a forged one, a reused one and an expired one", async () => {
    const c = await aCustomer();
    const order = await anOrderOf(c);
    const none = await liveRequest(order.id, null);
    expect([none.status, await errorOf(none)]).toEqual([401, "LIVE_TICKET_INVALID"]);

    const ticket = await ticketFor(c, order.id);
    const forged = `${ticket.slice(0, -2)}${ticket.endsWith("AA") ? "BB" : "AA"}`;
    expect((await liveRequest(order.id, forged)).status).toBe(401);
    const first = await connect(order.id, ticket);
    await first.waitFor("CREATED");
    const reused = await liveRequest(order.id, ticket);
    expect([reused.status, await errorOf(reused)]).toEqual([401, "LIVE_TICKET_INVALID"]);
    first.ws.close(1000);

    const stale = await ticketFor(c, order.id);
    await runInDurableObject(orderStub(env, order.id), (_o: OrderObject, ctx) => void ctx.storage.sql.exec(`UPDATE live_tickets SET expires_at = ?`, Date.now() - 1));
    expect((await liveRequest(order.id, stale)).status).toBe(401);
  });

  it("answers 404 to a ticket holder who does not own the order, and 401 to the owner's ticket for another order", async () => {
    const a = await aCustomer();
    const b = await aCustomer();
    const orderA = await anOrderOf(a);
    const orderB = await anOrderOf(b);
    const ticketB = await ticketFor(b, orderB.id);
    const foreign = await liveRequest(orderA.id, ticketB);
    expect([foreign.status, await errorOf(foreign)]).toEqual([404, "ORDER_NOT_FOUND"]);

    const otherOfA = await anOrderOf(a);
    const misplaced = await liveRequest(orderA.id, await ticketFor(a, otherOfA.id));
    expect(misplaced.status).toBe(401);
  });

  it("issues tickets only to the order's owner or an admin", async () => {
    const a = await aCustomer();
    const b = await aCustomer();
    const order = await anOrderOf(a);
    expect((await api("POST", v1(`/orders/${order.id}/live-tickets`))).status).toBe(401);
    expect((await api("POST", v1(`/orders/${order.id}/live-tickets`), { token: b.token })).status).toBe(404);
    expect((await api("POST", v1(`/orders/${order.id}/live-tickets`), { token: (await sellerAccount()).token })).status).toBe(403);
    const admin = await adminToken();
    const live = await connect(order.id, await ticketFor(admin, order.id));
    await live.waitFor("CREATED");
    live.ws.close(1000);
  });
});
