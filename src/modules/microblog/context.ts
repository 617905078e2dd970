import type { Kysely } from 'kysely';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { DomainError, notFound } from '../../platform/errors.js';
import type { IdentityTables } from '../identity/index.js';
import type { MicroblogTables, PersonRow } from './microblog.tables.js';
import { MICROBLOG_EVENT, type MicroblogEvent } from './microblog.events.js';

export type Db = Kysely<MicroblogTables & IdentityTables>;

export interface Ctx {
  db: Db;
  clock: Clock;
  bus?: Bus;
}

/** Who is acting on the microblog: the workspace scope and the caller's own person. */
export interface Viewer {
  scope: Scope;
  person: PersonRow;
}

export interface Page {
  limit?: number;
  maxId?: number;
  sinceId?: number;
  minId?: number;
}

export const pageLimit = (p: Page, max = 40) => Math.max(1, Math.min(max, Math.trunc(p.limit ?? 20) || 20));

/** A path or query id: a positive safe integer, or not found (never a 500 from the store). */
export function idOf(raw: string | number | undefined | null, what = 'post'): number {
  const s = String(raw ?? '');
  if (!/^[1-9]\d{0,15}$/.test(s) || !Number.isSafeInteger(Number(s))) throw notFound(`microblog.${what}_not_found`, `No such ${what}.`);
  return Number(s);
}

/** Parses a paging cursor; garbage is ignored rather than an error (clients send odd ids). */
export function cursorOf(raw: unknown): number | undefined {
  const s = String(raw ?? '');
  return /^\d{1,15}$/.test(s) ? Number(s) : undefined;
}

export const canModerate = (scope: Scope) => {
  try {
    assertCan(scope, 'microblog.moderate');
    return true;
  } catch {
    return false;
  }
};

export const deactivated = () => new DomainError('forbidden', 'microblog.deactivated', 'This person is deactivated on the microblog.');

export async function announce(ctx: Ctx, event: MicroblogEvent): Promise<void> {
  await ctx.bus?.publish(`${MICROBLOG_EVENT}.${event.workspaceId}`, event);
}
