import crypto from 'node:crypto';
import { AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiError, jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, nanos, type Msg, type NatsConnection, type Status } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { silentLogger, type Logger } from '../log/log.js';
import { assertPattern, assertQueueSubjects, assertSubject, resolveConsumeOptions, toError, type Bus, type BusHandler, type BusMessage, type ConsumeOptions, type PublishOptions, type Subscription } from './bus.js';
import { ConsumerGroup, HDR_AT, HDR_ID } from './nats-consumer.js';

/**
 * The NATS JetStream bus. One stream (`stream`, default "sotong") captures every published subject as
 * `<stream>.<subject>`; each work queue is a durable pull consumer per subject pattern, named
 * `<queue>_<hash of pattern>`. Fan-out goes over core NATS on `<stream>_live.<subject>`, sent only after
 * JetStream accepted the message as new, so de-duplication holds for subscribers too.
 */
export interface NatsBusOptions {
  /** Server URL(s), e.g. nats://127.0.0.1:4222 (comma-separated for a cluster). */
  url: string;
  /** Stream name, also the subject prefix (letters, digits, "_", "-"; default "sotong"). */
  stream?: string;
  logger?: Logger;
  /** How long messages stay in the stream for queues that have not consumed them yet (default 24 h). */
  maxAgeMs?: number;
  /** JetStream de-duplication window for publish ids (default 2 min). */
  dedupeWindowMs?: number;
  /** Stream replicas in a cluster (default 1). */
  replicas?: number;
  /** Connection name shown in NATS monitoring (default "sotong"). */
  name?: string;
}

const MAX_ACK_PENDING = 20_000;
const STREAM_NAME = /^[A-Za-z0-9_-]+$/;

const enc = new TextEncoder();

/** The URL with any password replaced, for error messages and logs. */
function safeUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/g, '//$1:***@');
}

/** Whether JetStream answered "not found" (stream or consumer missing). */
function isNotFound(e: unknown): boolean {
  return e instanceof JetStreamApiError && e.status === 404;
}

/** Log level and fields for a connection status event (disconnects and server errors are worth a warning). */
function describeStatus(s: Status): { level: 'warn' | 'info' | 'debug'; fields: Record<string, unknown> } {
  switch (s.type) {
    case 'disconnect':
      return { level: 'warn', fields: { server: s.server } };
    case 'error':
      return { level: 'warn', fields: { err: s.error } };
    case 'reconnect':
    case 'ldm':
      return { level: 'info', fields: { server: s.server } };
    case 'slowConsumer':
      return { level: 'warn', fields: { subject: s.sub.getSubject(), pending: s.pending } };
    default:
      return { level: 'debug', fields: {} };
  }
}

