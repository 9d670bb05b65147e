import { DurableObject } from "cloudflare:workers";

export class OrderObject extends DurableObject<Env> {}
