/**
 * The bus port. Two kinds of delivery:
 * - work queues (`consume`): durable; each message goes to one consumer of the named queue, is acked when
 *   the handler resolves, redelivered (with backoff) when it throws or its process dies, and handed to
 *   the dead-letter callback after `maxDeliver` attempts. Messages published before the consumer started
 *   are kept and delivered (at-least-once).
 * - fan-out (`subscribe`): every live subscriber gets every message published after it subscribed;
 *   nothing is kept (live UI updates, cache invalidation).
 * Subjects are dot-separated tokens (`item.ingested`, `conversation.updated.ws_1`); a subscription may end
 * in `>` to match any remaining tokens, and `*` matches exactly one token.
 */
export interface BusMessage<T = unknown> {
  subject: string;
  data: T;
  /** Id given at publish (or generated); the same across redeliveries. */
  id: string;
  /** 1 on first delivery. */
  attempt: number;
  publishedAt: Date;
}

export type BusHandler<T = unknown> = (msg: BusMessage<T>) => Promise<void> | void;

export interface ConsumeOptions {
  /** Messages handled at once by this consumer (default 1). */
  concurrency?: number;
  /** Deliveries before the message is dead-lettered (default 5). */
  maxDeliver?: number;
  /** How long a delivery may stay unacked before it is redelivered (default 30 s). */
  ackWaitMs?: number;
  /** Delay before a failed message is redelivered: base * 2^(attempt-1), capped (default 200 ms). */
  backoffMs?: number;
  /** Called once a message has failed maxDeliver times; it is not delivered again. */
  onDeadLetter?: (msg: BusMessage, error: Error) => Promise<void> | void;
}

export interface PublishOptions {
  /** Idempotency key: a second publish with the same id within the dedupe window is dropped. */
  id?: string;
}

export interface Subscription {
  /** Stops delivery; in-flight handlers finish first. */
  close(): Promise<void>;
}

export interface Bus {
  readonly kind: 'memory' | 'nats';
  /** Resolves once the message is durable for every work queue whose subjects match it. */
  publish(subject: string, data: unknown, opts?: PublishOptions): Promise<void>;
  /** Durable work-queue consumer; `queue` names the consumer group and survives restarts. */
  consume<T = unknown>(queue: string, subjects: string[], handler: BusHandler<T>, opts?: ConsumeOptions): Promise<Subscription>;
  /** Fan-out subscription to live messages. */
  subscribe<T = unknown>(subject: string, handler: BusHandler<T>): Promise<Subscription>;
  close(): Promise<void>;
}
