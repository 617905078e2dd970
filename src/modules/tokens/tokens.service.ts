import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { forbidden, invalid, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { IdentityTables } from '../identity/index.js';
import type { Principal } from '../identity/index.js';
import { TOKEN_SCOPES } from '../../platform/access/roles.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { TokenScope, TokenView } from '../../contracts/identity.js';

export type { TokenView };

type TokenRow = IdentityTables['api_tokens'];
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const present = (t: TokenRow): TokenView => ({
  id: t.id,
  name: t.name,
  scopes: t.scopes as TokenScope[],
  prefix: t.prefix,
  createdAt: iso(t.created_at)!,
  lastUsedAt: iso(t.last_used_at),
  expiresAt: iso(t.expires_at),
  createdBy: t.created_by,
});
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

async function makerOf(db: Kysely<IdentityTables>, scope: Scope): Promise<string> {
  const maker = scope.actor.tokenId ? await db.selectFrom('api_tokens').select('created_by').where('id', '=', scope.actor.tokenId).executeTakeFirst() : undefined;
  if (!maker?.created_by) throw forbidden();
  return maker.created_by;
}

/** Scoped API tokens for integrations: `sot_<random>`, shown once, stored as SHA-256. */
export class TokensService {
  private readonly db: Kysely<IdentityTables>;
  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.db = tables<IdentityTables>(store);
  }

  async list(scope: Scope): Promise<TokenView[]> {
    assertCan(scope, 'tokens.manage');
    const rows = await this.db.selectFrom('api_tokens').selectAll().where('workspace_id', '=', scope.workspaceId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
    return rows.map(present);
  }

  async create(scope: Scope, input: { name: string; scopes: string[]; expiresInDays?: number }): Promise<{ token: TokenView; secret: string }> {
    assertCan(scope, 'tokens.manage');
    const name = input.name.trim();
    if (!name) throw invalid('validation', 'A name is needed.', 'name');
    const bad = input.scopes.find((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
    if (bad !== undefined || input.scopes.length === 0) throw invalid('validation', `Scopes must be some of ${TOKEN_SCOPES.join(', ')}.`, 'scopes');
    const secret = `sot_${crypto.randomBytes(30).toString('base64url')}`;
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('api_tokens')
        .values({
          id: crypto.randomUUID(),
          workspace_id: scope.workspaceId,
          name,
          token_hash: sha256(secret),
          prefix: secret.slice(0, 8),
          scopes: jsonParam([...new Set(input.scopes)]),
          // A token made by a token belongs to the same maker, so it dies with them too.
          created_by: scope.actor.userId ?? (await makerOf(trx, scope)),
          created_at: now,
          last_used_at: null,
          expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
          revoked_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'token.created', targetType: 'token', targetId: row.id, after: { name, scopes: row.scopes, expiresAt: iso(row.expires_at) }, at: now });
      return { token: present(row), secret };
    });
  }

  async revoke(scope: Scope, tokenId: string): Promise<void> {
    assertCan(scope, 'tokens.manage');
    await this.db.transaction().execute(async (trx) => {
      const row = /^[0-9a-f-]{36}$/i.test(tokenId)
        ? await trx.updateTable('api_tokens').set({ revoked_at: this.clock.now() }).where('workspace_id', '=', scope.workspaceId).where('id', '=', tokenId).where('revoked_at', 'is', null).returningAll().executeTakeFirst()
        : undefined;
      if (!row) throw notFound('token.not_found', 'No such token.');
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'token.revoked', targetType: 'token', targetId: row.id, before: { name: row.name }, at: this.clock.now() });
    });
  }

  /** Resolves `Authorization: Bearer sot_...`; null when unknown, revoked or expired. */
  async authenticate(secret: string): Promise<Principal | null> {
    if (!secret.startsWith('sot_')) return null;
    const now = this.clock.now();
    const row = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(secret)).where('revoked_at', 'is', null).executeTakeFirst();
    // A token whose maker is gone (user deleted: created_by set null) is dead.
    if (!row || !row.created_by || (row.expires_at && new Date(row.expires_at) <= now)) return null;
    if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
      await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
    }
    return { kind: 'token', user: null, token: { id: row.id, name: row.name, workspaceId: row.workspace_id, scopes: row.scopes, makerId: row.created_by } };
  }
}
