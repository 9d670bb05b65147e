import type { Principal } from "./auth";
import type { TraceContext } from "./trace";

export interface AppVariables {
  requestId: string;
  principal: Principal | null;
  /** A bearer token was sent but did not verify: anonymous for public routes, 401 AUTH_INVALID_TOKEN for the rest. */
  invalidToken: boolean;
  clientAddress: string;
  /** This request's span: a child of the caller's `traceparent`, or the root of a new trace. */
  trace: TraceContext;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };
