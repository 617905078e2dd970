import type { Bus, Subscription } from '../../platform/bus/bus.js';
import { TtlCache } from '../../platform/cache.js';
import { systemClock, type Clock } from '../../platform/clock/clock.js';
import type { Role } from '../../platform/access/roles.js';
import type { UserRow } from './identity.store.js';

/** Published whenever sessions, users or memberships change, so every process drops what it cached. */
export const IDENTITY_CHANGED_SUBJECT = 'identity.changed';

/** A session as `fromSession` reads it: the user with the session's own fields. */
export type SessionRow = UserRow & { session_id: string; csrf_token: string; expires_at: Date; last_seen_at: Date };

/**
 * Every request resolves its session and, for workspace routes, the caller's membership: two queries
 * that, on the embedded store, run one at a time before the request's own work. Both are kept for
 * `ttlMs` (2 s). Changes made through the services (logout, password, profile, role, status, removal,
 * new member) clear both caches here at once and, through the bus, in every other process; a change
 * made behind their back (a direct SQL edit) shows within `ttlMs`.
 */
export class IdentityCache {
  readonly sessions: TtlCache<SessionRow | undefined>;
  readonly roles: TtlCache<Role | undefined>;

  constructor(
    private readonly bus?: Bus,
    ttlMs = 2_000,
    clock: Clock = systemClock,
  ) {
    this.sessions = new TtlCache(ttlMs, clock);
    this.roles = new TtlCache(ttlMs, clock);
  }

  /** Call after a change is committed. */
  async changed(): Promise<void> {
    this.clear();
    await this.bus?.publish(IDENTITY_CHANGED_SUBJECT, {}).catch(() => undefined);
  }

  /** Other processes' changes clear this process's cache too. */
  watch(): Promise<Subscription> | undefined {
    return this.bus?.subscribe(IDENTITY_CHANGED_SUBJECT, () => this.clear());
  }

  private clear(): void {
    this.sessions.clear();
    this.roles.clear();
  }
}