export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  private readonly closers = new Set<() => Promise<void>>();
  private readonly queueSubjects = new Map<string, string>();
  private closed = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    readonly stream: string,
    /** @internal */
    readonly log: Logger,
  ) {}

  async publish(subject: string, data: unknown, opts: PublishOptions = {}): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    assertSubject(subject);
    const json = JSON.stringify(data);
    const payload = json === undefined ? new Uint8Array() : enc.encode(json);
    const h = natsHeaders();
    h.set(HDR_ID, opts.id ?? crypto.randomUUID());
    h.set(HDR_AT, String(Date.now()));
    const ack = await this.js.publish(`${this.stream}.${subject}`, payload, { headers: h, ...(opts.id !== undefined ? { msgID: opts.id } : {}) });
    if (!ack.duplicate) this.nc.publish(`${this.stream}_live.${subject}`, payload, { headers: h });
  }

  async consume<T = unknown>(queue: string, subjects: string[], handler: BusHandler<T>, options: ConsumeOptions = {}): Promise<Subscription> {
    if (this.closed) throw new Error('bus is closed');
    assertQueueSubjects(queue, subjects);
    const opts = resolveConsumeOptions(options);
    const key = [...subjects].sort().join(' ');
    const known = this.queueSubjects.get(queue);
    if (known !== undefined && known !== key) {
      throw new Error(`bus queue "${queue}" already consumes [${known}]; it cannot also consume [${subjects.join(', ')}]`);
    }
    this.queueSubjects.set(queue, key);
    const names = await Promise.all(subjects.map((pattern) => this.ensureConsumer(queue, pattern, opts.ackWaitMs)));
    const group = new ConsumerGroup(this, queue, names, handler as BusHandler<unknown>, opts);
    group.start();
    const close = once(async () => {
      await group.close();
      this.closers.delete(close);
    });
    this.closers.add(close);
    return { close };
  }

  async subscribe<T = unknown>(subject: string, handler: BusHandler<T>): Promise<Subscription> {
    if (this.closed) throw new Error('bus is closed');
    assertPattern(subject);
    const prefix = `${this.stream}_live.`;
    const sub = this.nc.subscribe(prefix + subject);
    let stopped = false;
    const loop = (async () => {
      for await (const m of sub) {
        if (stopped) break;
        try {
          await handler(this.toMessage<T>(m, m.subject.slice(prefix.length), 1));
        } catch (e) {
          this.log.error({ err: toError(e), subject: m.subject }, 'bus subscriber failed');
        }
      }
    })();
    await this.nc.flush();
    const close = once(async () => {
      stopped = true;
      sub.unsubscribe();
      await loop;
      this.closers.delete(close);
    });
    this.closers.add(close);
    return { close };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.closers].map((c) => c()));
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }

  /** Deletes the stream with every message and consumer in it (tests, uninstall). */
  async deleteStream(): Promise<void> {
    try {
      await this.jsm.streams.delete(this.stream);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** @internal */
  consumer(name: string) {
    return this.js.consumers.get(this.stream, name);
  }

  /** @internal */
  toMessage<T>(m: Msg | JsMsg, subject: string, attempt: number): BusMessage<T> {
    const at = Number(m.headers?.get(HDR_AT));
    return {
      subject,
      // An empty payload is `undefined` published (JSON.stringify gives no text for it).
      data: (m.data.length === 0 ? undefined : m.json<T>()) as T,
      id: m.headers?.get(HDR_ID) || m.headers?.get('Nats-Msg-Id') || `${this.stream}:${(m as JsMsg).seq ?? 0}`,
      attempt,
      publishedAt: new Date(Number.isFinite(at) && at > 0 ? at : Date.now()),
    };
  }

  private async ensureConsumer(queue: string, pattern: string, ackWaitMs: number): Promise<string> {
    const name = `${queue}_${crypto.createHash('sha256').update(pattern).digest('hex').slice(0, 12)}`;
    const ackWait = nanos(ackWaitMs);
    try {
      const info = await this.jsm.consumers.info(this.stream, name);
      if (info.config.ack_wait !== ackWait) await this.jsm.consumers.update(this.stream, name, { ack_wait: ackWait });
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await this.jsm.consumers.add(this.stream, {
        durable_name: name,
        description: `sotong queue ${queue}: ${pattern}`,
        filter_subject: `${this.stream}.${pattern}`,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: ackWait,
        max_deliver: -1,
        max_ack_pending: MAX_ACK_PENDING,
      });
    }
    return name;
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}

/** Connects to NATS, makes sure the stream exists and returns the bus. */
export async function openNatsBus(opts: NatsBusOptions): Promise<NatsBus> {
  const stream = opts.stream ?? 'sotong';
  if (!STREAM_NAME.test(stream)) throw new Error(`invalid NATS stream name "${stream}": use letters, digits, "_" and "-"`);
  const log = opts.logger ?? silentLogger;
  const where = safeUrl(opts.url);
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: opts.url.split(','), name: opts.name ?? 'sotong', maxReconnectAttempts: -1, timeout: 5_000, noAsyncTraces: true });
  } catch (e) {
    throw new Error(`cannot connect to NATS at ${where}: ${toError(e).message}`, { cause: e });
  }
  try {
    const jsm = await jetstreamManager(nc);
    try {
      await jsm.streams.info(stream);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await jsm.streams.add({
        name: stream,
        subjects: [`${stream}.>`],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
        max_age: nanos(opts.maxAgeMs ?? 24 * 3_600_000),
        duplicate_window: nanos(opts.dedupeWindowMs ?? 120_000),
        num_replicas: opts.replicas ?? 1,
      });
    }
    void (async () => {
      for await (const s of nc.status()) {
        const { level, fields } = describeStatus(s);
        log[level]({ type: s.type, ...fields, url: where }, 'nats connection status');
      }
    })();
    return new NatsBus(nc, jetstream(nc), jsm, stream, log);
  } catch (e) {
    await nc.close();
    throw new Error(`NATS at ${where} has no usable JetStream (stream "${stream}"): ${toError(e).message}`, { cause: e });
  }
}
