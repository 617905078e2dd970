/**
 * YouTube Data API quota accounting. Google counts units per project per day and resets them at
 * midnight Pacific Time; a list call costs 1 unit and an insert 50. The tracker keeps usage per account
 * in memory and is also persisted in the fetch cursor so a restart does not forget what was spent.
 */
import type { Clock } from '../../platform/clock/clock.js';
import type { RateLimitState } from '../port.js';

export const COST_LIST = 1;
export const COST_INSERT = 50;
export const DEFAULT_DAILY_QUOTA = 10_000;
export const QUOTA_TIME_ZONE = 'America/Los_Angeles';

interface Usage {
  day: string;
  used: number;
}

function localParts(at: Date, timeZone: string): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

function offsetMs(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The quota day ('2026-01-05') that `at` falls in. */
export function quotaDay(at: Date, timeZone = QUOTA_TIME_ZONE): string {
  const p = localParts(at, timeZone);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/** The instant the quota day containing `at` ends (next local midnight, DST-aware). */
export function quotaResetAt(at: Date, timeZone = QUOTA_TIME_ZONE): Date {
  const p = localParts(at, timeZone);
  const nextMidnightLocal = Date.UTC(p.y, p.m - 1, p.d + 1);
  let guess = nextMidnightLocal - offsetMs(at, timeZone);
  guess = nextMidnightLocal - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

export class QuotaTracker {
  private readonly usage = new Map<string, Usage>();

  constructor(
    private readonly clock: Clock,
    private readonly timeZone = QUOTA_TIME_ZONE,
  ) {}

  private current(accountId: string): Usage {
    const day = quotaDay(this.clock.now(), this.timeZone);
    const u = this.usage.get(accountId);
    if (u && u.day === day) return u;
    const fresh = { day, used: 0 };
    this.usage.set(accountId, fresh);
    return fresh;
  }

  /** Merges usage remembered elsewhere (the cursor); the larger count of the same day wins. */
  restore(accountId: string, saved: Usage | undefined): void {
    if (!saved) return;
    const u = this.current(accountId);
    if (saved.day === u.day && saved.used > u.used) u.used = saved.used;
  }

  snapshot(accountId: string): Usage {
    return { ...this.current(accountId) };
  }

  spend(accountId: string, units: number): void {
    this.current(accountId).used += units;
  }

  /** Google said quotaExceeded: treat the day as used up whatever our count says. */
  exhaust(accountId: string, limit: number): void {
    const u = this.current(accountId);
    u.used = Math.max(u.used, limit);
  }

  remaining(accountId: string, limit: number): number {
    return Math.max(0, limit - this.current(accountId).used);
  }

  canSpend(accountId: string, units: number, limit: number): boolean {
    return this.remaining(accountId, limit) >= units;
  }

  resetAt(): Date {
    return quotaResetAt(this.clock.now(), this.timeZone);
  }

  state(accountId: string, limit: number): RateLimitState {
    return { limit, remaining: this.remaining(accountId, limit), resetAt: this.resetAt() };
  }

  msUntilReset(): number {
    return Math.max(1, this.resetAt().getTime() - this.clock.now().getTime());
  }
}
