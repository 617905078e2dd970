import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { DomainError, invalid, notFound, unauthenticated } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { appendAudit } from '../audit/index.js';
import { presentWorkspace } from '../workspaces/index.js';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import { normaliseEmail, presentUser, type IdentityTables, type UserRow, type UserView } from './identity.store.js';
import type { Role } from '../../platform/access/roles.js';
import type { Scope } from '../../platform/access/scope.js';
import { IdentityCache } from './identity-cache.js';
import type { LoginChallenge, MeView } from '../../contracts/identity.js';

export type { LoginChallenge, MeView };

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_IP = 30;

export interface Principal {
  kind: 'session' | 'token';
  user: UserRow | null;
  sessionId?: string;
  csrfToken?: string;
  /** Token principals are bound to one workspace. */
  token?: { id: string; name: string; workspaceId: string; scopes: string[]; makerId: string };
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export class AuthService {
  private readonly db: Kysely<IdentityTables>;
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly cache: IdentityCache = new IdentityCache(undefined, undefined, clock),
  ) {
    this.db = tables<IdentityTables>(store);
  }

  /** Checks credentials under per-account and per-IP throttling; returns a new session. */
  async login(emailIn: string, password: string, ip: string, userAgent: string | undefined) {
    const email = normaliseEmail(emailIn);
    const now = this.clock.now();
    const accountKey = `account:${email}`;
    const ipKey = `ip:${ip}`;
    // The attempt is reserved (counted) before the password is checked, atomically in the store, so
    // parallel tries (in one process or many) cannot all pass the check and all be verified.
    await this.reserve(accountKey, MAX_FAILURES_PER_ACCOUNT, now);
    await this.reserve(ipKey, MAX_FAILURES_PER_IP, now);
    const user = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    const ok = await verifyPassword(password, user?.password_hash ?? null);
    if (!user || !ok) throw new DomainError('unauthenticated', 'auth.invalid_credentials', 'The e-mail or password is not right.');
    // A success clears the account's count and gives the address its attempt back.
    await this.db.deleteFrom('login_throttle').where('key', '=', accountKey).execute();
    await this.db.updateTable('login_throttle').set({ n: sql<number>`greatest(n - 1, 0)` }).where('key', '=', ipKey).execute();
    // A second factor, when the user has one or a workspace policy asks for one, comes before the session.
    const challenge = this.secondFactor ? await this.secondFactor(user, ip, userAgent) : null;
    if (challenge) return { challenge };
    return this.startSession(user, ip, userAgent);
  }

  /** Set by the two-factor module: returns a challenge instead of a session when one is due. */
  secondFactor: ((user: UserRow, ip: string, userAgent: string | undefined) => Promise<LoginChallenge | null>) | undefined;

