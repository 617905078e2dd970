import crypto from 'node:crypto';
import { silentLogger, type Logger } from '../log/log.js';
import {
  assertPattern,
  assertQueueSubjects,
  assertSubject,
  backoffDelay,
  resolveConsumeOptions,
  subjectMatches,
  toError,
  type Bus,
  type BusHandler,
  type BusMessage,
  type ConsumeOptions,
  type PublishOptions,
  type ResolvedConsumeOptions,
  type Subscription,
} from './bus.js';

/**
 * The in-process bus: the embedded default. Same delivery semantics as the NATS bus within one process,
 * but nothing survives the process (see docs/adr/0002-bus.md). Message data goes through JSON on publish,
 * exactly as on NATS, so handlers never share object references with the publisher.
 */
export interface MemoryBusOptions {
  logger?: Logger;
  /** How long a publish id is remembered for de-duplication (default 2 min, as NATS JetStream). */
  dedupeWindowMs?: number;
  /** How long published messages are kept for work queues that have not started yet (default 15 min). */
  retainMs?: number;
  /** At most this many messages are kept for queues that have not started yet (default 10,000). */
  retainMax?: number;
}

interface Stored {
  id: string;
  subject: string;
  json: string | undefined;
  publishedAt: Date;
}

interface Delivery {
  stored: Stored;
  /** Number of this delivery (1 on the first). */
  attempt: number;
}

/** A FIFO with O(1) push and shift. */
class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  peek(): T | undefined {
    return this.items[this.head];
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i] as T;
  }
}

interface Consumer {
  handler: BusHandler<unknown>;
  opts: ResolvedConsumeOptions;
  /** Deliveries holding a concurrency slot (handler running and ack wait not expired). */
  active: number;
  inflight: Set<Promise<void>>;
  closed: boolean;
}

interface Queue {
  name: string;
  subjects: string[];
  ready: Fifo<Delivery>;
  consumers: Consumer[];
  next: number;
}

interface LiveSub {
  pattern: string;
  handler: BusHandler<unknown>;
  chain: Promise<void>;
  closed: boolean;
}

function toMessage<T>(stored: Stored, attempt: number): BusMessage<T> {
  return {
    subject: stored.subject,
    data: (stored.json === undefined ? undefined : JSON.parse(stored.json)) as T,
    id: stored.id,
    attempt,
    publishedAt: new Date(stored.publishedAt),
  };
}

