import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { appendAudit } from '../audit/index.js';
import type { IdentityTables } from './identity.store.js';
import type { IdentityCache } from './identity-cache.js';
import type { SessionView } from '../../contracts/identity.js';

export type { SessionView };

export function describeDevice(ua: string | null): string {
  if (!ua) return 'unknown';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Whale\//.test(ua)
      ? 'Whale'
      : /SamsungBrowser\//.test(ua)
        ? 'Samsung Internet'
        : /Firefox\//.test(ua)
          ? 'Firefox'
          : /Chrome\//.test(ua)
            ? 'Chrome'
            : /Safari\//.test(ua)
              ? 'Safari'
              : /curl\//.test(ua)
                ? 'curl'
                : /node|undici/i.test(ua)
                  ? 'Node.js'
                  : 'browser';
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} on ${os}` : browser;
}

/** One's own sessions: list them, end one, end all but the current. */
export class SessionsService {
  private readonly db: Kysely<IdentityTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly cache: IdentityCache,
  ) {
    this.db = tables<IdentityTables>(store);
  }

  async list(userId: string, currentId: string | undefined): Promise<SessionView[]> {
    const rows = await this.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).where('expires_at', '>', this.clock.now()).orderBy('last_seen_at', 'desc').execute();
    return rows.map((r) => ({
      id: r.id,
      current: r.id === currentId,
      ip: r.ip,
      userAgent: r.user_agent,
      device: describeDevice(r.user_agent),
      createdAt: new Date(r.created_at).toISOString(),
      lastSeenAt: new Date(r.last_seen_at).toISOString(),
      expiresAt: new Date(r.expires_at).toISOString(),
    }));
  }

  /** Ends one of the user's sessions (another user's id is "not found"). */
  async end(userId: string, sessionId: string, actor: Actor): Promise<void> {
    const n = await this.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('sessions').where('user_id', '=', userId).where('id', '=', sessionId).executeTakeFirst();
      if (Number(r.numDeletedRows) === 1) await appendAudit(trx, { workspaceId: null, actor, action: 'auth.session_ended', targetType: 'user', targetId: userId, at: this.clock.now() });
      return Number(r.numDeletedRows);
    });
    if (n === 0) throw notFound('session.not_found', 'No such session.');
    await this.cache.changed();
  }

  /** Ends every session of the user but the current one; returns how many ended. */
  async endOthers(userId: string, currentId: string, actor: Actor): Promise<number> {
    const n = await this.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', currentId).executeTakeFirst();
      await appendAudit(trx, { workspaceId: null, actor, action: 'auth.sessions_ended', targetType: 'user', targetId: userId, after: { count: Number(r.numDeletedRows) }, at: this.clock.now() });
      return Number(r.numDeletedRows);
    });
    await this.cache.changed();
    return n;
  }
}
