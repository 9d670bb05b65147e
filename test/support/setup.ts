import { applyD1Migrations, env } from "cloudflare:test";
import { contextDatabase, D1_CONTEXTS } from "../../workers/events/outbox-d1";

for (const context of D1_CONTEXTS) {
  await applyD1Migrations(contextDatabase(env, context), env.TEST_MIGRATIONS[context] ?? []);
}
