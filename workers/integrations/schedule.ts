// Webhook retry schedule after a failed attempt (Standard Webhooks' recommended shape): 5 s, 5 min, 30 min, 2 h,
// 5 h, 10 h, 10 h. Eight attempts over about 27.6 hours, then the delivery is DEAD (replayable).
// The integrations queue's max_retries (wrangler.toml) is at least the number of retries, so the queue never
// dead-letters a message while a delivery still has a scheduled retry.
export const RETRY_SCHEDULE_SECONDS: readonly number[] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/** Queues cap a retry delay at 12 hours. */
export const MAX_QUEUE_DELAY_SECONDS = 43_200;

/** Tests shorten the schedule with WEBHOOK_RETRY_SCHEDULE_SECONDS ("0,0,0"); production uses the constant. */
export function retrySchedule(env: Env): readonly number[] {
  const override = (env as unknown as Record<string, unknown>).WEBHOOK_RETRY_SCHEDULE_SECONDS;
  if (typeof override !== "string" || override.trim() === "") return RETRY_SCHEDULE_SECONDS;
  const parsed = override.split(",").map((s) => Number(s.trim()));
  return parsed.every((n) => Number.isInteger(n) && n >= 0) ? parsed : RETRY_SCHEDULE_SECONDS;
}
