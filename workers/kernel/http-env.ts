import type { Principal } from "./auth";
import type { TraceContext } from "./trace";
import type { IdempotencyKey } from "./idempotency";

export interface AppVariables {
  requestId: string;
  principal: Principal | null;
  /** A bearer token was sent but did not verify: anonymous for public routes, 401 AUTH_INVALID_TOKEN for the rest. */
  invalidToken: boolean;
  clientAddress: string;
  /** This request's span: a child of the caller's `traceparent`, or the root of a new trace. */
  trace: TraceContext;
  /** Set for a route that keeps its own Idempotency-Key records (idempotency.ts): the key, for its store. */
  idempotencyKey?: IdempotencyKey;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };
