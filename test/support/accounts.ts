import { aPrincipal } from "./principals";

/** A SELLER account written straight into the accounts table, logged in over HTTP like any client. */
export const sellerAccount = () => aPrincipal("SELLER");
