import { z } from "@hono/zod-openapi";
import { newRouter, respond, route, PaginationQuery } from "../kernel/http";
import { decodeCursor, encodeCursor } from "../kernel/cursor";
import { INBOX_CONTEXTS, type InboxContext } from "../events/routing";
import { listDeadLetters, replayDeadLetters } from "./dead-letters";

const Context = z.enum(INBOX_CONTEXTS as unknown as [InboxContext, ...InboxContext[]]);
const DeadLetterSchema = z
  .object({
    id: z.string(), context: z.string(), eventId: z.string().nullable(), eventType: z.string().nullable(), reason: z.string(),
    attempts: z.number().int(), recordedAt: z.string(), replayedAt: z.string().nullable(),
  })
  .openapi("DeadLetter");

export const deadLetterRoutes = newRouter();

deadLetterRoutes.openapi(
  route({
    method: "get", path: "/admin/dead-letters", tags: ["Operations"], roles: ["ADMIN"],
    summary: "Messages that exhausted their retries (or were malformed), newest first",
    request: {
      query: PaginationQuery.extend({
        context: Context.optional(),
        replayed: z.enum(["true", "false"]).optional().openapi({ description: "false: only those not replayed yet" }),
      }),
    },
    success: { status: 200, schema: z.array(DeadLetterSchema), description: "Dead letters" },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const page = await listDeadLetters(c.env, {
      context: q.context, replayed: q.replayed === undefined ? undefined : q.replayed === "true", limit: q.limit,
      after: decodeCursor(q.cursor, /^dlq_[A-Za-z0-9_-]{1,116}$/),
    });
    return respond(c, page.items, 200, { nextCursor: encodeCursor(page.nextCursor) });
  },
);

deadLetterRoutes.openapi(
  route({
    method: "post", path: "/admin/dead-letters/{context}/replay", tags: ["Operations"], roles: ["ADMIN"],
    summary: "Re-deliver the context's unreplayed dead letters to its inbox queue",
    request: { params: z.object({ context: Context.openapi({ param: { name: "context", in: "path" } }) }) },
    success: { status: 200, schema: z.object({ context: z.string(), replayed: z.number().int(), skippedMalformed: z.number().int() }), description: "How many were re-sent" },
  }),
  async (c) => {
    const { context } = c.req.valid("param");
    return respond(c, { context, ...(await replayDeadLetters(c.env, context, c.get("requestId"))) }, 200);
  },
);
