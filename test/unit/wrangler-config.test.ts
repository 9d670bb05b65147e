import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { contextOfQueue, INBOX_CONTEXTS, inboxQueueName, queueBinding } from "../../workers/events/routing";

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
});
