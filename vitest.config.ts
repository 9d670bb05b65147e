import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { unstable_readConfig } from "wrangler";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  // wrangler.toml's [assets] directory (storefront, /docs) must exist before the pool reads the config.
  execFileSync(process.execPath, ["scripts/build-assets.mjs"], { stdio: "inherit" });
  // Every context's migrations, applied per test file by test/support/setup.ts.
  const migrations: Record<string, unknown> = {};
  for (const context of readdirSync("schema")) {
    const dir = path.join("schema", context, "migrations");
    try {
      migrations[context] = await readD1Migrations(dir);
    } catch {
      // a folder without migrations (schema/shared) has nothing to apply
    }
  }
  // The parsed wrangler.toml, so the config test can check every queue consumer from inside workerd.
  const config = unstable_readConfig({ config: "wrangler.toml" });
  const queues = config.queues;

  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            TEST_WRANGLER_QUEUES: JSON.parse(JSON.stringify(queues)),
            // A fresh signing key per run: the repository holds no JWT secret, and the Worker refuses to run without one.
            JWT_SECRET: randomBytes(48).toString("base64url"),
            // Retries without waiting: a failing message reaches its dead-letter queue in milliseconds.
            QUEUE_RETRY_BASE_SECONDS: "0",
            // Background work (relays, alarms) may log after a test file ends; only warnings and errors are printed.
            LOG_LEVEL: "warn",
            // Tests register webhooks on the receiver's loopback-style host, as `npm start` allows locally.
            ALLOW_PRIVATE_WEBHOOK_URLS: "true",
            // Webhook retries without waiting (production: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h).
            WEBHOOK_RETRY_SCHEDULE_SECONDS: "0,0,0,0,0,0,0",
            // Circuit breakers probe again after 1 s (production: 30 s); a gateway call times out after 1.5 s (8 s).
            BREAKER_COOLDOWN_SECONDS: "1",
            PAYMENT_TIMEOUT_MS: "1500",
            // Sentry envelopes go to the test receiver (project 1), so tests can read what would be reported.
            SENTRY_DSN: "http://testkey@sentry.test/1",
            // The cross-origin storefront the CORS tests call from (wrangler.toml allows none by default).
            CORS_ALLOWED_ORIGINS: "https://shop.test, https://www.shop.test, *",
            // Property-test replay: FC_SEED=<seed> FC_PATH=<path> npx vitest run <file> reruns a reported failure;
            // FC_NUM_RUNS=<n> overrides every property's run count (e.g. a long soak run).
            FC_SEED: process.env.FC_SEED ?? "",
            FC_PATH: process.env.FC_PATH ?? "",
            FC_NUM_RUNS: process.env.FC_NUM_RUNS ?? "",
          },
          // Every outbound fetch (webhook deliveries, Sentry envelopes) goes to the test receiver worker.
          outboundService: "test-receiver",
          workers: [{ name: "test-receiver", modules: true, scriptPath: "./test/support/workers/receiver.mjs", compatibilityDate: "2026-11-01" }],
        },
      }),
    ],
    test: {
      setupFiles: ["./test/support/setup.ts"],
      include: ["test/**/*.test.ts"],
      silent: "passed-only",
      // The round-trip budget test's tables are printed whether it passes or not (test/budget/).
      reporters: ["default", "./test/budget/table-reporter.mjs"],
      // Most of a test's time is waiting on queues, alarms and D1 in workerd, not CPU: on a 2-core machine vitest's
      // default (cores − 1 = one file at a time) leaves the machine idle. Three files at a time halves the run.
      maxWorkers: 3,
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  };
});
