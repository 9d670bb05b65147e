import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { contextOfQueue, INBOX_CONTEXTS, inboxQueueName, queueBinding } from "../../workers/events/routing";
import { INBOX_RETENTION_MS } from "../../workers/events/retention";
import { RETRY_SCHEDULE_SECONDS } from "../../workers/integrations/schedule";

// Local queue defaults (batch 5 / 1 s / 2 retries) differ from production's (10 / 5 s / 3), so nothing is left to
// defaults: every consumer states its settings, and every inbox has a dead-letter queue that is itself consumed.
const queues = env.TEST_WRANGLER_QUEUES;
const consumers = queues.consumers ?? [];
const producers = queues.producers ?? [];
const consumerOf = (queue: string) => consumers.find((c) => c.queue === queue);

describe("wrangler.toml queues", () => {
  it("gives every consumer explicit max_batch_size, max_batch_timeout, max_retries and dead_letter_queue within platform limits", () => {
    expect(consumers.length).toBeGreaterThan(0);
    for (const c of consumers) {
      expect(c, c.queue).toMatchObject({
        max_batch_size: expect.any(Number),
        max_batch_timeout: expect.any(Number),
        max_retries: expect.any(Number),
        dead_letter_queue: expect.any(String),
      });
      expect(c.max_batch_size!, c.queue).toBeGreaterThanOrEqual(1);
      expect(c.max_batch_size!, c.queue).toBeLessThanOrEqual(100);
      expect(c.max_batch_timeout!, c.queue).toBeLessThanOrEqual(60);
      expect(c.max_retries!, c.queue).toBeLessThanOrEqual(100);
      expect(c.dead_letter_queue, c.queue).not.toBe(c.queue);
    }
  });

  it("has an inbox queue per consuming context, produced by the relay and consumed with its own dead-letter queue", () => {
    for (const context of INBOX_CONTEXTS) {
      const queue = inboxQueueName(context);
      expect(producers.map((p) => p.queue), context).toContain(queue);
      expect(contextOfQueue(queue)).toEqual({ context, deadLetter: false });
      const consumer = consumerOf(queue);
      expect(consumer, queue).toBeDefined();
      expect(consumer!.max_retries!, queue).toBeGreaterThanOrEqual(1);
      expect(consumer!.dead_letter_queue).toBe(`commerce-${context}-dlq`);
      expect(contextOfQueue(consumer!.dead_letter_queue!)).toEqual({ context, deadLetter: true });
      // The dead-letter queue is consumed too, so its messages are recorded for replay instead of expiring unseen.
      expect(consumerOf(consumer!.dead_letter_queue!), `${context} dlq`).toBeDefined();
    }
  });

  it("has a consumer for every producer's queue, so no message is sent where no one reads (local brokers drop them)", () => {
    for (const p of producers) expect(consumerOf(p.queue), `${p.binding} → ${p.queue}`).toBeDefined();
  });

  it("binds each routing-table context to its own inbox queue", () => {
    const bindings = new Set(INBOX_CONTEXTS.map((c) => queueBinding(env, c)));
    expect(bindings.size).toBe(INBOX_CONTEXTS.length);
    for (const context of INBOX_CONTEXTS) {
      const binding = producers.find((p) => p.queue === inboxQueueName(context))!.binding;
      expect(queueBinding(env, context)).toBe((env as unknown as Record<string, Queue>)[binding]);
    }
  });

  it("keeps inbox messages for less time than the inbox keeps their ids, and webhook messages for their whole retry schedule", () => {
    // Set on the queues by scripts/provision-queues.mjs (test/scripts/provision-queues.test.mjs covers every queue).
    const retention = env.QUEUE_MESSAGE_RETENTION_SECONDS as Record<string, number>;
    const DAY_S = 86_400;
    expect(retention).toEqual({ inbox: expect.any(Number), integrations: expect.any(Number), dead_letter: expect.any(Number), overflow: expect.any(Number) });
    // A redelivery can only come while the queue still has the message: the id must outlive it, with a margin for
    // clock skew between the queue and the database (retries, at most 10 minutes apart, happen inside the retention).
    expect(retention.inbox! * 1000 + 6 * 3_600_000).toBeLessThanOrEqual(INBOX_RETENTION_MS);
    // …and no longer than needed: the window is what bounds the inbox's size (README "Storage model").
    expect(INBOX_RETENTION_MS).toBeLessThanOrEqual(2 * DAY_S * 1000);
    // A webhook message waits out its whole schedule (27.6 h) in its queue before the delivery is marked DEAD.
    const schedule = RETRY_SCHEDULE_SECONDS.reduce((a, b) => a + b, 0);
    expect(retention.integrations!).toBeGreaterThan(schedule + 3_600);
    // Dead letters wait for their consumer to record them; the overflow is for an operator, kept the platform maximum.
    expect(retention.dead_letter!).toBeGreaterThanOrEqual(retention.inbox!);
    expect(retention.overflow!).toBe(14 * DAY_S);
  });
});
