/**
 * Shareable read-only links to one dashboard: `<shareId>.<expiry>.<HMAC-SHA256>` signed with a
 * per-workspace key (kept encrypted in `secrets`), checked on every use together with the share row
 * (revocation, expiry). Anything wrong answers the same 404.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { SecretsStore } from '../secrets/index.js';
import type { DashboardService, Target } from './dashboard.service.js';
import { UUID_RE, iso, type ListeningDb, type ListeningTables } from './listening.tables.js';
import type { CreatedShare, SharedDashboard, ShareView } from '../../contracts/listening.js';

export type { ShareView };

const KEY_OWNER = 'listening_share_key';
type ShareRow = ListeningTables['listening_shares'];

const present = (r: ShareRow): ShareView => ({
  id: r.id,
  targetType: r.target_type,
  targetId: r.target_id,
  label: r.label,
  expiresAt: iso(r.expires_at)!,
  revokedAt: iso(r.revoked_at),
  createdAt: iso(r.created_at)!,
  lastUsedAt: iso(r.last_used_at),
});

const gone = () => notFound('share.not_found', 'This link does not exist, was revoked or has expired.');

export class SharesService {
  private readonly db: Kysely<ListeningDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly secrets: SecretsStore,
    private readonly dashboards: DashboardService,
    private readonly publicUrl: string | undefined,
  ) {
    this.db = tables<ListeningDb>(store);
  }

  private async key(workspaceId: string, create: boolean): Promise<string | undefined> {
    const found = await this.secrets.get(workspaceId, KEY_OWNER, workspaceId);
    if (found?.key || !create) return found?.key;
    const key = crypto.randomBytes(32).toString('base64url');
    await this.secrets.put(workspaceId, KEY_OWNER, workspaceId, { key });
    return (await this.secrets.get(workspaceId, KEY_OWNER, workspaceId))!.key;
  }

  private sign(key: string, id: string, exp: number): string {
    return crypto.createHmac('sha256', key).update(`${id}.${exp}`).digest('base64url');
  }

  async create(scope: Scope, type: 'query' | 'set', targetId: string, input: { expiresInHours?: number; label?: string }): Promise<CreatedShare> {
    assertCan(scope, 'listening.manage');
    const target = await this.dashboards.target(scope.workspaceId, type, targetId);
    const now = this.clock.now();
    const expires = new Date(Math.floor((now.getTime() + (input.expiresInHours ?? 168) * 3_600_000) / 1000) * 1000);
    const key = (await this.key(scope.workspaceId, true))!;
    const row: ShareRow = {
      id: crypto.randomUUID(),
      workspace_id: scope.workspaceId,
      target_type: type,
      target_id: target.id,
      label: input.label ?? null,
      expires_at: expires,
      revoked_at: null,
      created_by: scope.actor.label,
      created_at: now,
      last_used_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('listening_shares').values(row).execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.share_created', targetType: 'listening_share', targetId: row.id, after: present(row), at: now });
    });
    const token = `${row.id}.${expires.getTime() / 1000}.${this.sign(key, row.id, expires.getTime() / 1000)}`;
    return { ...present(row), token, url: `${this.publicUrl?.replace(/\/$/, '') ?? ''}/shared/${token}` };
  }

  async list(scope: Scope): Promise<ShareView[]> {
    assertCan(scope, 'listening.read');
    const rows = await this.db.selectFrom('listening_shares').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('created_at', 'desc').limit(500).execute();
    return rows.map(present);
  }

  async revoke(scope: Scope, id: string): Promise<void> {
    assertCan(scope, 'listening.manage');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const row = UUID_RE.test(id) ? await trx.selectFrom('listening_shares').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
      if (!row) throw notFound('listening.share_not_found', 'No such shared link.');
      await trx
        .updateTable('listening_shares')
        .set({ revoked_at: row.revoked_at ?? now })
        .where('id', '=', row.id)
        .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'listening.share_revoked', targetType: 'listening_share', targetId: row.id, at: now });
    });
  }

  /** Resolves a token to its dashboard target; 404 for anything unknown, tampered, revoked or expired. */
  async resolve(token: string): Promise<{ share: ShareRow; target: Target }> {
    const m = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) throw gone();
    const [, id, expText, sig] = m as unknown as [string, string, string, string];
    const exp = Number(expText);
    const share = await this.db.selectFrom('listening_shares').selectAll().where('id', '=', id).executeTakeFirst();
    if (!share) throw gone();
    const key = await this.key(share.workspace_id, false);
    if (!key) throw gone();
    const want = Buffer.from(this.sign(key, id, exp));
    const given = Buffer.from(sig);
    const now = this.clock.now();
    if (want.length !== given.length || !crypto.timingSafeEqual(want, given)) throw gone();
    if (exp * 1000 !== new Date(share.expires_at).getTime() || now.getTime() >= exp * 1000 || share.revoked_at) throw gone();
    const target = await this.dashboards.target(share.workspace_id, share.target_type, share.target_id).catch(() => {
      throw gone();
    });
    await this.db.updateTable('listening_shares').set({ last_used_at: now }).where('id', '=', id).execute();
    return { share, target };
  }

  /**
   * The dashboard behind a link, aggregates only: counts over time, by sentiment, by channel and the share
   * of voice. Whoever holds the link is anonymous, so nothing that carries a post's words or a person's
   * name leaves: no top posts, no top authors, and no keywords or word cloud (they are built from every
   * matched item, private messages included, and a frequent word can be a name).
   */
  async dashboard(token: string, params: { from?: string; to?: string; bucket?: 'hour' | 'day' }): Promise<SharedDashboard> {
    const { share, target } = await this.resolve(token);
    const full = await this.dashboards.build(share.workspace_id, target, params);
    const dashboard = { ...full, keywords: [], wordCloud: [], topPosts: [], topAuthors: [] };
    return { share: { targetType: share.target_type, label: share.label, expiresAt: iso(share.expires_at)!, aggregatesOnly: true as const }, dashboard };
  }
}
