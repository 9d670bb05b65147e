import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import { ErrorEnvelopeSchema } from "./http";
import { ApiError } from "./errors";

// OpenAPI 3.1 cannot describe a WebSocket's messages, so a live route documents what it can: the upgrade (101),
// every error status with the error envelope, and the message shape in prose. The messages themselves are typed
// where they are built (durable-objects/*/live-*.ts).

const ERRORS: Record<number, string> = {
  400: "Validation failed: every field error is listed",
  401: "No valid ticket (missing, forged, already used or expired)",
  404: "Not found (or owned by someone else)",
  426: "Upgrade required: open it as a WebSocket (Upgrade: websocket)",
  500: "Unexpected error (a bug)",
};

export function webSocketRoute<R extends RouteConfig["request"]>(spec: { path: string; tags: string[]; summary: string; description: string; request: R; errors: number[] }) {
  const responses: RouteConfig["responses"] = { 101: { description: `Switching Protocols: the WebSocket is open. ${spec.description}` } };
  for (const s of [...new Set([400, 426, 500, ...spec.errors])].sort()) {
    responses[s] = { description: ERRORS[s] ?? "Error", content: { "application/json": { schema: ErrorEnvelopeSchema } } };
  }
  return createRoute({ method: "get", path: spec.path, tags: spec.tags, summary: spec.summary, description: spec.description, request: spec.request, responses });
}

/** 426 unless the client asked for a WebSocket; checked before anything is spent (a ticket survives a plain GET). */
export function requireUpgrade(req: Request): void {
  if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError("UPGRADE_REQUIRED", "this route is a WebSocket: send Upgrade: websocket", undefined, { upgrade: "websocket" });
  }
}

/** A 101 from an object, with mutable headers so the request middleware can add x-request-id. */
export function upgraded(res: Response): Response {
  return new Response(null, { status: 101, webSocket: res.webSocket, headers: res.headers });
}
