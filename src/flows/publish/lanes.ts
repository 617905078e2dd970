/**
 * The sender's lanes: one FIFO per channel account, so that each account's posts go out one after the
 * other in slot order (and its own rate limits apply to it alone), while up to `max` accounts are sent
 * to at the same time. A lane hands its place on after each task when other lanes wait (round robin).
 */
export class Lanes {
  private readonly queues = new Map<string, Array<() => Promise<void>>>();
  /** Lanes with work that are not running, in the order they asked. */
  private readonly ready: string[] = [];
  private running = 0;
  private queued = 0;
  private waiters: Array<{ ok: () => boolean; resolve: () => void }> = [];

  constructor(private readonly max: number) {}

  /** Tasks waiting for their turn (not the ones running). */
  get waiting(): number {
    return this.queued;
  }

  push(lane: string, task: () => Promise<void>): void {
    let q = this.queues.get(lane);
    if (!q) {
      q = [];
      this.queues.set(lane, q);
      this.ready.push(lane);
    }
    q.push(task);
    this.queued++;
    this.pump();
  }

  /** Resolves once fewer than `n` tasks wait (back-pressure for the claimer). */
  below(n: number): Promise<void> {
    return this.until(() => this.queued < n);
  }

  /** Resolves once every task has run. */
  idle(): Promise<void> {
    return this.until(() => this.queued === 0 && this.running === 0);
  }

  private until(ok: () => boolean): Promise<void> {
    if (ok()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ ok, resolve }));
  }

  private notify(): void {
    if (!this.waiters.length) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) (w.ok() ? w.resolve : () => still.push(w))();
    this.waiters = still;
  }

  private pump(): void {
    while (this.running < this.max && this.ready.length) {
      const lane = this.ready.shift()!;
      this.running++;
      void this.run(lane);
    }
  }

  private async run(lane: string): Promise<void> {
    const q = this.queues.get(lane)!;
    for (;;) {
      const task = q.shift();
      if (!task) {
        this.queues.delete(lane);
        break;
      }
      this.queued--;
      this.notify();
      try {
        await task();
      } catch {
        // Tasks handle their own failures; a throw here must not stop the lane.
      }
      if (q.length && this.ready.length) {
        // Others wait for a place: this lane goes to the back of the line, its order kept.
        this.ready.push(lane);
        break;
      }
    }
    this.running--;
    this.pump();
    this.notify();
  }
}
