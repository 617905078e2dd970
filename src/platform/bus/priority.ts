import type { Bus, BusHandler, ConsumeOptions, PublishOptions, Subscription } from './bus.js';

export interface PriorityOptions {
  /** Work queues that go first: their handlers count as intake work in this process. */
  first: string[];
  /** Work queues that give way (names, or a test): their handlers wait while intake work runs. Other queues are untouched. */
  yielding: string[] | ((queue: string) => boolean);
  /** Intake counts as busy for this long after its last handler finished (default 20 ms). */
  quietMs?: number;
  /** While intake stays busy, one waiting handler per yielding queue passes every maxWaitMs, so derived work is slowed, never starved (default 1,000 ms). */
  maxWaitMs?: number;
}

/**
 * Intake before derived work, per process. A decorator of any {@link Bus}: handlers of the `first`
 * queues (the ingest pipeline) run as they come; a handler of a `yielding` queue (inbox grouping and
 * routing: work that can catch up after a peak) waits until no intake work has run in this process for
 * `quietMs`; while intake stays busy, one waiting handler of each such queue passes every `maxWaitMs`. During a peak the
 * items are received, stored, deduplicated and analysed at full speed; what derives from them trickles
 * on during the peak and drains at full rate after it. The waiting happens inside the handler, which
 * keeps its slot: a waiting consumer pulls no more messages. A handler may wait up to (its consumer's
 * concurrency × maxWaitMs) under an endless peak, which must stay below the queue's ack wait.
 */
export class PriorityBus implements Bus {
  readonly kind: Bus['kind'];
  private readonly first: Set<string>;
  private readonly yields: (queue: string) => boolean;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private active = 0;
  private lastDone = -Infinity;
  /** Per yielding queue: when its next waiting handler may pass although intake is still busy. */
  private readonly nextTrickle = new Map<string, number>();
  /** Statistics: how often and how long yielding handlers waited. */
  readonly waited = { count: 0, ms: 0 };

  constructor(
    private readonly inner: Bus,
    opts: PriorityOptions,
  ) {
    this.kind = inner.kind;
    this.first = new Set(opts.first);
    const yielding = opts.yielding;
    this.yields = typeof yielding === 'function' ? (q) => !this.first.has(q) && yielding(q) : (q) => yielding.includes(q);
    for (const q of this.first) if (this.yields(q)) throw new Error(`bus queue "${q}" cannot both go first and yield`);
    this.quietMs = opts.quietMs ?? 20;
    this.maxWaitMs = opts.maxWaitMs ?? 1_000;
    if (!(this.quietMs >= 0 && this.maxWaitMs >= 0)) throw new Error('priority bus: quietMs and maxWaitMs must be >= 0');
  }

  publish(subject: string, data: unknown, opts?: PublishOptions): Promise<void> {
    return this.inner.publish(subject, data, opts);
  }

  subscribe<T = unknown>(subject: string, handler: BusHandler<T>): Promise<Subscription> {
    return this.inner.subscribe(subject, handler);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  consume<T = unknown>(queue: string, subjects: string[], handler: BusHandler<T>, opts?: ConsumeOptions): Promise<Subscription> {
    if (this.first.has(queue)) {
      return this.inner.consume<T>(
        queue,
        subjects,
        async (msg) => {
          this.active++;
          try {
            await handler(msg);
          } finally {
            this.active--;
            this.lastDone = performance.now();
          }
        },
        opts,
      );
    }
    if (this.yields(queue)) {
      return this.inner.consume<T>(
        queue,
        subjects,
        async (msg) => {
          await this.giveWay(queue);
          await handler(msg);
        },
        opts,
      );
    }
    return this.inner.consume(queue, subjects, handler, opts);
  }

  /** Whether intake work runs (or ran within quietMs) in this process. */
  busy(): boolean {
    return this.active > 0 || performance.now() - this.lastDone < this.quietMs;
  }

  /**
   * Waits while intake is busy, checking every quietMs. While it stays busy, one waiting handler of
   * the queue is let through every maxWaitMs (a trickle), so derived work is slowed, never starved.
   */
  private async giveWay(queue: string): Promise<void> {
    if (!this.busy()) return;
    const started = performance.now();
    // The trickle's clock starts when a handler of the queue first finds intake busy.
    if (!((this.nextTrickle.get(queue) ?? -Infinity) >= started)) this.nextTrickle.set(queue, started + this.maxWaitMs);
    for (let now = started; this.busy(); now = performance.now()) {
      const next = this.nextTrickle.get(queue)!;
      if (now >= next) {
        this.nextTrickle.set(queue, now + this.maxWaitMs);
        break;
      }
      const quietIn = this.active > 0 ? this.quietMs : this.lastDone + this.quietMs - now;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(quietIn, next - now))));
    }
    this.waited.count++;
    this.waited.ms += performance.now() - started;
  }
}
