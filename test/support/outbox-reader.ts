import { env } from "cloudflare:test";
import { and, eq, like } from "drizzle-orm";
import { outbox } from "../../schema/shared/event-tables";
import { contextDatabase, db, type D1Context } from "../../workers/events/outbox-d1";
import type { AnyEnvelope } from "../../workers/events/envelope";

/** The events a D1 context published (one per event, not per destination) whose body mentions `needle`. */
export async function published(context: D1Context, eventType: string, needle: string): Promise<AnyEnvelope[]> {
  const rows = await db(contextDatabase(env, context))
    .select({ eventId: outbox.eventId, body: outbox.body })
    .from(outbox)
    .where(and(eq(outbox.eventType, eventType), like(outbox.body, `%${needle}%`)));
  const unique = new Map(rows.map((r) => [r.eventId, JSON.parse(r.body) as AnyEnvelope]));
  return [...unique.values()];
}
