import type { Principal } from "./auth";

export interface AppVariables {
  requestId: string;
  principal: Principal | null;
  clientAddress: string;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };
