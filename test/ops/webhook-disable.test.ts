import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { adminToken, api, v1 } from "../support/api";
import { anEvent, publish } from "../support/events";
import { eventually } from "../support/settle";
import { RECEIVER, receiverMode, received, tokenFor, uniqueKey } from "../support/webhooks";
import { RetryLater } from "../../workers/events/consumer";
import { deliverEvent } from "../../workers/integrations/deliver";
import { resetBreakers } from "../../workers/kernel/breaker";
import { newId } from "../../workers/kernel/ids";

// The 3-day rule runs on a fake clock: the integrations handler with its `now` passed in, posting for real to the
// test receiver. Three failed attempts stay under the breaker's threshold (5), so the breaker never decides here.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const lowStock = () => {
  const productId = newId("prd");
  return anEvent("LowStockAlert", productId, { productId, available: 1, reorderPoint: 5 }, { version: 2 });
};

/** One run of the integrations handler at `at`; a failed attempt asks the queue for a retry. */
async function deliverAt(event: ReturnType<typeof lowStock>, at: number): Promise<"handled" | "duplicate" | "retry"> {
  try {
    return await deliverEvent(env, event, at);
  } catch (err) {
    if (err instanceof RetryLater) return "retry";
    throw err;
  }
}

async function subscribe(key: string) {
  const { token } = await adminToken();
  const res = await api("POST", v1("/admin/webhooks"), { token, body: { url: `${RECEIVER}/hook/${key}`, eventTypes: ["LowStockAlert"] } });
  expect(res.status).toBe(201);
  return res.data as { id: string };
}

async function state(id: string) {
  const { token } = await adminToken();
  const res = await api("GET", v1(`/admin/webhooks/${id}`), { token });
  expect(res.status).toBe(200);
  return res.data as { status: string; failingSince: string | null; disabledAt: string | null };
}

async function deliveries(id: string) {
  const { token } = await adminToken();
  const res = await api("GET", v1(`/admin/webhooks/${id}/deliveries`), { token });
  expect(res.status).toBe(200);
  return res.data as { id: string; eventId: string; attempt: number; status: string }[];
}

const posted = async (key: string) => (await received(key)).map((r) => ({ eventId: r.headers["webhook-id"], status: r.status }));

describe("webhook endpoints that keep failing", () => {
  beforeEach(() => resetBreakers());

  it("are DISABLED once they have failed for 3 days (not at 2 days 23 h), send nothing while disabled, and an enable delivers every pending delivery once", async () => {
    const key = uniqueKey();
    await receiverMode(key, "fail");
    const hook = await subscribe(key);
    const t0 = Date.now();
    const [a, b, c, d] = [lowStock(), lowStock(), lowStock(), lowStock()];

    expect(await deliverAt(a, t0)).toBe("retry");
    expect(await state(hook.id)).toMatchObject({ status: "ACTIVE", failingSince: new Date(t0).toISOString(), disabledAt: null });

    expect(await deliverAt(b, t0 + 2 * DAY + 23 * HOUR)).toBe("retry");
    expect((await state(hook.id)).status).toBe("ACTIVE");

    // The first failure after 3 days of nothing but failures disables the endpoint; that delivery is kept, not retried.
    const disabledAt = t0 + 3 * DAY + MINUTE;
    expect(await deliverAt(c, disabledAt)).toBe("handled");
    expect(await state(hook.id)).toMatchObject({ status: "DISABLED", failingSince: new Date(t0).toISOString(), disabledAt: new Date(disabledAt).toISOString() });

    // While disabled: an event gets its delivery row, kept PENDING, and no request leaves, by the handler or the queue.
    expect(await deliverAt(d, disabledAt + MINUTE)).toBe("handled");
    const e = lowStock();
    await publish(e);
    await eventually(() => deliveries(hook.id), (l) => l.some((x) => x.eventId === e.eventId));
    const beforeEnable = await posted(key);
    expect(beforeEnable.map((p) => p.eventId)).toEqual([a.eventId, b.eventId, c.eventId]);
    const waiting = (await deliveries(hook.id)).filter((x) => x.status === "PENDING").map((x) => x.eventId);
    expect(new Set(waiting)).toEqual(new Set([a, b, c, d, e].map((x) => x.eventId)));

    // The receiver recovers; two enables race (a double click): every pending delivery is posted exactly once.
    await receiverMode(key, "ok");
    const { token } = await adminToken();
    const [first, second] = await Promise.all([
      api("POST", v1(`/admin/webhooks/${hook.id}/enable`), { token }),
      api("POST", v1(`/admin/webhooks/${hook.id}/enable`), { token }),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.data).toMatchObject({ id: hook.id, status: "ACTIVE", failingSince: null, disabledAt: null });
    expect(Math.max(first.data.pending, second.data.pending)).toBe(5);
    await eventually(() => deliveries(hook.id), (l) => l.filter((x) => x.status === "SUCCEEDED").length === 5 && !l.some((x) => x.status === "PENDING"));
    await new Promise((r) => setTimeout(r, 300));
    const ok = (await posted(key)).filter((p) => p.status === 200).map((p) => p.eventId);
    expect(ok.sort()).toEqual([a, b, c, d, e].map((x) => x.eventId).sort());
    expect((await state(hook.id)).status).toBe("ACTIVE");
  });

  it("count 3 days from the last success: a success in between restarts the run", async () => {
    const key = uniqueKey();
    await receiverMode(key, "fail-first", 1);
    const hook = await subscribe(key);
    const t0 = Date.now();
    expect(await deliverAt(lowStock(), t0)).toBe("retry");
    expect(await deliverAt(lowStock(), t0 + 2 * DAY)).toBe("handled");
    expect((await state(hook.id)).failingSince).toBeNull();
    await receiverMode(key, "fail");
    const later = t0 + 3 * DAY + HOUR;
    expect(await deliverAt(lowStock(), later)).toBe("retry");
    expect(await state(hook.id)).toMatchObject({ status: "ACTIVE", failingSince: new Date(later).toISOString() });
  });

  it("enable answers 404 WEBHOOK_NOT_FOUND for an unknown id and 400 for a malformed one", async () => {
    const { token } = await adminToken();
    const unknown = await api("POST", v1(`/admin/webhooks/${newId("whk")}/enable`), { token });
    expect(unknown.status).toBe(404);
    expect(unknown.errors[0]?.code).toBe("WEBHOOK_NOT_FOUND");
    const malformed = await api("POST", v1("/admin/webhooks/not-a-webhook/enable"), { token });
    expect(malformed.status).toBe(400);
    const missing = await api("GET", v1(`/admin/webhooks/${newId("whk")}`), { token });
    expect(missing.status).toBe(404);
    expect(missing.errors[0]?.code).toBe("WEBHOOK_NOT_FOUND");
  });

  it("enable is for admins only: 401 without a token, 403 for a customer or seller, and the endpoint stays DISABLED", async () => {
    const key = uniqueKey();
    await receiverMode(key, "fail");
    const hook = await subscribe(key);
    const t0 = Date.now();
    await deliverAt(lowStock(), t0);
    await deliverAt(lowStock(), t0 + 3 * DAY);
    expect((await state(hook.id)).status).toBe("DISABLED");
    expect((await api("POST", v1(`/admin/webhooks/${hook.id}/enable`))).status).toBe(401);
    for (const role of ["CUSTOMER", "SELLER"] as const) {
      const res = await api("POST", v1(`/admin/webhooks/${hook.id}/enable`), { token: await tokenFor(role) });
      expect(res.status).toBe(403);
    }
    expect((await state(hook.id)).status).toBe("DISABLED");
  });
});
