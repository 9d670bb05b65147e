import { newRouter } from "../kernel/http";
import { ApiError } from "../kernel/errors";
import { requireUpgrade, upgraded, webSocketRoute } from "../kernel/websocket-route";
import { itemStub } from "./stub";
import { ItemParams } from "./item-id";

const Params = ItemParams;

export const availabilityLiveRoutes = newRouter();

availabilityLiveRoutes.openapi(
  webSocketRoute({
    path: "/products/{productId}/availability/live", tags: ["Inventory"], summary: "Live availability of a product (public WebSocket)",
    description: 'On connect and on every change {"type":"availability","productId","available","status","version"}, coalesced to at most about 4 messages per second; the same fields as GET /inventory/{productId}/availability.',
    request: { params: Params }, errors: [404],
  }),
  async (c) => {
    requireUpgrade(c.req.raw);
    const res = await itemStub(c.env, c.req.valid("param").productId).fetch("https://item/live", { headers: { upgrade: "websocket" } });
    if (res.status !== 101) throw new ApiError("INVENTORY_NOT_FOUND", "no inventory for this product");
    return upgraded(res);
  },
);
