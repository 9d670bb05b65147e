import { applyD1Migrations, env } from "cloudflare:test";
import { afterAll } from "vitest";
import { settle } from "./settle";
import { contextDatabase, D1_CONTEXTS } from "../../workers/events/outbox-d1";

for (const context of D1_CONTEXTS) {
  await applyD1Migrations(contextDatabase(env, context), env.TEST_MIGRATIONS[context] ?? []);
}

// Let queued events, relays and alarms finish before the file's runtime is torn down.
afterAll(async () => {
  await settle();
});
