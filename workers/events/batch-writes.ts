// One D1 write transaction per database per queue batch, instead of one per message (issue 12: a context database
// takes ~500 write transactions per second, so at 1,000 orders/s its writes must be shared across orders).
//
// The consumer hands its handlers an env whose D1 bindings coalesce `batch()` calls: each call waits until every
// handler of the queue batch (and every background task they started) is either finished or waiting here too, then
// all waiting calls to one database run as one `db.batch`, each caller getting back its own statements' results.
// A D1 batch is one transaction, so the combined one either applies every caller's statements or none: when it
// fails (a redelivered message's inbox insert, one handler's bad statement) each caller's batch runs again on its
// own, exactly as it would have without coalescing, so a duplicate is still a duplicate, a failure stays that
// message's failure, and no effect is applied twice or lost. Running callers back to back in one transaction is the
// same as running them one after the other, which is what concurrent handlers may already see.
// Only `batch()` is coalesced; a single statement's `run()`, reads and sessions go straight to the database.

/** A caller never waits longer than this for the rest of its queue batch (a handler slow on something else). */
export const COALESCE_MAX_WAIT_MS = 25;

interface Waiting {
  statements: D1PreparedStatement[];
  resolve(results: D1Result[]): void;
  reject(err: unknown): void;
}

export class WriteCoalescer {
  private running = 0;
  private waiting = new Map<D1Database, Waiting[]>();
  private waitingCount = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private checkQueued = false;
  private readonly wrapped = new Map<string, D1Database>();

  /** Counts `work` as running until it settles: a flush waits for it to finish or to wait here. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running++;
    return work.finally(() => {
      this.running--;
      this.scheduleCheck();
    });
  }

  /** The env the handlers get: its DB_* bindings coalesce their batches; every other binding is the env's own. */
  env(env: Env): Env {
    return new Proxy(env, {
      get: (t, prop) => {
        const v = Reflect.get(t, prop, t) as unknown;
        if (typeof prop !== "string" || !prop.startsWith("DB_") || !v) return v;
        let d1 = this.wrapped.get(prop);
        if (!d1) {
          d1 = this.database(v as D1Database);
          this.wrapped.set(prop, d1);
        }
        return d1;
      },
    });
  }

  private database(inner: D1Database): D1Database {
    return new Proxy(inner, {
      get: (t, prop) => {
        if (prop === "batch") return (statements: D1PreparedStatement[]) => this.enqueue(t, statements);
        const v = Reflect.get(t, prop, t) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
  }

  private enqueue(inner: D1Database, statements: D1PreparedStatement[]): Promise<D1Result[]> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(inner) ?? [];
      list.push({ statements, resolve, reject });
      this.waiting.set(inner, list);
      this.waitingCount++;
      this.timer ??= setTimeout(() => this.flush(), COALESCE_MAX_WAIT_MS);
      this.scheduleCheck();
    });
  }

  /** Checked after the current microtasks, so callers that become ready together are flushed together. */
  private scheduleCheck(): void {
    if (this.checkQueued) return;
    this.checkQueued = true;
    queueMicrotask(() => {
      this.checkQueued = false;
      if (this.waitingCount > 0 && this.waitingCount >= this.running) this.flush();
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const groups = [...this.waiting];
    this.waiting = new Map();
    this.waitingCount = 0;
    for (const [inner, callers] of groups) void runCombined(inner, callers);
  }
}

async function runCombined(inner: D1Database, callers: Waiting[]): Promise<void> {
  if (callers.length > 1) {
    let results: D1Result[] | null = null;
    try {
      results = await inner.batch(callers.flatMap((c) => c.statements));
    } catch {
      // Nothing of the combined transaction was applied: each caller's own batch decides its own outcome below.
    }
    if (results) {
      let at = 0;
      for (const c of callers) {
        c.resolve(results.slice(at, at + c.statements.length));
        at += c.statements.length;
      }
      return;
    }
  }
  await Promise.all(callers.map(async (c) => {
    try {
      c.resolve(await inner.batch(c.statements));
    } catch (err) {
      c.reject(err);
    }
  }));
}
