import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { backoffDelay, toError, type BusHandler, type BusMessage, type ResolvedConsumeOptions } from './bus.js';
import type { Logger } from '../log/log.js';

export const HDR_ID = 'Sotong-Id';
export const HDR_AT = 'Sotong-Published-At';
const FETCH_EXPIRES_MS = 5_000;

/** What a consumer group needs of the NATS bus that owns it. */
export interface ConsumerHost {
  readonly stream: string;
  readonly log: Logger;
  consumer(name: string): Promise<Consumer>;
  toMessage<T>(m: JsMsg, subject: string, attempt: number): BusMessage<T>;
}

/** Counts free handler slots; waiters are served in order. */
class Slots {
  private waiters: (() => void)[] = [];
  constructor(private free: number) {}
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.free++;
  }
}

/** One `consume` call: a fetch loop per subject pattern's consumer, sharing `concurrency` handler slots. */
export class ConsumerGroup {
  private readonly slots: Slots;
  private readonly inflight = new Set<Promise<void>>();
  private readonly batches = new Set<ConsumerMessages>();
  private readonly loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();
  private closing = false;

  constructor(
    private readonly bus: ConsumerHost,
    private readonly queue: string,
    private readonly names: string[],
    private readonly handler: BusHandler<unknown>,
    private readonly opts: ResolvedConsumeOptions,
  ) {
    this.slots = new Slots(opts.concurrency);
  }

  start(): void {
    for (const name of this.names) this.loops.push(this.pull(name));
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const b of this.batches) b.stop();
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops);
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  private async pull(name: string): Promise<void> {
    const { concurrency } = this.opts;
    const lowWater = Math.max(1, Math.floor(concurrency / 4));
    let held = 0;
    let wake: () => void = () => {};
    const changed = () => {
      let resolve: () => void = () => {};
      const p = new Promise<void>((r) => (resolve = r));
      wake = resolve;
      this.wakers.add(resolve);
      return p.finally(() => this.wakers.delete(resolve));
    };
    let consumer: Consumer | undefined;
    while (!this.closing) {
      const free = concurrency - held;
      if (free < lowWater) {
        await changed();
        continue;
      }
      try {
        consumer ??= await this.bus.consumer(name);
        const batch = await consumer.fetch({ max_messages: free, expires: FETCH_EXPIRES_MS });
        this.batches.add(batch);
        try {
          for await (const m of batch) {
            held++;
            const settled = this.handle(m, () => {
              held--;
              wake();
            });
            this.inflight.add(settled);
            void settled.finally(() => this.inflight.delete(settled));
          }
        } finally {
          this.batches.delete(batch);
        }
      } catch (e) {
        if (this.closing) break;
        this.bus.log.warn({ err: toError(e), queue: this.queue, consumer: name }, 'bus fetch failed; retrying');
        await Promise.race([new Promise((r) => setTimeout(r, 1_000)), changed()]);
      }
    }
  }

  /** Runs the handler for one delivery; resolves once its slot is released (done, or ack wait expired). */
  private async handle(m: JsMsg, release: () => void): Promise<void> {
    const { maxDeliver, ackWaitMs, backoffMs } = this.opts;
    const received = Date.now();
    const attempt = m.info.deliveryCount;
    const msg = this.bus.toMessage<unknown>(m, m.subject.slice(this.bus.stream.length + 1), attempt);
    if (attempt > maxDeliver) {
      // Earlier deliveries were never acknowledged (hung handler or dead process): give up on it.
      m.working();
      await this.deadLetter({ ...msg, attempt: maxDeliver }, new Error(`not acknowledged within the ack wait of ${ackWaitMs} ms`));
      m.term();
      release();
      return;
    }
    await this.slots.acquire();
    let settled = false;
    let expire: () => void = () => {};
    const expired = new Promise<void>((resolve) => (expire = resolve));
    const timer = setTimeout(
      () => {
        settled = true;
        this.slots.release();
        release();
        expire();
      },
      ackWaitMs - (Date.now() - received),
    );
    const work = (async () => {
      let error: Error | undefined;
      try {
        await this.handler(msg);
      } catch (e) {
        error = toError(e);
      }
      if (settled) return; // the ack wait expired: the server redelivers it, this outcome no longer counts
      settled = true;
      clearTimeout(timer);
      if (!error) {
        m.ack();
      } else if (attempt >= maxDeliver) {
        m.working();
        await this.deadLetter(msg, error);
        m.term();
      } else {
        this.bus.log.debug({ err: error, queue: this.queue, id: msg.id, attempt }, 'bus message will be redelivered');
        m.nak(backoffDelay(backoffMs, attempt));
      }
      this.slots.release();
      release();
    })();
    await Promise.race([work, expired]);
  }

  private async deadLetter(msg: BusMessage, error: Error): Promise<void> {
    if (!this.opts.onDeadLetter) {
      this.bus.log.warn({ err: error, queue: this.queue, subject: msg.subject, id: msg.id, attempt: msg.attempt }, 'bus message dead-lettered');
      return;
    }
    try {
      await this.opts.onDeadLetter(msg, error);
    } catch (e) {
      this.bus.log.error({ err: toError(e), queue: this.queue, id: msg.id }, 'bus dead-letter callback failed');
    }
  }
}
