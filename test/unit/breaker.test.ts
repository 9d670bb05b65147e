import { describe, expect, it } from "vitest";
import { BreakerOpen, CircuitBreaker, guarded, OutboundTimeout } from "../../workers/kernel/breaker";

const config = { failureThreshold: 3, cooldownMs: 1_000, maxCooldownMs: 4_000 };

function clocked() {
  let now = 1_000_000;
  return { clock: () => now, advance: (ms: number) => void (now += ms) };
}

/** A dependency that is down until `up()`; counts the calls that reach it. */
function dependency() {
  let healthy = false;
  const state = { calls: 0 };
  return {
    state,
    up: () => void (healthy = true),
    call: async () => {
      state.calls++;
      if (!healthy) throw new Error("503 from dependency");
      return "ok";
    },
  };
}

describe("circuit breaker", () => {
  it("opens after a run of failures, rejects without calling while open, probes once after the cool-down, closes on success", async () => {
    const t = clocked();
    const b = new CircuitBreaker("dep", config, t.clock);
    const dep = dependency();
    for (let i = 0; i < 3; i++) await expect(guarded(b, 100, dep.call)).rejects.toThrow("503");
    expect(b.snapshot()).toMatchObject({ state: "OPEN", failures: 3 });
    for (let i = 0; i < 10; i++) await expect(guarded(b, 100, dep.call)).rejects.toBeInstanceOf(BreakerOpen);
    expect(dep.state.calls).toBe(3);
    t.advance(999);
    await expect(guarded(b, 100, dep.call)).rejects.toMatchObject({ delaySeconds: 1, requeue: true });
    t.advance(1);
    expect(b.snapshot().state).toBe("HALF_OPEN");
    dep.up();
    expect(await guarded(b, 100, dep.call)).toBe("ok");
    expect(b.snapshot()).toMatchObject({ state: "CLOSED", failures: 0 });
    expect(dep.state.calls).toBe(4);
  });

  it("lets one probe through at a time, and a failed probe opens it again for twice as long (capped)", async () => {
    const t = clocked();
    const b = new CircuitBreaker("dep", config, t.clock);
    for (let i = 0; i < 3; i++) b.failure("down");
    t.advance(1_000);
    expect(b.acquire()).toEqual({ ok: true });
    expect(b.acquire()).toMatchObject({ ok: false });
    b.failure("still down");
    expect(b.snapshot().state).toBe("OPEN");
    t.advance(1_999);
    expect(b.acquire()).toEqual({ ok: false, retryInMs: 1 });
    t.advance(1);
    expect(b.acquire()).toEqual({ ok: true });
    b.failure("still down"); // cool-down 4 s
    t.advance(4_000);
    expect(b.acquire()).toEqual({ ok: true });
    b.failure("still down"); // capped at 4 s
    t.advance(3_999);
    expect(b.acquire()).toMatchObject({ ok: false });
    t.advance(1);
    expect(b.acquire()).toEqual({ ok: true });
    b.success();
    for (let i = 0; i < 2; i++) b.failure("blip");
    expect(b.snapshot().state).toBe("CLOSED"); // a success resets the run: two failures do not open it
  });

  it("counts a call that does not answer within its bound as a failure", async () => {
    const b = new CircuitBreaker("slow", { ...config, failureThreshold: 1 });
    const started = Date.now();
    await expect(guarded(b, 50, () => new Promise<string>((r) => setTimeout(() => r("late"), 1_000)))).rejects.toBeInstanceOf(OutboundTimeout);
    expect(Date.now() - started).toBeLessThan(900);
    expect(b.snapshot()).toMatchObject({ state: "OPEN", failures: 1 });
  });

  it("counts an answer the caller classifies as failed (a mailer's 'could not send'), but not a business refusal", async () => {
    const b = new CircuitBreaker("mail", config);
    const outcome = (ok: boolean) => async () => (ok ? { ok: true as const } : { ok: false as const, error: "smtp 451" });
    const failed = (o: { ok: boolean }) => (o.ok ? null : "not sent");
    for (let i = 0; i < 2; i++) await guarded(b, 100, outcome(false), failed);
    expect(b.snapshot()).toMatchObject({ state: "CLOSED", failures: 2 });
    await guarded(b, 100, outcome(true), failed);
    expect(b.snapshot().failures).toBe(0);
  });

  it("converges per isolate: two isolates' breakers each stop calling a dead dependency and each recover on their own probe", async () => {
    const t = clocked();
    const isolates = [new CircuitBreaker("dep", config, t.clock), new CircuitBreaker("dep", config, t.clock)];
    const dep = dependency();
    // 40 calls per isolate over 4 s of outage, interleaved.
    for (let step = 0; step < 40; step++) {
      for (const b of isolates) await guarded(b, 100, dep.call).catch(() => undefined);
      t.advance(100);
    }
    // Each isolate: 3 failures to open, then one probe per cool-down (1 s, then 2 s): at most 2 probes in 4 s.
    expect(dep.state.calls).toBeLessThanOrEqual(2 * (3 + 2));
    expect(isolates.map((b) => b.snapshot().state)).toEqual(["OPEN", "OPEN"]);
    dep.up();
    t.advance(4_000);
    for (const b of isolates) expect(await guarded(b, 100, dep.call)).toBe("ok");
    expect(isolates.map((b) => b.snapshot().state)).toEqual(["CLOSED", "CLOSED"]);
  });
});
