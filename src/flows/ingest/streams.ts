import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { ChannelError, type ChannelEvent } from '../../channels/port.js';
import type { AdapterRegistry } from '../../channels/registry.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import type { AccountsService } from '../../modules/accounts/index.js';
import type { AccountRow, AccountsTables } from '../../modules/accounts/index.js';
import type { IngestPipeline } from './pipeline.js';
import { listensBy } from '../../channels/modes.js';

type Tables = AccountsTables & { channel_accounts: { stream_cursor: string | null } };

export interface StreamOptions {
  /** How long a claim lasts without renewal (a dead worker's streams move after this). */
  leaseMs?: number;
  /** How often leases are renewed and new streams claimed. */
  tickMs?: number;
  /** Wait before a stream that ended or failed is taken up again. */
  retryMs?: number;
}

/**
 * Runs streaming channels on worker processes. Each active streaming account is held by exactly one
 * worker through a lease row (claimed with FOR UPDATE SKIP LOCKED, renewed while the stream runs);
 * when a worker dies its leases lapse and another worker takes the streams over, resuming from the
 * stored stream cursor.
 */
export class StreamSupervisor {
  private readonly db: Kysely<Tables>;
  private readonly owner = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly leaseMs: number;
  private readonly tickMs: number;
  private readonly retryMs: number;

  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly adapters: AdapterRegistry,
    private readonly accounts: AccountsService,
    private readonly pipeline: IngestPipeline,
    private readonly log: Logger,
    opts: StreamOptions = {},
  ) {
    this.db = tables<Tables>(store);
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.tickMs = opts.tickMs ?? 5_000;
    this.retryMs = opts.retryMs ?? 15_000;
  }

  start(): void {
    const tick = () => {
      if (this.ticking) return;
      this.ticking = this.tick()
        .catch((err) => this.log.error({ err }, 'stream supervisor tick failed'))
        .finally(() => (this.ticking = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.tickMs);
    this.timer.unref();
  }

  /** Renews held leases (stopping streams whose lease was lost) and claims free streaming accounts. */
  async tick(): Promise<void> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.leaseMs);
    if (this.running.size) {
      const kept = await this.db
        .updateTable('channel_accounts')
        .set({ stream_lease_until: until })
        .where('id', 'in', [...this.running.keys()])
        .where('stream_owner', '=', this.owner)
        .where('status', '=', 'active')
        .returning('id')
        .execute();
      const keep = new Set(kept.map((r) => r.id));
      for (const [id, s] of this.running) if (!keep.has(id)) s.abort.abort();
    }
    const streamingTypes = this.adapters
      .all()
      .filter((a) => a.stream)
      .map((a) => a.type);
    if (streamingTypes.length === 0) return;
    const claimed = await this.db.transaction().execute(async (trx) => {
      const free = await trx
        .selectFrom('channel_accounts')
        .selectAll()
        .where('status', '=', 'active')
        .where('type', 'in', streamingTypes)
        .where((eb) => eb.or([eb('stream_lease_until', 'is', null), eb('stream_lease_until', '<', now)]))
        .limit(20)
        .forUpdate()
        .skipLocked()
        .execute();
      const mine = free.filter((a) => !this.running.has(a.id) && listensBy(this.adapters.get(a.type)!, a.settings).stream);
      if (mine.length)
        await trx
          .updateTable('channel_accounts')
          .set({ stream_owner: this.owner, stream_lease_until: until })
          .where(
            'id',
            'in',
            mine.map((a) => a.id),
          )
          .execute();
      return mine;
    });
    for (const row of claimed) this.run(row);
  }

  private run(row: AccountRow & { stream_cursor: string | null }): void {
    const adapter = this.adapters.get(row.type)!;
    const abort = new AbortController();
    const done = (async () => {
      try {
        const ctx = await this.accounts.context(row);
        await this.accounts.recordHealth(row.id, { status: 'ok', message: 'streaming', lastError: undefined });
        await adapter.stream!(
          ctx,
          row.stream_cursor ?? undefined,
          async (events: ChannelEvent[], cursor?: string) => {
            await this.pipeline.ingestEvents(row, events, 'stream');
            await this.db
              .updateTable('channel_accounts')
              .set({ ...(cursor !== undefined ? { stream_cursor: cursor } : {}), health: sql`health || ${JSON.stringify({ lastEventAt: this.clock.now().toISOString() })}::jsonb` })
              .where('id', '=', row.id)
              .execute();
          },
          abort.signal,
        );
      } catch (err) {
        if (!abort.signal.aborted) {
          this.log.warn({ err, account: row.id }, 'stream stopped');
          const ce = err instanceof ChannelError ? err : undefined;
          await this.accounts.recordHealth(row.id, { status: 'down', lastError: (err as Error).message.slice(0, 500) });
          if (ce?.code === 'auth_failed') await this.db.updateTable('channel_accounts').set({ status: 'error' }).where('id', '=', row.id).execute();
        }
      } finally {
        this.running.delete(row.id);
        // Give the lease back, after a pause so a failing stream is not retried in a tight loop.
        await this.db
          .updateTable('channel_accounts')
          .set({ stream_lease_until: new Date(this.clock.now().getTime() + (abort.signal.aborted ? 0 : this.retryMs)) })
          .where('id', '=', row.id)
          .where('stream_owner', '=', this.owner)
          .execute()
          .catch(() => undefined);
      }
    })();
    this.running.set(row.id, { abort, done });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    const all = [...this.running.values()];
    for (const s of all) s.abort.abort();
    await Promise.all(all.map((s) => s.done));
  }

  held(): string[] {
    return [...this.running.keys()];
  }
}
