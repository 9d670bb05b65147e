import { env, listDurableObjectIds, runDurableObjectAlarm } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { eventLogCounts } from "./event-log";
import { contextDatabase, D1_CONTEXTS, db, sweepD1Outboxes, SWEEP_GRACE_MS } from "../../workers/events/outbox-d1";

async function d1Pending(): Promise<number> {
  const counts = await Promise.all(
    D1_CONTEXTS.map(async (ctx) => {
      const [row] = await db(contextDatabase(env, ctx)).all<{ n: number }>(sql`SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL`);
      return Number(row?.n ?? 0);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

async function progress(): Promise<string> {
  const ops = db(env.DB_OPERATIONS);
  const log = await eventLogCounts();
  const [c] = await ops.all<{ n: number }>(sql`SELECT COUNT(*) AS n FROM dead_letters`);
  return `${log.events}/${log.deliveries}/${log.attempts}/${c?.n}/${await d1Pending()}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs every scheduled Durable Object alarm once (outbox retries, due expiries). Returns how many ran. */
export async function runAlarms(): Promise<number> {
  let ran = 0;
  for (const ns of [env.INVENTORY_ITEM, env.ORDER] as unknown as DurableObjectNamespace[]) {
    for (const id of await listDurableObjectIds(ns)) {
      if (await runDurableObjectAlarm(ns.get(id))) ran++;
    }
  }
  return ran;
}

/**
 * Drains the system: sweeps D1 outboxes, runs Durable Object alarms and waits for the queues, until nothing moves
 * for a few consecutive checks. Tests call it after a command, then assert the end state.
 */
export async function settle(opts: { timeoutMs?: number; alarms?: boolean } = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let last = "";
  let stable = 0;
  while (Date.now() < deadline) {
    await sweepD1Outboxes(env, undefined, Date.now() + SWEEP_GRACE_MS);
    if (opts.alarms !== false) await runAlarms();
    await sleep(40);
    const now = await progress();
    stable = now === last ? stable + 1 : 0;
    last = now;
    if (stable >= 4 && now.endsWith("/0")) return;
  }
  throw new Error(`system did not settle: ${last}`);
}

/** Polls until the check passes (eventual consistency), or fails with the last value seen. */
export async function eventually<T>(check: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await check();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await sleep(30);
    value = await check();
  }
  return value;
}
