import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { DomainError, unauthenticated } from '../../platform/errors.js';
import type { AuthService } from './auth.service.js';
import { normaliseEmail, type IdentityTables, type UserRow } from './identity.store.js';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  label: string;
}

interface OidcTables extends IdentityTables {
  oidc_requests: { state: string; nonce: string; code_verifier: string; redirect_uri: string; created_at: Date; expires_at: Date };
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

const REQUEST_TTL_MS = 10 * 60 * 1000;
const CLOCK_SKEW_S = 60;
const b64url = (b: Buffer) => b.toString('base64url');
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest();
const fail = (why: string) => unauthenticated('auth.sso_failed', `Single sign-on failed: ${why}.`);

/**
 * Single sign-on with an OpenID Connect provider: authorization code flow with PKCE (S256), state and
 * nonce kept server-side and used once, the ID token verified here: RS256 only (no `none`, no HMAC),
 * signature against the provider's JWKS by `kid`, issuer, audience (and `azp`), expiry, issue time and
 * nonce. The e-mail in the token must belong to an existing user (no accounts are made by sign-on).
 */
export class OidcService {
  private readonly db: Kysely<OidcTables>;
  private discovery: { at: number; doc: Discovery } | undefined;
  private jwks: { at: number; keys: crypto.JsonWebKey[] } | undefined;

  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly auth: AuthService,
    readonly config: OidcConfig,
    private readonly fetcher: typeof fetch = fetch,
  ) {
    this.db = tables<OidcTables>(store);
  }

  private async discover(): Promise<Discovery> {
    if (this.discovery && Date.now() - this.discovery.at < 3_600_000) return this.discovery.doc;
    const res = await this.fetcher(`${this.config.issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    if (!res?.ok) throw new DomainError('unavailable', 'auth.sso_unavailable', 'The identity provider cannot be reached.');
    const doc = (await res.json()) as Discovery;
    if (doc.issuer !== this.config.issuer) throw new DomainError('unavailable', 'auth.sso_unavailable', 'The identity provider announces another issuer.');
    this.discovery = { at: Date.now(), doc };
    return doc;
  }

  private async keys(forceRefresh: boolean) {
    if (!forceRefresh && this.jwks && Date.now() - this.jwks.at < 3_600_000) return this.jwks.keys;
    const res = await this.fetcher((await this.discover()).jwks_uri, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    if (!res?.ok) throw new DomainError('unavailable', 'auth.sso_unavailable', 'The identity provider keys cannot be fetched.');
    this.jwks = { at: Date.now(), keys: ((await res.json()) as { keys?: crypto.JsonWebKey[] }).keys ?? [] };
    return this.jwks.keys;
  }

  /** Starts a sign-in: the provider URL to send the browser to. */
  async start(redirectUri: string): Promise<string> {
    const d = await this.discover();
    const state = b64url(crypto.randomBytes(32));
    const nonce = b64url(crypto.randomBytes(32));
    const verifier = b64url(crypto.randomBytes(48));
    const now = this.clock.now();
    await this.db
      .insertInto('oidc_requests')
      .values({ state: sha256(state).toString('hex'), nonce, code_verifier: verifier, redirect_uri: redirectUri, created_at: now, expires_at: new Date(now.getTime() + REQUEST_TTL_MS) })
      .execute();
    const q = new URLSearchParams({ response_type: 'code', client_id: this.config.clientId, redirect_uri: redirectUri, scope: 'openid email profile', state, nonce, code_challenge: b64url(sha256(verifier)), code_challenge_method: 'S256' });
    return `${d.authorization_endpoint}?${q}`;
  }

  /** The provider sent the browser back: exchange the code, verify the ID token, start a session. */
  async callback(code: string, state: string, ip: string, userAgent: string | undefined) {
    // The request is used once, whatever happens next (a replayed state or nonce finds nothing).
    const req = await this.db.deleteFrom('oidc_requests').where('state', '=', sha256(state).toString('hex')).returningAll().executeTakeFirst();
    if (!req || new Date(req.expires_at) <= this.clock.now()) throw fail('the sign-in request is unknown, used or expired');
    const d = await this.discover();
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: req.redirect_uri,
      client_id: this.config.clientId,
      code_verifier: req.code_verifier,
      ...(this.config.clientSecret ? { client_secret: this.config.clientSecret } : {}),
    });
    const res = await this.fetcher(d.token_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body, signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    if (!res?.ok) throw fail('the provider refused the code');
    const token = ((await res.json().catch(() => ({}))) as { id_token?: unknown }).id_token;
    if (typeof token !== 'string') throw fail('no ID token');
    const claims = await this.verify(token, req.nonce);
    const email = typeof claims.email === 'string' ? normaliseEmail(claims.email) : '';
    if (!email || claims.email_verified === false) throw fail('the token has no verified e-mail');
    const user = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    if (!user) throw fail('no Sotong user has this e-mail');
    return this.auth.startSession(user as UserRow, ip, userAgent, 'oidc');
  }

  /** Verifies an ID token (compact JWS); returns its claims. */
  async verify(jwt: string, nonce: string): Promise<Record<string, unknown>> {
    const parts = jwt.split('.');
    if (parts.length !== 3) throw fail('the ID token is malformed');
    let header: { alg?: string; kid?: string };
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    } catch {
      throw fail('the ID token is malformed');
    }
    if (header.alg !== 'RS256') throw fail(`the ID token is signed with ${String(header.alg)}, not RS256`);
    const data = Buffer.from(`${parts[0]}.${parts[1]}`);
    const sig = Buffer.from(parts[2]!, 'base64url');
    const check = async (refresh: boolean) => {
      const candidates = (await this.keys(refresh)).filter((k) => k.kty === 'RSA' && (!header.kid || k.kid === header.kid) && (!k.use || k.use === 'sig'));
      return candidates.some((k) => {
        try {
          return crypto.verify('sha256', data, crypto.createPublicKey({ key: k, format: 'jwk' }), sig);
        } catch {
          return false;
        }
      });
    };
    // A key not known yet may be a rotation: fetch the set once more.
    if (!(await check(false)) && !(await check(true))) throw fail('the ID token signature is not valid');
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== this.config.issuer) throw fail('the ID token is from another issuer');
    if (!aud.includes(this.config.clientId)) throw fail('the ID token is for another client');
    if (aud.length > 1 && claims.azp !== this.config.clientId) throw fail('the ID token was given to another party');
    if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_S < now) throw fail('the ID token has expired');
    if (typeof claims.iat === 'number' && claims.iat - CLOCK_SKEW_S > now) throw fail('the ID token is from the future');
    if (typeof claims.nonce !== 'string' || claims.nonce.length !== nonce.length || !crypto.timingSafeEqual(Buffer.from(claims.nonce), Buffer.from(nonce))) throw fail('the ID token answers another sign-in (nonce)');
    return claims;
  }

  async purgeExpired(): Promise<void> {
    await this.db.deleteFrom('oidc_requests').where('expires_at', '<', this.clock.now()).execute();
  }
}
