// Creates (or updates) every queue wrangler.toml names, with its message retention: a queue-level setting that
// wrangler.toml has no field for, so `wrangler deploy` alone would leave each queue at the platform's 4 days, and
// the inbox-id window (workers/events/retention.ts INBOX_RETENTION_MS) is only sound for the retention set here.
// Usage: npm run queues:provision [-- --dry-run]  (the dry run prints the plan and changes nothing).
import { pathToFileURL } from "node:url";
import path from "node:path";
import { unstable_readConfig } from "wrangler";
import { root, wrangler } from "./wrangler.mjs";

/** Which retention a queue takes (the keys of [vars] QUEUE_MESSAGE_RETENTION_SECONDS). */
export function queueRole(queue) {
  if (queue === "commerce-dead-letter-overflow") return "overflow";
  if (queue.endsWith("-dlq")) return "dead_letter";
  if (queue === "commerce-integrations-inbox") return "integrations";
  return "inbox";
}

/** Every queue the config produces to, consumes from or dead-letters into, with its role and retention. */
export function retentionPlan(config) {
  const retention = config.vars?.QUEUE_MESSAGE_RETENTION_SECONDS;
  if (!retention || typeof retention !== "object") throw new Error("wrangler.toml [vars] has no QUEUE_MESSAGE_RETENTION_SECONDS table");
  const names = new Set();
  for (const p of config.queues?.producers ?? []) names.add(p.queue);
  for (const c of config.queues?.consumers ?? []) {
    names.add(c.queue);
    if (c.dead_letter_queue) names.add(c.dead_letter_queue);
  }
  return [...names].sort().map((queue) => {
    const role = queueRole(queue);
    const seconds = retention[role];
    // Fail closed: a queue left to the platform default would silently break the inbox window's arithmetic.
    if (!Number.isInteger(seconds) || seconds < 60 || seconds > 1_209_600) throw new Error(`no valid retention for ${queue} (role ${role}): ${seconds}`);
    return { queue, role, seconds };
  });
}

async function main() {
  const dryRun = process.argv.includes("--dry-run");
  const plan = retentionPlan(unstable_readConfig({ config: path.join(root, "wrangler.toml") }));
  for (const { queue, role, seconds } of plan) {
    const flag = ["--message-retention-period-secs", String(seconds)];
    if (dryRun) {
      console.log(`${queue}\t${role}\t${seconds}`);
      continue;
    }
    try {
      await wrangler(["queues", "create", queue, ...flag]);
      console.log(`created ${queue} (${seconds} s)`);
    } catch {
      // Already there: update keeps its other settings and sets the retention.
      await wrangler(["queues", "update", queue, ...flag]);
      console.log(`updated ${queue} (${seconds} s)`);
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
