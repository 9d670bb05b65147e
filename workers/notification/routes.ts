import { z } from "@hono/zod-openapi";
import { and, desc, eq, lt } from "drizzle-orm";
import { notifications } from "../../schema/notification/tables";
import { db } from "../events/outbox-d1";
import { newRouter, respond, route, PaginationQuery } from "../kernel/http";
import { principalOf } from "../kernel/auth";
import { decodeCursor, encodeCursor } from "../kernel/cursor";
import { NOTIFICATION_TYPES } from "./templates";

const NotificationSchema = z
  .object({
    id: z.string(),
    type: z.enum(NOTIFICATION_TYPES).openapi({
      description: "REVIEW_REJECTED (to the author, with the moderator's reason) completes the contract's list",
    }),
    subject: z.string(),
    body: z.string(),
    channel: z.literal("EMAIL"),
    status: z.enum(["PENDING", "SENT", "FAILED"]).openapi({ description: "PENDING until sent (failed sends are retried with backoff), FAILED after the last attempt" }),
    createdAt: z.string(),
  })
  .openapi("Notification");

export const notificationRoutes = newRouter();

notificationRoutes.openapi(
  route({
    method: "get", path: "/notifications/me", tags: ["Notifications"], summary: "My notifications, newest first",
    roles: "any", request: { query: PaginationQuery },
    success: { status: 200, schema: z.array(NotificationSchema), description: "A page of my notifications; metadata.nextCursor for the next" },
  }),
  async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const before = decodeCursor(cursor);
    const me = eq(notifications.recipientId, principalOf(c).id);
    const rows = await db(c.env.DB_NOTIFICATION).select().from(notifications)
      .where(before ? and(me, lt(notifications.id, before)) : me).orderBy(desc(notifications.id)).limit(limit + 1);
    const page = rows.slice(0, limit);
    const items = page.map((r) => ({
      id: r.id, type: r.type as (typeof NOTIFICATION_TYPES)[number], subject: r.subject, body: r.body, channel: r.channel, status: r.status, createdAt: new Date(r.createdAt).toISOString(),
    }));
    return respond(c, items, 200, { nextCursor: encodeCursor(rows.length > limit ? page[page.length - 1]!.id : null) });
  },
);
