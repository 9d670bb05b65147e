import type { Principal } from "./auth";

export interface AppVariables {
  requestId: string;
  principal: Principal | null;
  /** A bearer token was sent but did not verify: anonymous for public routes, 401 AUTH_INVALID_TOKEN for the rest. */
  invalidToken: boolean;
  clientAddress: string;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };
