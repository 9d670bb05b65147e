// scripts/provision-queues.mjs: every queue wrangler.toml names gets an explicit message retention (node --test).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { unstable_readConfig } from "wrangler";
import { retentionPlan } from "../../scripts/provision-queues.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const config = unstable_readConfig({ config: path.join(root, "wrangler.toml") });

test("every queue named in wrangler.toml is provisioned with its role's retention", () => {
  // Counted from the file's text, independently of how the script walks the parsed config.
  const named = new Set([...readFileSync(path.join(root, "wrangler.toml"), "utf8").matchAll(/^(?:queue|dead_letter_queue) = "([^"]+)"/gm)].map((m) => m[1]));
  const plan = retentionPlan(config);
  assert.deepEqual(plan.map((p) => p.queue).sort(), [...named].sort());
  const of = (queue) => plan.find((p) => p.queue === queue);
  assert.equal(of("commerce-order-inbox").seconds, 86_400);
  assert.equal(of("commerce-notification-inbox").seconds, 86_400);
  assert.equal(of("commerce-integrations-inbox").seconds, 172_800);
  assert.equal(of("commerce-payment-dlq").role, "dead_letter");
  assert.equal(of("commerce-dead-letter-overflow").role, "overflow");
});

test("fails closed when the retention table or a role's value is missing", () => {
  assert.throws(() => retentionPlan({ ...config, vars: {} }), /QUEUE_MESSAGE_RETENTION_SECONDS/);
  const { dead_letter: _dropped, ...rest } = config.vars.QUEUE_MESSAGE_RETENTION_SECONDS;
  assert.throws(() => retentionPlan({ ...config, vars: { QUEUE_MESSAGE_RETENTION_SECONDS: rest } }), /commerce-cart-dlq/);
  assert.throws(() => retentionPlan({ ...config, vars: { QUEUE_MESSAGE_RETENTION_SECONDS: { ...rest, dead_letter: 30 } } }), /no valid retention/);
});
