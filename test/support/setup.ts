import { afterAll } from "vitest";
import { applyD1Migrations, env } from "cloudflare:test";
import { settle } from "./settle";
import { contextDatabase, D1_CONTEXTS } from "../../workers/events/outbox-d1";

for (const context of D1_CONTEXTS) {
  await applyD1Migrations(contextDatabase(env, context), env.TEST_MIGRATIONS[context] ?? []);
}

// Queue deliveries and relays outlive the test that caused them; a log line they write after the file's runtime
// is torn down fails the whole run ("Closing rpc while onUserConsoleLog was pending"). Drain before teardown.
afterAll(async () => {
  await settle({ alarms: false });
});
