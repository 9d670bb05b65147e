import type { ContextHandlers } from "../events/consumer";
import { applyOnce } from "../events/inbox";
import { profileInsert } from "./service";

export const sellerHandlers: ContextHandlers = {
  // create-profile-on-seller-registered: the second half of registration (workers/seller/service.ts), retried by the
  // queue until it holds, so a registration that crashed after its account was committed still ends complete.
  SellerRegistered: (e, rt) => applyOnce(rt.env.DB_SELLER, e, () => [profileInsert(rt.env, e)]),
};
