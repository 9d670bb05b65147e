import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { api, v1 } from "../support/api";
import { aCustomer, anOrder, createProduct } from "../support/mothers";
import { anEvent, publish } from "../support/events";
import { eventually, settle } from "../support/settle";
import { itemStub } from "../../workers/inventory/stub";

const levels = (productId: string) => itemStub(env, productId).snapshot();

describe("order saga (process manager)", () => {
  it("confirms once both the reservation and the authorization are in, and fulfils the stock", async () => {
    const product = await createProduct({ initialStock: 10 });
    const customer = await aCustomer();
    await settle();
    const order = await anOrder(customer.token, [{ productId: product.id, quantity: 3 }]);
    expect(order.status).toBe("CREATED");
    const submit = await api("POST", v1(`/orders/${order.id}/submit`), { token: customer.token, body: { paymentMethod: { type: "CARD", token: "tok_visa" } } });
    expect(submit.status).toBe(202);
    expect(submit.data.status).toBe("PENDING");
    await eventually(() => levels(product.id), (l) => l?.reserved === 3);
    const pending = await api("GET", v1(`/orders/${order.id}`), { token: customer.token });
    expect(pending.data.status).toBe("PENDING");
    await publish(anEvent("PaymentAuthorized", "pay_X", { paymentId: "pay_X", orderId: order.id, amount: order.total }));
    await settle();
    const confirmed = await api("GET", v1(`/orders/${order.id}`), { token: customer.token });
    expect(confirmed.data.status).toBe("CONFIRMED");
    expect(await levels(product.id)).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
  });
});
