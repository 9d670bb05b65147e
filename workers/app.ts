import { HTTPException } from "hono/http-exception";
import type { Context } from "hono";
import { newRouter, errorBody, allowedMethods } from "./kernel/http";
import { ApiError } from "./kernel/errors";
import type { AppEnv } from "./kernel/http-env";
import { requestContext, bodyGuard } from "./kernel/request";
import { authenticate } from "./kernel/auth";
import { idempotency } from "./kernel/idempotency";
import { consistency } from "./kernel/consistency-token";
import { cors } from "./kernel/cors";
import { log, errorFields } from "./kernel/logging";
import { authRoutes } from "./customer/auth-routes";
import { productRoutes } from "./product/routes";
import { inventoryRoutes } from "./inventory/routes";
import { auditRoutes } from "./inventory/audit-routes";
import { availabilityLiveRoutes } from "./inventory/live-routes";
import { operationsRoutes } from "./operations/routes";
import { cartRoutes } from "./cart/routes";
import { orderRoutes } from "./order/routes";
import { orderLiveRoutes } from "./order/live-routes";
import { returnRoutes } from "./order/return-routes";
import { reviewRoutes } from "./review/routes";
import { paymentRoutes } from "./payment/routes";
import { refundRoutes } from "./payment/refund-routes";
import { shippingRoutes } from "./shipping/routes";
import { chargeRoutes } from "./shipping/charge-routes";
import { notificationRoutes } from "./notification/routes";
import { customerRoutes } from "./customer/routes";
import { addressRoutes } from "./customer/address-routes";
import { sellerRoutes } from "./seller/routes";
import { promotionRoutes } from "./promotion/routes";
import { integrationsRoutes } from "./integrations/routes";
import { adminPage } from "./operations/admin-page";
import { requestMetrics } from "./operations/http-metrics";
import { reportError } from "./operations/error-reporting";

function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    return c.json(errorBody(c, err.errors), err.status as 400);
  }
  if (err instanceof HTTPException && err.status < 500) {
    // Hono's own rejections: the JSON validator's "Malformed JSON" and the like.
    const malformed = /json/i.test(err.message);
    const code = err.status === 413 ? "PAYLOAD_TOO_LARGE" : malformed ? "INVALID_JSON" : "VALIDATION_FAILED";
    return c.json(errorBody(c, [{ code, message: malformed ? "the request body is not valid JSON" : err.message || "bad request" }]), err.status);
  }
  log("error", "unhandled error", { requestId: c.get("requestId"), route: c.req.routePath, ...errorFields(err) });
  reportError(c.env, c.executionCtx, err, { handler: "fetch", requestId: c.get("requestId"), route: `${c.req.method} ${c.req.routePath}` });
  return c.json(errorBody(c, [{ code: "INTERNAL_ERROR", message: "unexpected error; it has been logged" }]), 500);
}

async function storefrontShell(c: Context<AppEnv>): Promise<Response> {
  const shell = await c.env.ASSETS.fetch(new URL("/", c.req.url));
  // A copy: the asset's headers are immutable, and the middleware adds x-request-id.
  return new Response(shell.body, shell);
}

export function buildApp() {
  const app = newRouter();
  // CORS before the body guard and authentication: a preflight carries neither a body nor a token.
  app.use("*", requestMetrics, requestContext, cors(() => app.routes), bodyGuard, authenticate);
  // The consistency token first: a bad one is refused before anything runs, and an idempotent replay carries one too.
  app.use("/api/v1/*", consistency, idempotency);

  app.get("/health", (c) => c.json({ status: "ok" }));

  const api = newRouter();
  api.route("/", authRoutes);
  api.route("/", productRoutes);
  api.route("/", inventoryRoutes);
  api.route("/", auditRoutes);
  api.route("/", availabilityLiveRoutes);
  api.route("/", operationsRoutes);
  api.route("/", cartRoutes);
  api.route("/", orderRoutes);
  api.route("/", orderLiveRoutes);
  api.route("/", returnRoutes);
  api.route("/", reviewRoutes);
  api.route("/", paymentRoutes);
  api.route("/", refundRoutes);
  api.route("/", shippingRoutes);
  api.route("/", chargeRoutes);
  api.route("/", notificationRoutes);
  api.route("/", customerRoutes);
  api.route("/", addressRoutes);
  api.route("/", sellerRoutes);
  api.route("/", promotionRoutes);
  api.route("/", integrationsRoutes);
  app.route("/api/v1", api);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Edge Commerce API",
      version: "1.0.0",
      description:
        "Order and inventory core on Cloudflare Workers. Envelope: {data, metadata} on success, {errors, metadata} on failure. " +
        "Read-your-writes: every response to a write carries `x-consistency-token` (opaque, at most 2 KB); send the latest one back in the same header and " +
        "later reads see at least that write, even from a read replica. A value this API did not issue answers 400 `INVALID_CONSISTENCY_TOKEN` on any route.",
    },
    servers: [{ url: "/" }],
  });
  // `/` and `/docs` are static assets (wrangler.toml [assets]), served before the Worker runs. The storefront's
  // deep links (/store/...) are client-side routes: each gets the storefront's HTML shell.
  app.get("/store", storefrontShell);
  app.get("/store/*", storefrontShell);
  app.route("/", adminPage);

  // A known path with another method is 405 with the methods it has; only an unknown path is 404.
  app.notFound((c) => {
    const allow = allowedMethods(app.routes, c.req.path);
    if (allow.length) {
      c.header("allow", allow.join(", "));
      return c.json(errorBody(c, [{ code: "METHOD_NOT_ALLOWED", message: `${c.req.path} does not support ${c.req.method}; it supports ${allow.join(", ")}` }]), 405);
    }
    return c.json(errorBody(c, [{ code: "ROUTE_NOT_FOUND", message: `no route for ${c.req.method} ${c.req.path}` }]), 404);
  });
  app.onError(onError);
  return app;
}
