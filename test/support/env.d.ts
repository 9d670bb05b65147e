import type { D1Migration } from "@cloudflare/vitest-plugin";

declare global {
  namespace Cloudflare {
    interface Env {
      FC_SEED: string;
      FC_PATH: string;
      FC_NUM_RUNS: string;
      TEST_MIGRATIONS: Record<string, D1Migration[]>;
      TEST_WRANGLER_QUEUES: {
        producers?: { binding: string; queue: string }[];
        consumers?: { queue: string; max_batch_size?: number; max_batch_timeout?: number; max_retries?: number; dead_letter_queue?: string; retry_delay?: number }[];
      };
    }
  }
}
