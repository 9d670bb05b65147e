// Timeouts and circuit breakers for every call that leaves our system (contract §5, "Outbound resilience"): the
// payment gateway, the mailer and each webhook endpoint. CLOSED → OPEN after a run of consecutive failures or
// timeouts; OPEN → HALF_OPEN once the cool-down has passed, which lets exactly one probe through; the probe's
// success closes it, its failure opens it again with twice the cool-down (capped). While OPEN no call is made: the
// caller gets BreakerOpen, and the queue consumer puts the message back with the remaining cool-down as its delay.
//
// Where the state lives: in the isolate's memory. A shared breaker (a Durable Object, KV, D1) would add a round
// trip to every outbound call, which is exactly the cost it is meant to save during an outage, and KV is too
// eventually consistent to trip quickly anyway. Per-isolate state converges: every isolate that keeps calling a
// dead dependency opens its own breaker after `failureThreshold` failures, so an outage costs at most
// threshold × (isolates running consumers) calls, then one probe per isolate per cool-down; and each closes on its
// own first successful probe. An isolate that is recycled starts CLOSED and trips again within the same
// threshold. (test/unit/breaker.test.ts shows two isolates' breakers converging on the same dependency.)
import { RetryLater } from "../events/consumer";
import { log } from "./logging";

export type BreakerState = "CLOSED" | "OPEN" | "HALF_OPEN";

export interface BreakerConfig {
  /** Consecutive failures (or timeouts) that open the breaker. Keep it ≤ the queues' max_retries (5). */
  failureThreshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
}

export interface BreakerSnapshot {
  state: BreakerState;
  /** When the breaker entered its current state (ISO-8601). */
  since: string;
  /** Consecutive failures counted so far (reset by a success). */
  failures: number;
}

/** The dependency is not being called right now; try again in `delaySeconds`. Never a reason to dead-letter. */
export class BreakerOpen extends RetryLater {
  constructor(readonly dependency: string, delaySeconds: number) {
    super(delaySeconds, `circuit breaker for ${dependency} is open; retrying in ${delaySeconds} s`, true);
    this.name = "BreakerOpen";
  }
}

/** A call that did not answer within its bound. Counted as a failure. */
export class OutboundTimeout extends Error {
  constructor(readonly dependency: string, readonly timeoutMs: number) {
    super(`${dependency} did not answer within ${timeoutMs} ms`);
    this.name = "OutboundTimeout";
  }
}

export class CircuitBreaker {
  private state: BreakerState = "CLOSED";
  private since: number;
  private failures = 0;
  private openUntil = 0;
  private cooldownMs: number;
  private probing = false;

  constructor(readonly dependency: string, private readonly config: BreakerConfig, private readonly clock: () => number = Date.now) {
    this.since = clock();
    this.cooldownMs = config.cooldownMs;
  }

  /** May a call go now? In HALF_OPEN only one probe is in flight at a time. */
  acquire(): { ok: true } | { ok: false; retryInMs: number } {
    const now = this.clock();
    if (this.state === "OPEN") {
      if (now < this.openUntil) return { ok: false, retryInMs: this.openUntil - now };
      this.move("HALF_OPEN", now);
    }
    if (this.state === "HALF_OPEN") {
      // The others wait briefly: the probe's answer decides within one call's timeout.
      if (this.probing) return { ok: false, retryInMs: 1_000 };
      this.probing = true;
    }
    return { ok: true };
  }

  success(): void {
    this.probing = false;
    this.failures = 0;
    this.cooldownMs = this.config.cooldownMs;
    if (this.state !== "CLOSED") this.move("CLOSED", this.clock());
  }

  failure(reason: string): void {
    const now = this.clock();
    this.failures++;
    const wasProbe = this.state === "HALF_OPEN";
    this.probing = false;
    if (wasProbe) this.cooldownMs = Math.min(this.cooldownMs * 2, this.config.maxCooldownMs);
    if (wasProbe || (this.state === "CLOSED" && this.failures >= this.config.failureThreshold)) {
      this.openUntil = now + this.cooldownMs;
      this.move("OPEN", now);
    }
    log("warn", "outbound call failed", { dependency: this.dependency, reason: reason.slice(0, 200), failures: this.failures, breaker: this.state });
  }

  snapshot(): BreakerSnapshot {
    // An OPEN breaker whose cool-down has passed is due a probe: report it as HALF_OPEN, as the next call will see it.
    const state = this.state === "OPEN" && this.clock() >= this.openUntil ? "HALF_OPEN" : this.state;
    return { state, since: new Date(state === this.state ? this.since : this.openUntil).toISOString(), failures: this.failures };
  }

  private move(to: BreakerState, now: number): void {
    log(to === "OPEN" ? "error" : "info", `circuit breaker ${to}`, { dependency: this.dependency, from: this.state, failures: this.failures, cooldownMs: this.cooldownMs });
    this.state = to;
    this.since = now;
  }
}

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

export function breakerConfig(env: Env): BreakerConfig {
  const cooldownMs = positive(env.BREAKER_COOLDOWN_SECONDS, 30) * 1000;
  return { failureThreshold: Math.floor(positive(env.BREAKER_FAILURE_THRESHOLD, 5)), cooldownMs, maxCooldownMs: Math.max(cooldownMs, 600_000) };
}

const registry = new Map<string, CircuitBreaker>();

/** This isolate's breaker for a dependency ("payment-gateway", "mailer", "webhook:whk_…"). */
export function breakerFor(env: Env, dependency: string): CircuitBreaker {
  let b = registry.get(dependency);
  if (!b) {
    b = new CircuitBreaker(dependency, breakerConfig(env));
    registry.set(dependency, b);
  }
  return b;
}

/** Every breaker this isolate has used, for /admin/metrics. */
export function breakerSnapshots(): Record<string, BreakerSnapshot> {
  return Object.fromEntries([...registry].sort(([a], [b]) => a.localeCompare(b)).map(([name, b]) => [name, b.snapshot()]));
}

/** Test seam: forget every breaker (a fresh isolate). */
export const resetBreakers = (): void => registry.clear();

/**
 * Runs one outbound call under the breaker and a timeout. `failed` classifies an answer that came back but means
 * the dependency is unwell (a mailer's "could not send"); a business refusal (a declined card) is not a failure.
 * A call that times out keeps running in the background but its answer is ignored: every outbound call we make is
 * idempotent (payment idempotency keys, webhook-id, notification ids), so the retry cannot charge or send twice.
 */
export async function guarded<T>(breaker: CircuitBreaker, timeoutMs: number, call: (signal: AbortSignal) => Promise<T>, failed: (answer: T) => string | null = () => null): Promise<T> {
  const permit = breaker.acquire();
  if (!permit.ok) throw new BreakerOpen(breaker.dependency, Math.max(1, Math.ceil(permit.retryInMs / 1000)));
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new OutboundTimeout(breaker.dependency, timeoutMs));
    }, timeoutMs);
  });
  try {
    const answer = await Promise.race([call(controller.signal), timeout]);
    const failure = failed(answer);
    if (failure) breaker.failure(failure);
    else breaker.success();
    return answer;
  } catch (err) {
    breaker.failure(err instanceof Error ? err.message : String(err));
    throw err;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
