import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, DomainError, invalid, unauthenticated } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { appendAudit } from '../audit/index.js';
import type { Keyring } from '../secrets/index.js';
import type { AuthService, LoginChallenge } from './auth.service.js';
import type { IdentityTables, UserRow } from './identity.store.js';
import { verifyPassword } from './passwords.js';
import { base32Encode, hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUri, verifyTotp } from './totp.js';
import type { MfaEnrolment as Enrolment, MfaStatus } from '../../contracts/identity.js';

export type { Enrolment, MfaStatus };

export interface MfaTables extends IdentityTables {
  user_mfa: { user_id: string; secret_envelope: string; status: 'pending' | 'active'; last_used_step: number | null; created_at: Date; enabled_at: Date | null };
  mfa_recovery_codes: { user_id: string; code_hash: string; used_at: Date | null };
  login_challenges: { id: string; user_id: string; kind: 'totp' | 'enrol'; created_at: Date; expires_at: Date; attempts: number; ip: string | null; user_agent: string | null };
}

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
export const MAX_CHALLENGE_ATTEMPTS = 5;
const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
const MAX_CODE_FAILURES_PER_ACCOUNT = 10;
/** Roles a workspace's `requireMfa` applies to. */
export const MFA_ROLES = ['admin', 'compliance'] as const;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const aad = (userId: string) => `totp:${userId}`;

/**
 * Two-factor sign-in with TOTP. After the password, `gate` hands out a short-lived challenge when the
 * user has a second factor (kind 'totp') or must get one (kind 'enrol': a workspace requires it of
 * admins and compliance); the session starts only once the challenge is met. Codes work once (the
 * last used time step is kept); recovery codes are single-use and stored hashed. Wrong codes count
 * against the challenge (5) and the account (10 per 15 minutes).
 */
