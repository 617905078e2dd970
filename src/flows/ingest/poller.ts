import { sql, type Kysely } from 'kysely';
import { ChannelError } from '../../channels/port.js';
import type { AdapterRegistry } from '../../channels/registry.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import type { Logger } from '../../platform/log/log.js';
import type { AccountsService } from '../../modules/accounts/index.js';
import type { AccountRow, AccountsTables } from '../../modules/accounts/index.js';
import type { IngestPipeline } from './pipeline.js';
import { listensBy } from '../../channels/modes.js';

/**
 * Polling channels: accounts whose next_poll_at has come are claimed with FOR UPDATE SKIP LOCKED (so
 * two workers never poll the same account), fetched from their stored cursor, and written together
 * with the new cursor. Errors set the next attempt: rate limits wait for the reset, others back off.
 */
export class Poller {
  private readonly db: Kysely<AccountsTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly adapters: AdapterRegistry,
    private readonly accounts: AccountsService,
    private readonly pipeline: IngestPipeline,
    private readonly log: Logger,
  ) {
    this.db = tables<AccountsTables>(store);
  }

  async pollDue(limit = 20): Promise<number> {
    const now = this.clock.now();
    const claimed = await this.db.transaction().execute(async (trx) => {
      const due = await trx.selectFrom('channel_accounts').selectAll().where('status', '=', 'active').where('next_poll_at', '<=', now).orderBy('next_poll_at').limit(limit).forUpdate().skipLocked().execute();
      for (const a of due) {
        // Hold the claim for the length of a poll; the outcome sets the real next time.
        await trx
          .updateTable('channel_accounts')
          .set({ next_poll_at: new Date(now.getTime() + Math.max(a.poll_interval_ms, 60_000)) })
          .where('id', '=', a.id)
          .execute();
      }
      return due;
    });
    await Promise.all(claimed.map((a) => this.pollOne(a)));
    return claimed.length;
  }

  private async pollOne(row: AccountRow): Promise<void> {
    const adapter = this.adapters.get(row.type);
    if (!adapter?.fetch || !listensBy(adapter, row.settings).poll) {
      await this.db.updateTable('channel_accounts').set({ next_poll_at: null }).where('id', '=', row.id).execute();
      return;
    }
    const started = this.clock.now();
    let next = new Date(started.getTime() + row.poll_interval_ms);
    try {
      const ctx = await this.accounts.context(row);
      const result = await adapter.fetch(ctx, row.cursor ?? undefined, AbortSignal.timeout(60_000));
      const changed = await this.pipeline.ingestEvents(row, result.events, 'poll', result.cursor);
      if (result.more) next = this.clock.now();
      const newest = result.events.reduce<Date | undefined>((m, e) => (e.type === 'upsert' && (!m || e.item.createdAt > m) ? e.item.createdAt : m), undefined);
      await this.accounts.recordHealth(row.id, {
        status: 'ok',
        lastError: undefined,
        ...(changed.length && newest ? { lastEventAt: started.toISOString(), lagMs: Math.max(0, started.getTime() - newest.getTime()) } : {}),
        ...(result.rateLimit ? { rateLimit: { ...result.rateLimit, resetAt: result.rateLimit.resetAt?.toISOString() } } : {}),
      });
      if (result.rateLimit?.remaining === 0 && result.rateLimit.resetAt && result.rateLimit.resetAt > next) next = result.rateLimit.resetAt;
    } catch (err) {
      const ce = err instanceof ChannelError ? err : undefined;
      this.log.warn({ err, account: row.id }, 'poll failed');
      if (ce?.code === 'rate_limited') next = new Date(started.getTime() + (ce.retryAfterMs ?? 15 * 60_000));
      else next = new Date(started.getTime() + Math.min(row.poll_interval_ms * 4, 30 * 60_000));
      await this.accounts.recordHealth(row.id, { status: ce?.code === 'rate_limited' ? 'degraded' : 'down', lastError: (err as Error).message.slice(0, 500) });
      if (ce?.code === 'auth_failed') await this.db.updateTable('channel_accounts').set({ status: 'error' }).where('id', '=', row.id).execute();
    }
    await this.db.updateTable('channel_accounts').set({ next_poll_at: next, updated_at: sql`now()` }).where('id', '=', row.id).where('status', '=', 'active').execute();
  }
}
