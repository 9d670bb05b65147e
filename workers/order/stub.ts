/** The order's own object: one per order id. */
export const orderStub = (env: Env, orderId: string) => env.ORDER.get(env.ORDER.idFromName(orderId));
