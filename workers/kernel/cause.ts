import type { Context } from "hono";
import type { AppEnv } from "./http-env";
import type { Causation } from "../events/envelope";
import type { Runtime } from "../events/outbox-d1";
import { formatTraceparent } from "./trace";

/** Events caused by an HTTP request carry its request id as correlationId (contract §1) and its span (§5). */
export const requestCause = (c: Context<AppEnv>): Causation => ({ correlationId: c.get("requestId"), causationId: null, traceparent: formatTraceparent(c.get("trace")) });

export const runtimeOf = (c: Context<AppEnv>): Runtime => ({ env: c.env, waitUntil: (p) => c.executionCtx.waitUntil(p) });
