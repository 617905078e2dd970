import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import { tables, type Store } from '../../platform/db/store.js';
import { DomainError, invalid } from '../../platform/errors.js';
import type { Scope } from '../../platform/access/scope.js';
import { appendAudit } from '../audit/index.js';
import type { AuthService, IdentityTables } from '../identity/index.js';
import type { Microblog, Viewer } from '../microblog/index.js';
import type { MastodonTables } from './mastodon.tables.js';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const safeEqual = (a: string, b: string) => a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
export const OOB = 'urn:ietf:wg:oauth:2.0:oob';
const CODE_TTL_MS = 10 * 60_000;

export interface AppView {
  id: string;
  name: string;
  website: string | null;
  client_id: string;
  client_secret: string;
  redirect_uri: string;
  redirect_uris: string[];
  scopes: string[];
  vapid_key: string;
}

/** An OAuth error in RFC 6749's shape (`error`, `error_description`), which Mastodon clients read. */
export const oauthError = (status: 'invalid' | 'unauthenticated', error: string, description: string) => new DomainError(status, error, description);

/** Who a bearer token speaks for: an app alone (client credentials) or a person in one workspace. */
export interface Caller {
  appId: number;
  scopes: string[];
  viewer: Viewer | null;
}

/** OAuth 2 apps, authorization codes and access tokens of the Mastodon client API. */
export class OAuthService {
  private readonly db: Kysely<MastodonTables & IdentityTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly auth: AuthService,
    private readonly microblog: Microblog,
  ) {
    this.db = tables(store);
  }

  async createApp(input: { name: string; redirectUris: string; scopes?: string; website?: string | null }): Promise<AppView> {
    const name = input.name.trim().slice(0, 200);
    if (!name) throw invalid('validation', 'client_name is required.', 'client_name');
    const uris = input.redirectUris.split(/\s+/).filter(Boolean).slice(0, 10);
    if (uris.length === 0) throw invalid('validation', 'redirect_uris is required.', 'redirect_uris');
    for (const u of uris) if (u !== OOB && !/^[a-z][a-z0-9+.-]*:\/\/?\S+$/i.test(u)) throw invalid('validation', `redirect_uris: "${u.slice(0, 80)}" is not a URI.`, 'redirect_uris');
    const scopes = (input.scopes ?? 'read')
      .split(/[\s+]+/)
      .filter(Boolean)
      .slice(0, 20);
    const clientId = crypto.randomBytes(24).toString('base64url');
    const secret = crypto.randomBytes(32).toString('base64url');
    const row = await this.db
      .insertInto('mastodon_apps')
      .values({ client_id: clientId, client_secret_hash: sha256(secret), name, website: input.website?.slice(0, 500) || null, redirect_uris: uris.join('\n'), scopes: scopes.join(' '), created_at: this.clock.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { id: String(row.id), name, website: row.website, client_id: clientId, client_secret: secret, redirect_uri: uris.join('\n'), redirect_uris: uris, scopes, vapid_key: '' };
  }

  async app(clientId: string, clientSecret?: string) {
    const row = clientId ? await this.db.selectFrom('mastodon_apps').selectAll().where('client_id', '=', clientId.slice(0, 200)).executeTakeFirst() : undefined;
    if (!row || (clientSecret !== undefined && !safeEqual(sha256(clientSecret), row.client_secret_hash))) throw oauthError('unauthenticated', 'invalid_client', 'Client authentication failed: unknown client or wrong secret.');
    return row;
  }

  /** The workspace a login works in: the named one (slug) or the person's first active membership. */
  private async workspaceOf(userId: string, slug?: string): Promise<string> {
    let q = this.db.selectFrom('memberships as m').innerJoin('workspaces as w', 'w.id', 'm.workspace_id').select('w.id').where('m.user_id', '=', userId).where('m.status', '=', 'active');
    if (slug) q = q.where('w.slug', '=', slug);
    const row = await q.orderBy('m.created_at').executeTakeFirst();
    if (!row) throw oauthError('invalid', 'invalid_grant', 'This login has no workspace here.');
    return row.id;
  }

  /** Checks e-mail and password (throttled, audited by identity); a second factor needs the browser flow. */
  async passwordLogin(email: string, password: string, ip: string, ua: string | undefined): Promise<string> {
    let r: Awaited<ReturnType<AuthService['login']>>;
    try {
      r = await this.auth.login(email, password, ip, ua);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'auth.invalid_credentials') throw oauthError('invalid', 'invalid_grant', 'The e-mail or password is not right.');
      throw err;
    }
    if ('challenge' in r) throw oauthError('invalid', 'invalid_grant', 'This account has two-factor sign-in; log in through the browser (authorization code).');
    return r.me.user.id;
  }

  async issueCode(app: { id: number; redirect_uris: string }, userId: string, redirectUri: string, scopes: string, slug?: string): Promise<string> {
    if (!app.redirect_uris.split('\n').includes(redirectUri)) throw oauthError('invalid', 'invalid_request', 'redirect_uri is not one of the app’s.');
    const workspaceId = await this.workspaceOf(userId, slug);
    const code = crypto.randomBytes(32).toString('base64url');
    await this.db
      .insertInto('mastodon_codes')
      .values({ code_hash: sha256(code), app_id: app.id, workspace_id: workspaceId, user_id: userId, redirect_uri: redirectUri, scopes, expires_at: new Date(this.clock.now().getTime() + CODE_TTL_MS), used_at: null })
      .execute();
    return code;
  }

  async token(input: { grantType: string; clientId: string; clientSecret: string; username?: string; password?: string; code?: string; redirectUri?: string; scope?: string; workspace?: string }, ip: string, ua: string | undefined) {
    const app = await this.app(input.clientId, input.clientSecret);
    const scopes =
      (input.scope || app.scopes)
        .split(/[\s+]+/)
        .filter(Boolean)
        .join(' ') || 'read';
    let userId: string | null = null;
    let workspaceId: string | null = null;
    if (input.grantType === 'password') {
      if (!input.username || !input.password) throw oauthError('invalid', 'invalid_request', 'username and password are required.');
      userId = await this.passwordLogin(input.username, input.password, ip, ua);
      workspaceId = await this.workspaceOf(userId, input.workspace);
    } else if (input.grantType === 'authorization_code') {
      const now = this.clock.now();
      const row = input.code
        ? await this.db
            .updateTable('mastodon_codes')
            .set({ used_at: now })
            .where('code_hash', '=', sha256(input.code))
            .where('app_id', '=', app.id)
            .where('used_at', 'is', null)
            .where('expires_at', '>', now)
            .returningAll()
            .executeTakeFirst()
        : undefined;
      if (!row || (input.redirectUri && input.redirectUri !== row.redirect_uri)) throw oauthError('invalid', 'invalid_grant', 'The authorization code is not valid (unknown, used, expired, another app’s, or another redirect_uri).');
      userId = row.user_id;
      workspaceId = row.workspace_id;
    } else if (input.grantType !== 'client_credentials') {
      throw oauthError('invalid', 'unsupported_grant_type', 'grant_type must be password, authorization_code or client_credentials.');
    }
    const token = crypto.randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('mastodon_tokens')
        .values({ token_hash: sha256(token), app_id: app.id, workspace_id: workspaceId, user_id: userId, scopes, created_at: now, revoked_at: null })
        .execute();
      if (workspaceId && userId)
        await appendAudit(trx, {
          workspaceId,
          actor: { userId, label: `mastodon:${app.name}`, ip },
          action: 'microblog.client_authorized',
          targetType: 'mastodon_app',
          targetId: String(app.id),
          after: { grant: input.grantType, scopes },
          at: now,
        });
    });
    return { access_token: token, token_type: 'Bearer', scope: scopes, created_at: Math.floor(now.getTime() / 1000) };
  }

  async revoke(clientId: string, clientSecret: string, token: string): Promise<void> {
    const app = await this.app(clientId, clientSecret);
    await this.db.updateTable('mastodon_tokens').set({ revoked_at: this.clock.now() }).where('token_hash', '=', sha256(token)).where('app_id', '=', app.id).execute();
  }

  /**
   * Resolves a bearer token: the person behind it must still be an active member of the token's
   * workspace and an active person on the microblog; otherwise the token is refused (401).
   */
  async authenticate(raw: string | undefined, ip: string): Promise<Caller | null> {
    if (!raw) return null;
    const row = await this.db
      .selectFrom('mastodon_tokens')
      .selectAll()
      .where('token_hash', '=', sha256(raw.slice(0, 500)))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw oauthError('unauthenticated', 'invalid_token', 'The access token is invalid.');
    const scopes = row.scopes.split(' ');
    if (!row.user_id || !row.workspace_id) return { appId: row.app_id, scopes, viewer: null };
    const user = await this.db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
    if (!user) throw oauthError('unauthenticated', 'invalid_token', 'The access token is invalid.');
    let scope: Scope;
    try {
      scope = await this.auth.scopeFor({ kind: 'session', user }, row.workspace_id, ip);
      scope = { ...scope, actor: { ...scope.actor, label: `${user.email} (mastodon)` } };
      return { appId: row.app_id, scopes, viewer: await this.microblog.people.viewer(scope) };
    } catch (err) {
      if (err instanceof DomainError && (err.kind === 'not_found' || err.kind === 'forbidden')) throw oauthError('unauthenticated', 'invalid_token', 'The access token is no longer valid: the account is deactivated or left the workspace.');
      throw err;
    }
  }
}
