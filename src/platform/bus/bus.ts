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

const TOKEN = /^[A-Za-z0-9_\-:]+$/;
const NAME = /^[A-Za-z0-9_-]+$/;

/** Throws unless `subject` is a concrete subject (dot-separated tokens, no wildcards). */
export function assertSubject(subject: string): void {
  const tokens = subject.split('.');
  if (!subject || tokens.some((t) => !TOKEN.test(t))) {
    throw new Error(`invalid bus subject "${subject}": use dot-separated tokens of letters, digits, "_", "-", ":"`);
  }
}

/** Throws unless `pattern` is a valid subscription pattern (`*` for one token, a final `>` for the rest). */
export function assertPattern(pattern: string): void {
  const tokens = pattern.split('.');
  const ok = !!pattern && tokens.every((t, i) => TOKEN.test(t) || t === '*' || (t === '>' && i === tokens.length - 1));
  if (!ok) throw new Error(`invalid bus subject pattern "${pattern}"`);
}

/** Throws unless `queue` is usable as a durable queue name (letters, digits, "_", "-"). */
export function assertQueueName(queue: string): void {
  if (!NAME.test(queue)) throw new Error(`invalid bus queue name "${queue}": use letters, digits, "_" and "-"`);
}

/** Whether the concrete `subject` matches `pattern`. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

/** Whether some subject matches both patterns (a queue may not list overlapping patterns). */
export function patternsOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; ; i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined || q === undefined) return p === q;
    if (p === '>' || q === '>') return true;
    if (p !== '*' && q !== '*' && p !== q) return false;
  }
}

/** Validates a queue's subject patterns: at least one, each valid, none overlapping another. */
export function assertQueueSubjects(queue: string, subjects: string[]): void {
  assertQueueName(queue);
  if (subjects.length === 0) throw new Error(`bus queue "${queue}" needs at least one subject`);
  subjects.forEach(assertPattern);
  for (let i = 0; i < subjects.length; i++) {
    for (let j = i + 1; j < subjects.length; j++) {
      if (patternsOverlap(subjects[i]!, subjects[j]!)) {
        throw new Error(`bus queue "${queue}": subjects "${subjects[i]}" and "${subjects[j]}" overlap`);
      }
    }
  }
}

/** Redelivery delay after the `attempt`-th delivery failed: base * 2^(attempt-1), capped at one minute. */
export function backoffDelay(baseMs: number, attempt: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 60_000);
}

/** Defaults of {@link ConsumeOptions}, shared by every implementation. */
export const CONSUME_DEFAULTS = { concurrency: 1, maxDeliver: 5, ackWaitMs: 30_000, backoffMs: 200 } as const;

export type ResolvedConsumeOptions = Required<Omit<ConsumeOptions, 'onDeadLetter'>> & Pick<ConsumeOptions, 'onDeadLetter'>;

/** Applies the defaults and rejects nonsensical values (every number must be a positive integer; backoff may be 0). */
export function resolveConsumeOptions(opts: ConsumeOptions): ResolvedConsumeOptions {
  const r: ResolvedConsumeOptions = {
    concurrency: opts.concurrency ?? CONSUME_DEFAULTS.concurrency,
    maxDeliver: opts.maxDeliver ?? CONSUME_DEFAULTS.maxDeliver,
    ackWaitMs: opts.ackWaitMs ?? CONSUME_DEFAULTS.ackWaitMs,
    backoffMs: opts.backoffMs ?? CONSUME_DEFAULTS.backoffMs,
    onDeadLetter: opts.onDeadLetter,
  };
  for (const key of ['concurrency', 'maxDeliver', 'ackWaitMs', 'backoffMs'] as const) {
    const v = r[key];
    if (!Number.isInteger(v) || v < (key === 'backoffMs' ? 0 : 1)) throw new Error(`invalid bus consume option ${key}: ${v}`);
  }
  return r;
}

/** Normalises anything thrown into an Error. */
export function toError(e: unknown): Error {
  if (e instanceof Error) return e;
  if (typeof e === 'string') return new Error(e);
  try {
    return new Error(`non-Error thrown: ${JSON.stringify(e)}`);
  } catch {
    return new Error(`non-Error thrown: ${String(e)}`);
  }
}
