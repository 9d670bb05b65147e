import { z } from "@hono/zod-openapi";
import { newRouter, respond, route } from "../kernel/http";
import { ApiError } from "../kernel/errors";
import { requireAuthConfigured } from "../kernel/auth";
import { rateLimit } from "../kernel/rate-limit";
import { login, refresh } from "./auth-service";
import { exactText } from "../kernel/schema";
import { EmailSchema } from "./credentials";
import { replayedOrValue, routeKeptKey } from "../kernel/idempotency";

const LoginBody = z.object({ email: EmailSchema, password: exactText(1, 256) }).strict().openapi("Login");
const RefreshBody = z.object({ refreshToken: exactText(10, 200) }).strict().openapi("Refresh");
const TokenPairSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int(),
    principal: z.object({ id: z.string(), role: z.enum(["CUSTOMER", "SELLER", "ADMIN"]) }),
  })
  .openapi("TokenPair");

export const authRoutes = newRouter();
authRoutes.use("/auth/*", rateLimit((env) => env.AUTH_LIMITER, "auth"));
authRoutes.use("/auth/login", requireAuthConfigured);
authRoutes.use("/auth/refresh", requireAuthConfigured);

authRoutes.openapi(
    route({
      method: "post", path: "/auth/login", tags: ["Auth"], summary: "Log in (customers, sellers, admins)",
      request: { body: { content: { "application/json": { schema: LoginBody } }, required: true } },
      success: { status: 200, schema: TokenPairSchema, description: "Access token (HS512, 1 h) and refresh token (7 days)" }, errors: [401, 423, 429, 503],
    }),
    async (c) => {
      const body = c.req.valid("json");
      // An Idempotency-Key's record commits in login's own write batch of the customer database (auth-service.ts).
      return respond(c, replayedOrValue(c, await login(c.env, body.email, body.password, Date.now(), routeKeptKey(c))), 200);
    },
);

authRoutes.openapi(
    route({
      method: "post", path: "/auth/refresh", tags: ["Auth"], summary: "Exchange a refresh token for a new pair (rotating)",
      request: { body: { content: { "application/json": { schema: RefreshBody } }, required: true } },
      success: { status: 200, schema: TokenPairSchema, description: "A new token pair; the old refresh token is spent" }, errors: [401, 429, 503],
    }),
    async (c) => {
      const result = await refresh(c.env, c.req.valid("json").refreshToken);
      if (!result.ok) throw ApiError.fromRejection(result);
      return respond(c, result.value, 200);
    },
  );
