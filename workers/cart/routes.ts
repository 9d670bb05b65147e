import { z } from "@hono/zod-openapi";
import { replayedOrValue, routeKeptKey } from "../kernel/idempotency";
import { newRouter, respond, route, jsonBody, unwrap } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { requestCause, runtimeOf } from "../kernel/cause";
import { AddItemBody, ApplyPromotionBody, CartSchema, ChangeItemBody, CheckoutBody, SetShippingBody, VARIANT_ID, type Cart } from "./domain";
import { addItem, applyPromotion, changeItem, checkout, removeItem, setShipping, viewCart } from "./service";
import type { ShippingTarget } from "../shipping/quote";
import type { ShippingAddress } from "../../durable-objects/order/order";
import { OrderSchema, orderView } from "../order/domain";

/** Lines are keyed by variant; a simple product's line by the product's id, as before variants. */
const ItemParams = z.object({ variantId: z.string().regex(VARIANT_ID, "a variant id (var_…, or a simple product's prd_… id)").openapi({ param: { name: "variantId", in: "path" } }) });
const targetOf = (b: { shippingAddress?: ShippingAddress; shippingAddressId?: string }): ShippingTarget | null =>
  b.shippingAddress ? { shippingAddress: b.shippingAddress } : b.shippingAddressId ? { shippingAddressId: b.shippingAddressId } : null;

export const cartRoutes = newRouter();

cartRoutes.openapi(
  route({ method: "get", path: "/carts/me", tags: ["Cart"], summary: "My cart at current prices", roles: ["CUSTOMER"], success: { status: 200, schema: CartSchema, description: "The cart (created empty on first use)" } }),
  async (c) => respond(c, await viewCart(c.env, principalOf(c).id), 200),
);

cartRoutes.openapi(
  route({
    method: "post", path: "/carts/me/items", tags: ["Cart"], summary: "Add a product's variant (merges with an existing line of that variant)", roles: ["CUSTOMER"],
    request: { body: jsonBody(AddItemBody) }, success: { status: 200, schema: CartSchema, description: "The cart" }, errors: [400, 404, 409],
    rules: [
      { status: 400, code: "VARIANT_REQUIRED", when: "the product has more than one variant and the body names none" },
      { status: 404, code: "PRODUCT_NOT_FOUND", when: "no such product" },
      { status: 404, code: "VARIANT_NOT_FOUND", when: "variantId is not one of this product's variants" },
      { status: 409, code: "PRODUCT_NOT_AVAILABLE", when: "the product is discontinued" },
      { status: 409, code: "CART_QUANTITY_LIMIT", when: "the variant's line would pass 99 units once merged with what the cart already holds" },
      { status: 409, code: "CART_TOO_MANY_LINES", when: "the cart already has 50 lines" },
      { status: 409, code: "CART_INSUFFICIENT_STOCK", when: "more units of the variant than are available" },
    ],
  }),
  async (c) => {
    const body = c.req.valid("json");
    return respond(c, replayedOrValue(c, await addItem(runtimeOf(c), principalOf(c).id, body.productId, body.variantId ?? null, body.quantity, routeKeptKey(c))), 200);
  },
);

cartRoutes.openapi(
  route({
    method: "patch", path: "/carts/me/items/{variantId}", tags: ["Cart"], summary: "Change a variant's line quantity (0 removes it)", roles: ["CUSTOMER"],
    request: { params: ItemParams, body: jsonBody(ChangeItemBody) }, success: { status: 200, schema: CartSchema, description: "The cart" }, errors: [404, 409],
    rules: [
      { status: 404, code: "CART_ITEM_NOT_FOUND", when: "the variant is not in the cart" },
      { status: 409, code: "CART_INSUFFICIENT_STOCK", when: "more units than are available" },
    ],
  }),
  async (c) => respond(c, unwrap(await changeItem(c.env, principalOf(c).id, c.req.valid("param").variantId, c.req.valid("json").quantity)), 200),
);

cartRoutes.openapi(
  route({
    method: "delete", path: "/carts/me/items/{variantId}", tags: ["Cart"], summary: "Remove a variant's line", roles: ["CUSTOMER"],
    request: { params: ItemParams }, success: { status: 200, schema: CartSchema, description: "The cart" },
  }),
  async (c) => respond(c, unwrap(await removeItem(c.env, principalOf(c).id, c.req.valid("param").variantId)), 200),
);

cartRoutes.openapi(
  route({
    method: "post", path: "/carts/me/promotions", tags: ["Cart"], summary: "Apply a promotion code", roles: ["CUSTOMER"],
    request: { body: jsonBody(ApplyPromotionBody) }, success: { status: 200, schema: CartSchema, description: "The cart with the discount" }, errors: [409],
    rules: [
      { status: 409, code: "PROMOTION_NOT_APPLICABLE", when: "no such code, someone else's coupon, or its conditions (minimum purchase) are not met" },
      { status: 409, code: "PROMOTION_EXPIRED", when: "outside the promotion's dates" },
      { status: 409, code: "PROMOTION_USAGE_LIMIT_REACHED", when: "the code has been used up" },
    ],
  }),
  async (c) => respond(c, replayedOrValue(c, await applyPromotion(c.env, principalOf(c).id, c.req.valid("json").code, routeKeptKey(c))), 200),
);

cartRoutes.openapi(
  route({
    method: "put", path: "/carts/me/shipping", tags: ["Cart"], summary: "Choose where the cart ships and how (the cheapest option when none is named)", roles: ["CUSTOMER"],
    request: { body: jsonBody(SetShippingBody) },
    success: { status: 200, schema: CartSchema, description: "The cart with its shippingAddress, shippingOption, shippingFee and tax" }, errors: [404, 409],
    rules: [
      { status: 404, code: "ADDRESS_NOT_FOUND", when: "shippingAddressId is not one of the customer's saved addresses" },
      { status: 409, code: "SHIPPING_NOT_AVAILABLE", when: "shippingOptionId does not ship to the address's country" },
    ],
  }),
  async (c) => {
    const body = c.req.valid("json");
    // The body schema requires one of the two, so there is always a target here.
    return respond(c, unwrap(await setShipping(c.env, principalOf(c).id, targetOf(body)!, body.shippingOptionId ?? null)), 200);
  },
);

cartRoutes.openapi(
  route({
    method: "post", path: "/carts/me/checkout", tags: ["Cart"], summary: "Turn the cart into an order (CREATED) with price and charge snapshots", roles: ["CUSTOMER"],
    request: { body: jsonBody(CheckoutBody) }, success: { status: 201, schema: OrderSchema, description: "The order; the cart is emptied" }, errors: [404, 409],
    rules: [
      { status: 404, code: "ADDRESS_NOT_FOUND", when: "shippingAddressId is not one of the customer's saved addresses" },
      { status: 409, code: "CART_EMPTY", when: "the cart has no items" },
      { status: 409, code: "SHIPPING_ADDRESS_REQUIRED", when: "no address in the body and none set with PUT /carts/me/shipping" },
    ],
  }),
  async (c) => {
    const order = replayedOrValue(c, await checkout(c.env, principalOf(c).id, targetOf(c.req.valid("json")), requestCause(c), routeKeptKey(c)));
    return respond(c, orderView(order, null), 201);
  },
);
