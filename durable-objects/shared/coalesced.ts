import { detached } from "../../workers/kernel/meter";

/**
 * Runs a background task (an object's relay) one at a time: a kick while it runs schedules exactly one more run
 * afterwards, so rows written during a send are never left waiting for the alarm, and sends never overlap.
 */
export class Coalesced {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly task: () => Promise<void>) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    // Background work: the object's caller does not wait for it (the binding meter counts it off the request path).
    this.running = detached(() => this.task()).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }
}
