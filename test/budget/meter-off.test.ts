import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { meterEnabled, meterEnv } from "../../workers/kernel/meter";
import { orderStub } from "../../workers/order/stub";
import { newId } from "../../workers/kernel/ids";

// The binding meter is a test seam: unless a test turns it on, entry points get their env untouched (no Proxy, no
// bookkeeping) and an object refuses the metered call path.
describe("binding meter, off", () => {
  it("is off unless a test turns it on, and then hands every env through unchanged", () => {
    expect(meterEnabled()).toBe(false);
    expect(meterEnv(env)).toBe(env);
  });

  it("leaves no way into an object through its metered entry while off", async () => {
    const stub = orderStub(env, newId("ord"));
    expect(await stub.meteredCall({ scope: "x", parent: null, detached: false }, "snapshot", [])).toEqual({ refused: "the binding meter is off" });
  });
});