export class MfaService {
  private readonly db: Kysely<MfaTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly keyring: Keyring,
    private readonly auth: AuthService,
  ) {
    this.db = tables<MfaTables>(store);
    auth.secondFactor = (user, ip, ua) => this.gate(user, ip, ua);
  }

  async status(user: UserRow): Promise<MfaStatus> {
    const row = await this.db.selectFrom('user_mfa').select('status').where('user_id', '=', user.id).executeTakeFirst();
    const left = await this.db
      .selectFrom('mfa_recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { enabled: row?.status === 'active', required: await this.required(user.id), recoveryCodesLeft: Number(left.n) };
  }

  /** Whether any workspace requires a second factor of this user's role there. */
  async required(userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('memberships as m')
      .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
      .select('m.user_id')
      .where('m.user_id', '=', userId)
      .where('m.status', '=', 'active')
      .where('m.role', 'in', [...MFA_ROLES])
      .where(sql<boolean>`(w.settings->>'requireMfa') = 'true'`)
      .executeTakeFirst();
    return row !== undefined;
  }

  private async gate(user: UserRow, ip: string, userAgent: string | undefined): Promise<LoginChallenge | null> {
    const mfa = await this.db.selectFrom('user_mfa').select('status').where('user_id', '=', user.id).executeTakeFirst();
    const kind = mfa?.status === 'active' ? 'totp' : (await this.required(user.id)) ? 'enrol' : null;
    if (!kind) return null;
    const token = crypto.randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
    await this.db
      .insertInto('login_challenges')
      .values({ id: sha256(token), user_id: user.id, kind, created_at: now, expires_at: expiresAt, attempts: 0, ip, user_agent: userAgent?.slice(0, 300) ?? null })
      .execute();
    return { token, kind, expiresAt: expiresAt.toISOString() };
  }

  private async challenge(token: string, kind: 'totp' | 'enrol') {
    const row = await this.db
      .selectFrom('login_challenges as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .selectAll('u')
      .select(['c.id as challenge_id', 'c.kind', 'c.expires_at', 'c.attempts'])
      .where('c.id', '=', sha256(token))
      .executeTakeFirst();
    if (!row || new Date(row.expires_at) <= this.clock.now() || row.attempts >= MAX_CHALLENGE_ATTEMPTS || row.kind !== kind)
      throw unauthenticated('auth.challenge_expired', 'The sign-in step expired or was used up; sign in again with your password.');
    const { challenge_id, kind: _k, expires_at: _e, attempts: _a, ...user } = row;
    return { id: challenge_id, user: user as UserRow };
  }

  /** Meets a 'totp' challenge with a 6-digit code or a recovery code; returns the new session. */
  async verifyLogin(token: string, code: string, ip: string, userAgent: string | undefined) {
    const c = await this.challenge(token, 'totp');
    await this.throttle(c.user.email);
    const method = (await this.checkCode(c.user.id, code)) ?? null;
    if (!method) return this.failed(c.id, c.user.email);
    await this.db.deleteFrom('login_challenges').where('id', '=', c.id).execute();
    return this.auth.startSession(c.user, ip, userAgent, method);
  }

  /** During a forced enrolment at login: a new secret for the challenge's user. */
  async beginLoginEnrolment(token: string): Promise<Enrolment> {
    const c = await this.challenge(token, 'enrol');
    return this.begin(c.user);
  }

  /** Completes a forced enrolment: the first code proves the app has the secret; then a session. */
  async finishLoginEnrolment(token: string, code: string, ip: string, userAgent: string | undefined) {
    const c = await this.challenge(token, 'enrol');
    await this.throttle(c.user.email);
    const codes = await this.confirm(c.user, code, { userId: c.user.id, label: c.user.email, ip }).catch(async (err: unknown) => {
      if (err instanceof DomainError && err.code === 'auth.invalid_code') await this.failed(c.id, c.user.email).catch(() => undefined);
      throw err;
    });
    await this.db.deleteFrom('login_challenges').where('id', '=', c.id).execute();
    return { ...(await this.auth.startSession(c.user, ip, userAgent, 'password+totp-enrolled')), recoveryCodes: codes };
  }

  /** A new (pending) secret, shown once; an active second factor is kept until the new one is confirmed. */
  async begin(user: UserRow): Promise<Enrolment> {
    const existing = await this.db.selectFrom('user_mfa').select('status').where('user_id', '=', user.id).executeTakeFirst();
    if (existing?.status === 'active') throw conflict('auth.mfa_active', 'Two-factor sign-in is already on; turn it off first to set up a new app.');
    const secret = newTotpSecret();
    const envelope = this.keyring.encrypt(secret.toString('base64'), aad(user.id));
    const now = this.clock.now();
    await this.db
      .insertInto('user_mfa')
      .values({ user_id: user.id, secret_envelope: envelope, status: 'pending', last_used_step: null, created_at: now, enabled_at: null })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_envelope: envelope, status: 'pending', last_used_step: null, created_at: now, enabled_at: null }))
      .execute();
    return { secret: base32Encode(secret), otpauthUri: otpauthUri(secret, user.email) };
  }

  /** Turns a pending secret on with a code from the app; returns ten recovery codes (shown once). */
  async confirm(user: UserRow, code: string, actor: Actor): Promise<string[]> {
    const row = await this.db.selectFrom('user_mfa').selectAll().where('user_id', '=', user.id).executeTakeFirst();
    if (!row || row.status !== 'pending') throw conflict('auth.mfa_not_pending', 'Start the set-up first.');
    const step = verifyTotp(this.secretOf(row), code.trim(), this.clock.now().getTime(), null);
    if (step === null) throw unauthenticated('auth.invalid_code', 'That code is not right; check the time on your phone and try the newest code.');
    const codes = newRecoveryCodes();
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('user_mfa').set({ status: 'active', last_used_step: step, enabled_at: now }).where('user_id', '=', user.id).execute();
      await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', user.id).execute();
      await trx
        .insertInto('mfa_recovery_codes')
        .values(codes.map((c) => ({ user_id: user.id, code_hash: hashRecoveryCode(c), used_at: null })))
        .execute();
      await appendAudit(trx, { workspaceId: null, actor, action: 'auth.mfa_enabled', targetType: 'user', targetId: user.id, at: now });
    });
    return codes;
  }

  /** Turns the second factor off (password and a current code needed); refused while a workspace requires it. */
  async disable(user: UserRow, password: string, code: string, actor: Actor): Promise<void> {
    if (!(await verifyPassword(password, user.password_hash))) throw unauthenticated('auth.invalid_credentials', 'The password is not right.');
    if (await this.required(user.id)) throw conflict('auth.mfa_required', 'A workspace you administer requires two-factor sign-in for your role.');
    if (!(await this.checkCode(user.id, code))) throw unauthenticated('auth.invalid_code', 'That code is not right.');
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_mfa').where('user_id', '=', user.id).execute();
      await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', user.id).execute();
      await appendAudit(trx, { workspaceId: null, actor, action: 'auth.mfa_disabled', targetType: 'user', targetId: user.id, at: this.clock.now() });
    });
  }

  /** A TOTP code (each time step once) or an unused recovery code; returns how it was met. */
  private async checkCode(userId: string, code: string): Promise<string | null> {
    const row = await this.db.selectFrom('user_mfa').selectAll().where('user_id', '=', userId).where('status', '=', 'active').executeTakeFirst();
    if (!row) return null;
    const digits = code.replace(/\s/g, '');
    if (/^\d{6}$/.test(digits)) {
      const step = verifyTotp(this.secretOf(row), digits, this.clock.now().getTime(), row.last_used_step === null ? null : Number(row.last_used_step));
      if (step === null) return null;
      // Compare-and-set: of two requests with the same code, one wins.
      const won = await this.db
        .updateTable('user_mfa')
        .set({ last_used_step: step })
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
        .executeTakeFirst();
      return Number(won.numUpdatedRows) === 1 ? 'password+totp' : null;
    }
    if (code.length > 40) return null;
    const used = await this.db.updateTable('mfa_recovery_codes').set({ used_at: this.clock.now() }).where('user_id', '=', userId).where('code_hash', '=', hashRecoveryCode(code)).where('used_at', 'is', null).executeTakeFirst();
    return Number(used.numUpdatedRows) === 1 ? 'password+recovery_code' : null;
  }

  private secretOf(row: MfaTables['user_mfa']): Buffer {
    return Buffer.from(this.keyring.decrypt(row.secret_envelope, aad(row.user_id)), 'base64');
  }

  private async throttle(email: string): Promise<void> {
    const since = new Date(this.clock.now().getTime() - THROTTLE_WINDOW_MS);
    const r = await this.db
      .selectFrom('login_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('key', '=', `mfa:${email}`)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(r.n) >= MAX_CODE_FAILURES_PER_ACCOUNT) throw new DomainError('rate_limited', 'auth.throttled', 'Too many wrong codes. Try again in 15 minutes.', { retryAfterSeconds: THROTTLE_WINDOW_MS / 1000 });
  }

  private async failed(challengeId: string, email: string): Promise<never> {
    await this.db.updateTable('login_challenges').set({ attempts: sql<number>`attempts + 1` }).where('id', '=', challengeId).execute();
    await this.db
      .insertInto('login_attempts')
      .values({ key: `mfa:${email}`, at: this.clock.now() })
      .execute();
    throw unauthenticated('auth.invalid_code', 'That code is not right.');
  }

  /** Housekeeping: expired challenges. */
  async purgeExpired(): Promise<void> {
    await this.db.deleteFrom('login_challenges').where('expires_at', '<', this.clock.now()).execute();
  }
}

export const assertCode = (code: string) => {
  if (!/^[\s\d]{6,8}$|^[a-zA-Z0-9 -]{12,20}$/.test(code)) throw invalid('validation', 'Enter the 6-digit code from the app or a recovery code.', 'code');
};
