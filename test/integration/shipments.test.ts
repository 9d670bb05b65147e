import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { api, adminToken, v1 } from "../support/api";
import { anEvent, publish } from "../support/events";
import { eventually } from "../support/settle";
import { aPrincipal } from "../support/principals";
import { published } from "../support/outbox-reader";
import { newId } from "../../workers/kernel/ids";
import { usd } from "../../workers/kernel/money";
import { shippingHandlers } from "../../workers/shipping/handlers";
import { shipmentSummary } from "../../workers/shipping/shipment-queries";
import { shipments } from "../../schema/shipping/tables";
import { db } from "../../workers/events/outbox-d1";

const confirmed = (orderId: string, customerId: string, items = [{ productId: newId("prd"), quantity: 2 }]) =>
  anEvent("OrderConfirmed", orderId, { orderId, customerId, total: usd(2000), items }, { version: 3 });

async function shipped(customerId: string, items?: { productId: string; quantity: number }[]) {
  const orderId = newId("ord");
  await publish(confirmed(orderId, customerId, items));
  const summary = await eventually(() => shipmentSummary(env, orderId), (s) => s !== null);
  return { orderId, shipmentId: summary!.id };
}

const post = async (id: string, status: string, token?: string) =>
  api("POST", v1(`/shipments/${id}/events`), { token: token ?? (await adminToken()).token, body: { status } });

describe("shipment creation on OrderConfirmed", () => {
  it("creates one shipment with a carrier and tracking number, even when the event arrives twice", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    await publish(confirmed(orderId, customer.id), 2);
    const summary = await eventually(() => shipmentSummary(env, orderId), (s) => s !== null);
    await new Promise((r) => setTimeout(r, 300));
    const res = await api("GET", v1(`/shipments/${summary!.id}`), { token: customer.token });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ id: summary!.id, orderId, carrier: "UPS", trackingNumber: expect.stringMatching(/^1Z[0-9A-Z]{16}$/), status: "PENDING", deliveryAttempts: 0 });
    expect(res.data.history).toEqual([{ status: "PENDING", at: expect.any(String) }]);
    const created = await published("shipping", "ShipmentCreated", orderId);
    expect(created.map((e) => e.data)).toEqual([{ shipmentId: summary!.id, orderId, carrier: "UPS", trackingNumber: res.data.trackingNumber }]);
  });

  it("creates one shipment when differently-identified copies of OrderConfirmed race", async () => {
    const customer = await aPrincipal();
    const orderId = newId("ord");
    const rt = { env, waitUntil: () => undefined };
    await Promise.all(Array.from({ length: 5 }, () => shippingHandlers.OrderConfirmed!(confirmed(orderId, customer.id), rt)));
    const rows = await db(env.DB_SHIPPING).select().from(shipments);
    expect(rows.filter((r) => r.orderId === orderId)).toHaveLength(1);
    expect(await published("shipping", "ShipmentCreated", orderId)).toHaveLength(1);
  });

  it("gives every shipment its own tracking number, and the table refuses a duplicate", async () => {
    const customer = await aPrincipal();
    const made = await Promise.all(Array.from({ length: 12 }, () => shipped(customer.id)));
    const numbers = await Promise.all(made.map(async (m) => (await shipmentSummary(env, m.orderId))!.trackingNumber));
    expect(new Set(numbers).size).toBe(12);
    const dup = env.DB_SHIPPING.prepare(
      "INSERT INTO shipments (id, order_id, customer_id, carrier, tracking_number, status, delivery_attempts, items, history, created_by_event, version, created_at, updated_at) VALUES ('shp_x', 'ord_x', 'c', 'UPS', ?, 'PENDING', 0, '[]', '[]', 'e', 1, 0, 0)",
    ).bind(numbers[0]!);
    await expect(dup.run()).rejects.toThrow(/UNIQUE constraint failed: shipments.tracking_number/);
  });
});

