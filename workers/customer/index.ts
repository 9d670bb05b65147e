// The customer context's public module: what another context may call synchronously (architecture.md, "One Worker,
// contexts as modules"). The customer context owns every credential: sellers and admins sign in with accounts it
// keeps, so the seller context opens its accounts through this module, never through the accounts table.
export { listAdmins, openAccountWithEvent } from "./auth-service";
export { registrationLimit } from "./credentials";
export { getCustomer } from "./service";
