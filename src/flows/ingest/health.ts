import { sql, type Kysely } from 'kysely';
import type { Logger } from '../../platform/log/log.js';
import type { AccountsTables } from '../../modules/accounts/index.js';

/** What ingestion tells about an account: when its last event arrived and how late it was. */
export interface IngestHealth {
  lastEventAt: string;
  lagMs?: number;
}

/**
 * Account health written behind ingestion, not inside it: every write transaction of an account used
 * to update the account's row, so all of that account's deliveries queued on one row lock (measured:
 * the top wait on PostgreSQL under load). Now the newest health per account is kept in memory and
 * written at most once per `intervalMs` per process, outside any transaction. A newer value is never
 * overwritten by an older one from another process (the update compares `lastEventAt`).
 */
export class HealthWriter {
  private readonly pending = new Map<string, IngestHealth>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<AccountsTables>,
    private readonly log: Logger,
    private readonly intervalMs = 500,
  ) {}

  note(accountId: string, health: IngestHealth): void {
    const prev = this.pending.get(accountId);
    if (!prev || prev.lastEventAt <= health.lastEventAt) this.pending.set(accountId, health);
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
    this.timer.unref?.();
  }

  /** Writes what is pending now (also called on shutdown). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending];
    this.pending.clear();
    this.flushing = this.flushing.then(async () => {
      for (const [id, h] of batch) {
        try {
          await this.db
            .updateTable('channel_accounts')
            .set({ health: sql`health || ${JSON.stringify(h)}::jsonb` })
            .where('id', '=', id)
            .where(sql<boolean>`coalesce(health->>'lastEventAt', '') <= ${h.lastEventAt}`)
            .execute();
        } catch (err) {
          this.log.warn({ err, account: id }, 'account health could not be written');
        }
      }
    });
    return this.flushing;
  }
}