export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private readonly log: Logger;
  private readonly dedupeWindowMs: number;
  private readonly retainMs: number;
  private readonly retainMax: number;
  private readonly retained = new Fifo<Stored>();
  private readonly seenIds = new Map<string, number>();
  private readonly queues = new Map<string, Queue>();
  private readonly subs = new Set<LiveSub>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly closers = new Set<() => Promise<void>>();
  private closed = false;

  constructor(opts: MemoryBusOptions = {}) {
    this.log = opts.logger ?? silentLogger;
    this.dedupeWindowMs = opts.dedupeWindowMs ?? 120_000;
    this.retainMs = opts.retainMs ?? 15 * 60_000;
    this.retainMax = opts.retainMax ?? 10_000;
  }

  async publish(subject: string, data: unknown, opts: PublishOptions = {}): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    assertSubject(subject);
    const now = Date.now();
    if (opts.id !== undefined) {
      this.forgetOldIds(now);
      if (this.seenIds.has(opts.id)) return;
      this.seenIds.set(opts.id, now);
    }
    const stored: Stored = { id: opts.id ?? crypto.randomUUID(), subject, json: JSON.stringify(data), publishedAt: new Date(now) };
    this.retained.push(stored);
    this.trimRetained(now);
    for (const q of this.queues.values()) {
      if (q.subjects.some((p) => subjectMatches(p, subject))) {
        q.ready.push({ stored, attempt: 1 });
        this.dispatch(q);
      }
    }
    for (const sub of this.subs) {
      if (subjectMatches(sub.pattern, subject)) this.enqueueLive(sub, stored);
    }
  }

  async consume<T = unknown>(queue: string, subjects: string[], handler: BusHandler<T>, options: ConsumeOptions = {}): Promise<Subscription> {
    if (this.closed) throw new Error('bus is closed');
    assertQueueSubjects(queue, subjects);
    const opts = resolveConsumeOptions(options);
    let q = this.queues.get(queue);
    if (!q) {
      q = { name: queue, subjects: [...subjects], ready: new Fifo(), consumers: [], next: 0 };
      this.trimRetained(Date.now());
      for (const stored of this.retained) {
        if (subjects.some((p) => subjectMatches(p, stored.subject))) q.ready.push({ stored, attempt: 1 });
      }
      this.queues.set(queue, q);
    } else if ([...q.subjects].sort().join(' ') !== [...subjects].sort().join(' ')) {
      throw new Error(`bus queue "${queue}" already consumes [${q.subjects.join(', ')}]; it cannot also consume [${subjects.join(', ')}]`);
    }
    const consumer: Consumer = { handler: handler as BusHandler<unknown>, opts, active: 0, inflight: new Set(), closed: false };
    q.consumers.push(consumer);
    const queueRef = q;
    const close = once(async () => {
      consumer.closed = true;
      queueRef.consumers = queueRef.consumers.filter((c) => c !== consumer);
      while (consumer.inflight.size > 0) await Promise.all([...consumer.inflight]);
      this.closers.delete(close);
      this.dispatch(queueRef);
    });
    this.closers.add(close);
    this.dispatch(q);
    return { close };
  }

  async subscribe<T = unknown>(subject: string, handler: BusHandler<T>): Promise<Subscription> {
    if (this.closed) throw new Error('bus is closed');
    assertPattern(subject);
    const sub: LiveSub = { pattern: subject, handler: handler as BusHandler<unknown>, chain: Promise.resolve(), closed: false };
    this.subs.add(sub);
    const close = once(async () => {
      sub.closed = true;
      this.subs.delete(sub);
      await sub.chain;
      this.closers.delete(close);
    });
    this.closers.add(close);
    return { close };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.closers].map((c) => c()));
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private enqueueLive(sub: LiveSub, stored: Stored): void {
    sub.chain = sub.chain.then(async () => {
      if (sub.closed) return;
      try {
        await sub.handler(toMessage(stored, 1));
      } catch (e) {
        this.log.error({ err: toError(e), subject: stored.subject, id: stored.id }, 'bus subscriber failed');
      }
    });
  }

  /** Hands ready messages to consumers with a free slot, round-robin. */
  private dispatch(q: Queue): void {
    while (q.ready.length > 0) {
      const n = q.consumers.length;
      let chosen: Consumer | undefined;
      for (let i = 0; i < n && !chosen; i++) {
        const c = q.consumers[(q.next + i) % n]!;
        if (!c.closed && c.active < c.opts.concurrency) {
          chosen = c;
          q.next = (q.next + i + 1) % n;
        }
      }
      if (!chosen) return;
      this.deliver(q, chosen, q.ready.shift()!);
    }
  }

  private deliver(q: Queue, c: Consumer, d: Delivery): void {
    c.active++;
    const msg = toMessage<unknown>(d.stored, d.attempt);
    const work = (async () => {
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<'expired'>((resolve) => {
        timer = setTimeout(() => resolve('expired'), c.opts.ackWaitMs);
      });
      const run = (async () => {
        await undefined; // never run a handler inside the publisher's call
        await c.handler(msg);
      })().then(
        () => 'ok' as const,
        (e: unknown) => toError(e),
      );
      const outcome = await Promise.race([run, expired]);
      clearTimeout(timer);
      c.active--;
      this.dispatch(q);
      if (outcome === 'ok') return;
      const error = outcome === 'expired' ? new Error(`not acknowledged within the ack wait of ${c.opts.ackWaitMs} ms`) : outcome;
      if (d.attempt >= c.opts.maxDeliver) {
        await this.deadLetter(q, c, msg, error);
      } else {
        this.log.debug({ err: error, queue: q.name, id: msg.id, attempt: d.attempt }, 'bus message will be redelivered');
        this.requeue(q, { stored: d.stored, attempt: d.attempt + 1 }, outcome === 'expired' ? 0 : backoffDelay(c.opts.backoffMs, d.attempt));
      }
    })();
    c.inflight.add(work);
    void work.finally(() => c.inflight.delete(work));
  }

  private requeue(q: Queue, d: Delivery, delayMs: number): void {
    if (this.closed) return;
    if (delayMs <= 0) {
      q.ready.push(d);
      this.dispatch(q);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      q.ready.push(d);
      this.dispatch(q);
    }, delayMs);
    this.timers.add(timer);
  }

  private async deadLetter(q: Queue, c: Consumer, msg: BusMessage, error: Error): Promise<void> {
    if (!c.opts.onDeadLetter) {
      this.log.warn({ err: error, queue: q.name, subject: msg.subject, id: msg.id, attempt: msg.attempt }, 'bus message dead-lettered');
      return;
    }
    try {
      await c.opts.onDeadLetter(msg, error);
    } catch (e) {
      this.log.error({ err: toError(e), queue: q.name, id: msg.id }, 'bus dead-letter callback failed');
    }
  }

  private forgetOldIds(now: number): void {
    for (const [id, at] of this.seenIds) {
      if (now - at < this.dedupeWindowMs) break;
      this.seenIds.delete(id);
    }
  }

  private trimRetained(now: number): void {
    while (this.retained.length > this.retainMax) this.retained.shift();
    for (let s = this.retained.peek(); s && now - s.publishedAt.getTime() > this.retainMs; s = this.retained.peek()) this.retained.shift();
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}

export function openMemoryBus(opts: MemoryBusOptions = {}): MemoryBus {
  return new MemoryBus(opts);
}
