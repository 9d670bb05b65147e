import type { ContextHandlers } from "../events/consumer";
import { EVENT_TYPES } from "../events/catalog";
import { deliverWebhooks } from "./deliver";

// Every event reaches the integrations inbox (routing.ts); deliverWebhooks posts it to the webhooks subscribed to it.
export const integrationsHandlers: ContextHandlers = Object.fromEntries(EVENT_TYPES.map((t) => [t, deliverWebhooks])) as ContextHandlers;
