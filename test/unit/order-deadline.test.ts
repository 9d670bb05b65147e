import { describe, expect, it } from "vitest";
import * as order from "../../durable-objects/order/order";

// The PENDING deadline as pure functions: given an order, when its deadline passes, then (given/when/then, no I/O).

const CREATED_AT = "2026-01-01T10:00:00.000Z";
const SUBMITTED_AT = "2026-01-01T10:05:00.000Z";
const LATER = "2026-01-01T11:00:00.000Z";
const WINDOW = 15 * 60_000;
const usd = (amount: number) => ({ amount, currency: "USD" as const });

const aCreated = (id = "ord_DEADLINE"): order.OrderState => (order.create({
  id, customerId: "cus_A", items: [{ productId: "prd_A", name: "Shoe", unitPrice: usd(1000), quantity: 2 }],
  discount: usd(0), promotionCode: null, shippingAddress: { recipient: "Ada", line1: "1 Way", city: "London", postalCode: "N1", country: "GB" },
}, CREATED_AT) as order.Outcome).state;
const submitted = () => (order.submit(aCreated(), { type: "CARD", token: "tok_visa" }, SUBMITTED_AT) as order.Outcome).state;
const heard = (s: order.OrderState, ...events: order.Incoming[]) => events.reduce((acc, e) => order.receive(acc, e, SUBMITTED_AT).state, s);

describe("a PENDING order's deadline", () => {
  it("is its own submit time plus the window, and only while PENDING", () => {
    const s = submitted();
    expect(order.pendingDeadline(s, WINDOW)).toBe(Date.parse(SUBMITTED_AT) + WINDOW);
    expect(order.pendingDeadline(aCreated(), WINDOW)).toBeNull();
    expect(order.pendingDeadline((order.cancel(s, "CUSTOMER_REQUEST", LATER) as order.Outcome).state, WINDOW)).toBeNull();
  });

  it.each([
    ["no outcome at all", []],
    ["only the payment authorized", [{ type: "PaymentAuthorized", paymentId: "pay_1" }]],
    ["only the stock reserved", [{ type: "InventoryReserved" }]],
  ] as [string, order.Incoming[]][])("cancels an order with %s as RESERVATION_EXPIRED, with one OrderCancelled", (_label, events) => {
    const s = heard(submitted(), ...events);
    const outcome = order.deadlinePassed(s, LATER);
    expect(outcome.state).toMatchObject({ status: "CANCELLED", cancellationReason: "RESERVATION_EXPIRED", version: s.version + 1 });
    expect(outcome.state.history.at(-1)).toEqual({ status: "CANCELLED", at: LATER, reason: "RESERVATION_EXPIRED" });
    expect(outcome.events).toEqual([{ type: "OrderCancelled", reason: "RESERVATION_EXPIRED" }]);
    // The alarm may fire twice: the second time changes nothing and publishes nothing.
    const again = order.deadlinePassed(outcome.state, LATER);
    expect(again.state).toBe(outcome.state);
    expect(again.events).toEqual([]);
  });

  it("leaves an order whose holds are being committed to the commit, and a CREATED or CONFIRMED order alone", () => {
    const both = heard(submitted(), { type: "InventoryReserved" }, { type: "PaymentAuthorized", paymentId: "pay_1" });
    expect(order.deadlinePassed(both, LATER).state).toBe(both);
    const confirmed = order.holdsCommitted(both, true, SUBMITTED_AT).state;
    expect(confirmed.status).toBe("CONFIRMED");
    expect(order.deadlinePassed(confirmed, LATER).events).toEqual([]);
    const created = aCreated();
    expect(order.deadlinePassed(created, LATER).state).toBe(created);
  });
});
