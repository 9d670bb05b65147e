// Bench-only second baseline: a bare Hono app with one route answering what our /health answers, and nothing else
// (no request id, body guard, auth, metrics or logging middleware). It is bundled with esbuild by the harness and
// runs in the same workerd process as the Worker, so the gap between it and /health is our middleware's cost and
// its own rate is the runtime's ceiling for a Hono Worker on this machine.
import { Hono } from "hono";

const app = new Hono();
app.get("/health", (c) => c.json({ status: "ok" }));
export default app;
