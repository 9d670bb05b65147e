import { describe, expect, it } from "vitest";
import { api, v1 } from "../support/api";
import { aCustomer, anOrder, createProduct } from "../support/mothers";
import { anEvent, publish } from "../support/events";
import { eventually } from "../support/settle";
import { deliveryState } from "../support/event-log";

describe("the order context's copy of the customer", () => {
  it("shows the current name after a rename, and a late older event does not undo it", async () => {
    const p = await createProduct({ initialStock: 5 });
    const c = await aCustomer();
    const order = await anOrder(c.token, [{ productId: p.id, quantity: 1 }]);
    const registered = anEvent("CustomerRegistered", c.id, { customerId: c.id, name: "Ada", email: c.email }, { version: 1 });
    const renamed = anEvent("CustomerProfileUpdated", c.id, { customerId: c.id, name: "Ada King", email: c.email, changedFields: ["name"] }, { version: 2 });
    await publish(renamed);
    await eventually(() => api("GET", v1(`/orders/${order.id}`), { token: c.token }), (r) => r.data.customer?.name === "Ada King");
    await publish(registered, 2);
    // Wait until the order context has actually handled the late event, then check it changed nothing.
    await eventually(
      () => deliveryState(registered, "order"),
      (row) => row?.status === "HANDLED",
    );
    const final = await api("GET", v1(`/orders/${order.id}`), { token: c.token });
    expect(final.data.customer).toEqual({ name: "Ada King", email: c.email });
  });
});