describe("POST /shipments/{id}/events", () => {
  it("moves PENDING → IN_TRANSIT → DELIVERED, publishing ShipmentDispatched and ShipmentDelivered with the items", async () => {
    const customer = await aPrincipal();
    const items = [{ productId: newId("prd"), quantity: 3 }];
    const { orderId, shipmentId } = await shipped(customer.id, items);
    const transit = await post(shipmentId, "IN_TRANSIT");
    expect(transit.status).toBe(200);
    expect(transit.data).toMatchObject({ status: "IN_TRANSIT", deliveryAttempts: 1 });
    expect((await published("shipping", "ShipmentDispatched", orderId)).map((e) => e.data)).toEqual([{ shipmentId, orderId }]);
    const delivered = await post(shipmentId, "DELIVERED");
    expect(delivered.status).toBe(200);
    expect(delivered.data.history.map((h: { status: string }) => h.status)).toEqual(["PENDING", "IN_TRANSIT", "DELIVERED"]);
    expect((await published("shipping", "ShipmentDelivered", orderId)).map((e) => e.data)).toEqual([{ shipmentId, orderId, items }]);
    expect(await shipmentSummary(env, orderId)).toMatchObject({ id: shipmentId, status: "DELIVERED" });
  });

  it.each([
    [[], "DELIVERED"],
    [[], "DELIVERY_FAILED"],
    [["IN_TRANSIT"], "IN_TRANSIT"],
    [["IN_TRANSIT", "DELIVERED"], "IN_TRANSIT"],
    [["IN_TRANSIT", "DELIVERED"], "DELIVERY_FAILED"],
    [["IN_TRANSIT", "DELIVERY_FAILED"], "DELIVERED"],
  ])("after %j refuses %s with 409 SHIPMENT_INVALID_TRANSITION and changes nothing", async (before, to) => {
    const customer = await aPrincipal();
    const { orderId, shipmentId } = await shipped(customer.id);
    for (const s of before) expect((await post(shipmentId, s)).status).toBe(200);
    const prior = await shipmentSummary(env, orderId);
    const res = await post(shipmentId, to);
    expect(res.status).toBe(409);
    expect(res.errors[0]?.code).toBe("SHIPMENT_INVALID_TRANSITION");
    expect(await shipmentSummary(env, orderId)).toEqual(prior);
  });

  it("sends a failed delivery out again, at most three attempts in all", async () => {
    const customer = await aPrincipal();
    const { orderId, shipmentId } = await shipped(customer.id);
    for (const s of ["IN_TRANSIT", "DELIVERY_FAILED", "IN_TRANSIT", "DELIVERY_FAILED", "IN_TRANSIT", "DELIVERY_FAILED"]) {
      expect((await post(shipmentId, s)).status).toBe(200);
    }
    const fourth = await post(shipmentId, "IN_TRANSIT");
    expect(fourth.status).toBe(409);
    expect(fourth.errors[0]).toMatchObject({ code: "SHIPMENT_INVALID_TRANSITION", message: expect.stringContaining("at most 3") });
    const { token } = await adminToken();
    const res = await api("GET", v1(`/shipments/${shipmentId}`), { token });
    expect(res.data).toMatchObject({ status: "DELIVERY_FAILED", deliveryAttempts: 3 });
    expect(await published("shipping", "ShipmentDispatched", orderId)).toHaveLength(3);
  });

  it("lets exactly one of three racing IN_TRANSIT requests win", async () => {
    const customer = await aPrincipal();
    const { orderId, shipmentId } = await shipped(customer.id);
    const results = await Promise.all([post(shipmentId, "IN_TRANSIT"), post(shipmentId, "IN_TRANSIT"), post(shipmentId, "IN_TRANSIT")]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await published("shipping", "ShipmentDispatched", orderId)).toHaveLength(1);
  });

  it("checks the role before the shipment: a customer gets 403, an anonymous caller 401", async () => {
    const customer = await aPrincipal();
    const { orderId, shipmentId } = await shipped(customer.id);
    const own = await post(shipmentId, "IN_TRANSIT", customer.token);
    expect(own.status).toBe(403);
    expect(own.errors[0]?.code).toBe("FORBIDDEN");
    expect((await post("shp_DOESNOTEXIST", "IN_TRANSIT", customer.token)).status).toBe(403);
    expect((await api("POST", v1(`/shipments/${shipmentId}/events`), { body: { status: "IN_TRANSIT" } })).status).toBe(401);
    expect((await shipmentSummary(env, orderId))?.status).toBe("PENDING");
  });

  it("refuses bad bodies with 400/415 and an unknown shipment with 404", async () => {
    const customer = await aPrincipal();
    const { orderId, shipmentId } = await shipped(customer.id);
    const { token } = await adminToken();
    const lost = await post(shipmentId, "LOST");
    expect(lost.status).toBe(400);
    expect(lost.errors[0]).toMatchObject({ code: "VALIDATION_FAILED", field: "status" });
    expect((await api("POST", v1(`/shipments/${shipmentId}/events`), { token, body: { status: "IN_TRANSIT", extra: 1 } })).status).toBe(400);
    expect((await api("POST", v1(`/shipments/${shipmentId}/events`), { token, body: {} })).status).toBe(400);
    expect((await api("POST", v1(`/shipments/${shipmentId}/events`), { token, rawBody: "status=IN_TRANSIT", headers: { "content-type": "text/plain" } })).status).toBe(415);
    const unknown = await post("shp_DOESNOTEXIST", "IN_TRANSIT");
    expect(unknown.status).toBe(404);
    expect(unknown.errors[0]?.code).toBe("SHIPMENT_NOT_FOUND");
    expect((await shipmentSummary(env, orderId))?.status).toBe("PENDING");
  });
});

describe("GET /shipments/{id}", () => {
  it("answers 404 to another customer and to an unknown id, 200 to an admin", async () => {
    const [owner, stranger] = await Promise.all([aPrincipal(), aPrincipal()]);
    const { shipmentId } = await shipped(owner.id);
    const other = await api("GET", v1(`/shipments/${shipmentId}`), { token: stranger.token });
    expect(other.status).toBe(404);
    expect(other.errors[0]?.code).toBe("SHIPMENT_NOT_FOUND");
    expect((await api("GET", v1("/shipments/shp_NOPE"), { token: owner.token })).status).toBe(404);
    const { token } = await adminToken();
    expect((await api("GET", v1(`/shipments/${shipmentId}`), { token })).status).toBe(200);
    expect((await api("GET", v1(`/shipments/${shipmentId}`))).status).toBe(401);
  });
});