  /** A new session for a user whose credentials (and second factor, if any) were checked. */
  async startSession(user: UserRow, ip: string, userAgent: string | undefined, method = 'password') {
    const now = this.clock.now();
    const token = crypto.randomBytes(32).toString('base64url');
    const csrfToken = crypto.randomBytes(24).toString('base64url');
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({ id: sha256(token), user_id: user.id, csrf_token: csrfToken, created_at: now, expires_at: new Date(now.getTime() + SESSION_TTL_MS), last_seen_at: now, ip, user_agent: userAgent?.slice(0, 300) ?? null })
        .execute();
      await trx.updateTable('users').set({ last_login_at: now }).where('id', '=', user.id).execute();
      await appendAudit(trx, { workspaceId: null, actor: { userId: user.id, label: user.email, ip }, action: 'auth.login', targetType: 'user', targetId: user.id, after: { method }, at: now });
    });
    return { token, csrfToken, me: await this.me(user) };
  }

  /** Counts one attempt under `key` in the current window; throws auth.throttled once the limit is passed. */
  private async reserve(key: string, limit: number, now: Date): Promise<void> {
    const stale = new Date(now.getTime() - THROTTLE_WINDOW_MS);
    const fresh = sql<boolean>`login_throttle.window_start <= ${stale}`;
    const row = await this.db
      .insertInto('login_throttle')
      .values({ key, window_start: now, n: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          n: sql<number>`case when ${fresh} then 1 else login_throttle.n + 1 end`,
          window_start: sql<Date>`case when ${fresh} then ${now} else login_throttle.window_start end`,
        }),
      )
      .returning(['n', 'window_start'])
      .executeTakeFirstOrThrow();
    if (Number(row.n) > limit) {
      const retry = Math.max(1, Math.ceil((new Date(row.window_start).getTime() + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
      throw new DomainError('rate_limited', 'auth.throttled', `Too many failed logins. Try again in ${Math.ceil(retry / 60)} minutes.`, { retryAfterSeconds: retry });
    }
  }

  async logout(principal: Principal, ip: string): Promise<void> {
    if (principal.kind !== 'session' || !principal.sessionId || !principal.user) return;
    const user = principal.user;
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('id', '=', principal.sessionId!).execute();
      await appendAudit(trx, { workspaceId: null, actor: { userId: user.id, label: user.email, ip }, action: 'auth.logout', targetType: 'user', targetId: user.id, at: this.clock.now() });
    });
    await this.cache.changed();
  }

  /** Resolves a session cookie; sliding expiry is refreshed at most once a minute. */
  async fromSession(token: string): Promise<Principal | null> {
    const now = this.clock.now();
    const id = sha256(token);
    const row = await this.cache.sessions.get(id, () =>
      this.db.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.user_id').selectAll('u').select(['s.id as session_id', 's.csrf_token', 's.expires_at', 's.last_seen_at']).where('s.id', '=', id).executeTakeFirst(),
    );
    if (!row || new Date(row.expires_at) <= now) return null;
    if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: now, expires_at: new Date(now.getTime() + SESSION_TTL_MS) })
        .where('id', '=', row.session_id)
        .execute();
      this.cache.sessions.delete(id);
    }
    const { session_id, csrf_token, expires_at: _e, last_seen_at: _l, ...user } = row;
    return { kind: 'session', user: user as UserRow, sessionId: session_id, csrfToken: csrf_token };
  }

  async me(user: UserRow): Promise<MeView> {
    const rows = await this.db
      .selectFrom('memberships as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select(['w.id', 'w.name', 'w.slug', 'm.role'])
      .where('m.user_id', '=', user.id)
      .where('m.status', '=', 'active')
      .orderBy('w.name')
      .execute();
    return { user: presentUser(user), workspaces: rows.map((r) => ({ ...presentWorkspace(r), role: r.role })) };
  }

  /** The member's scope in a workspace, or not-found (never "forbidden", which would confirm it exists). */
  async scopeFor(principal: Principal, workspaceId: string, ip: string): Promise<Scope> {
    if (principal.kind === 'token') {
      const t = principal.token!;
      if (t.workspaceId !== workspaceId) throw notFound('workspace.not_found', 'No such workspace.');
      // A token lives only as long as its maker's active membership, and never exceeds the maker's role.
      const ceiling = await this.activeRole(t.makerId, workspaceId);
      if (!ceiling) throw unauthenticated('auth.invalid_token', 'This API token is no longer valid.');
      return { workspaceId, actor: { userId: null, tokenId: t.id, label: `token:${t.name}`, ip }, role: null, tokenScopes: t.scopes, tokenCeiling: ceiling };
    }
    const user = principal.user!;
    const role = await this.activeRole(user.id, workspaceId);
    if (!role) throw notFound('workspace.not_found', 'No such workspace.');
    return { workspaceId, actor: { userId: user.id, label: user.email, ip }, role, tokenScopes: null, instanceAdmin: user.is_instance_admin };
  }

  /** The user's role in the workspace if the membership is active (cached; cleared on every membership change). */
  private activeRole(userId: string, workspaceId: string): Promise<Role | undefined> {
    return this.cache.roles.get(
      `${userId}:${workspaceId}`,
      async () => (await this.db.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('status', '=', 'active').executeTakeFirst())?.role,
    );
  }

  async changePassword(user: UserRow, current: string, next: string, actor: Actor): Promise<void> {
    if (!(await verifyPassword(current, user.password_hash))) throw unauthenticated('auth.invalid_credentials', 'The current password is not right.');
    assertStrongPassword(next, user.email);
    const hash = await hashPassword(next);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ password_hash: hash, password_changed_at: now }).where('id', '=', user.id).execute();
      // Every other session of the user ends with the old password.
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
      await appendAudit(trx, { workspaceId: null, actor, action: 'auth.password_changed', targetType: 'user', targetId: user.id, at: now });
    });
    await this.cache.changed();
  }

  async updateProfile(user: UserRow, patch: { locale?: 'ko' | 'en'; name?: string }, actor: Actor): Promise<UserView> {
    const set: Partial<UserRow> = {};
    if (patch.locale) set.locale = patch.locale;
    if (patch.name !== undefined) set.name = patch.name.trim();
    if (Object.keys(set).length === 0) return presentUser(user);
    const view = await this.db.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('users').set(set).where('id', '=', user.id).returningAll().executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: null,
        actor,
        action: 'user.profile_updated',
        targetType: 'user',
        targetId: user.id,
        before: { locale: user.locale, name: user.name },
        after: { locale: updated.locale, name: updated.name },
        at: this.clock.now(),
      });
      return presentUser(updated);
    });
    await this.cache.changed();
    return view;
  }

  /** Housekeeping: expired sessions and old login attempts. */
  async purgeExpired(): Promise<void> {
    const now = this.clock.now();
    await this.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
    await this.db
      .deleteFrom('login_attempts')
      .where('at', '<', new Date(now.getTime() - THROTTLE_WINDOW_MS))
      .execute();
    await this.db
      .deleteFrom('login_throttle')
      .where('window_start', '<', new Date(now.getTime() - THROTTLE_WINDOW_MS))
      .execute();
  }
}

export function assertStrongPassword(password: string, email: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw invalid('auth.weak_password', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`, 'newPassword');
  if (password.toLowerCase().includes(email.split('@')[0]!.toLowerCase())) throw invalid('auth.weak_password', 'A password must not contain the e-mail name.', 'newPassword');
}
