import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Bus } from '../../platform/bus/bus.js';
import type { Clock } from '../../platform/clock/clock.js';
import { WORKSPACE_SETTINGS_CHANGED_SUBJECT, type WorkspaceSettingsChanged } from './workspaces.events.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, forbidden, invalid } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { appendAudit } from '../audit/index.js';
import { presentWorkspace, type WorkspaceView, type WorkspacesTables } from './workspaces.store.js';

const SLUG = /^[a-z0-9][a-z0-9-]{1,40}$/;

export interface WorkspaceSettings {
  /** Keep the original of texts that held personal data (encrypted, readable by compliance); default off. */
  keepOriginalPii: boolean;
  /** IANA timezone of the workspace's business hours and reports. */
  timezone: string;
  /** Admins and compliance officers must sign in with a second factor (TOTP); default off. */
  requireMfa: boolean;
}
const DEFAULT_SETTINGS: WorkspaceSettings = { keepOriginalPii: false, timezone: 'Asia/Seoul', requireMfa: false };

export class WorkspacesService {
  private readonly db: Kysely<WorkspacesTables & { memberships: { workspace_id: string; user_id: string; role: string; status: string; created_at: Date } }>;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly bus?: Bus,
  ) {
    this.db = tables(store);
  }

  /** Creates a workspace; the creating user (if any) becomes its admin. Instance admins only via the API. */
  async create(actor: Actor & { isInstanceAdmin?: boolean }, input: { name: string; slug: string }): Promise<WorkspaceView> {
    if (actor.userId && !actor.isInstanceAdmin) throw forbidden('Only instance administrators can create workspaces.');
    const name = input.name.trim();
    if (!name) throw invalid('validation', 'A name is needed.', 'name');
    if (!SLUG.test(input.slug)) throw invalid('validation', 'The short name may use a-z, 0-9 and -, 2 to 41 characters.', 'slug');
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const taken = await trx.selectFrom('workspaces').select('id').where('slug', '=', input.slug).executeTakeFirst();
      if (taken) throw conflict('workspace.exists', 'That short name is taken.');
      const row = await trx
        .insertInto('workspaces')
        .values({ id: crypto.randomUUID(), slug: input.slug, name, settings: JSON.stringify({}), created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (actor.userId) {
        await trx.insertInto('memberships').values({ workspace_id: row.id, user_id: actor.userId, role: 'admin', status: 'active', created_at: now }).execute();
      }
      await appendAudit(trx, { workspaceId: row.id, actor, action: 'workspace.created', targetType: 'workspace', targetId: row.id, after: presentWorkspace(row), at: now });
      return presentWorkspace(row);
    });
  }

  /** Workspace policies; admins change them (settings.manage), everyone in the workspace reads them. */
  async settings(workspaceId: string): Promise<WorkspaceSettings> {
    const row = await this.db.selectFrom('workspaces').select('settings').where('id', '=', workspaceId).executeTakeFirstOrThrow();
    return { ...DEFAULT_SETTINGS, ...(row.settings as Partial<WorkspaceSettings>) };
  }

  async updateSettings(workspaceId: string, actor: Actor, patch: Partial<WorkspaceSettings>): Promise<WorkspaceSettings> {
    const now = this.clock.now();
    const settings = await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('workspaces').select('settings').where('id', '=', workspaceId).forUpdate().executeTakeFirstOrThrow();
      const before = { ...DEFAULT_SETTINGS, ...(row.settings as Partial<WorkspaceSettings>) };
      const after = { ...before, ...patch };
      await trx
        .updateTable('workspaces')
        .set({ settings: JSON.stringify(after) })
        .where('id', '=', workspaceId)
        .execute();
      await appendAudit(trx, { workspaceId, actor, action: 'workspace.settings_changed', targetType: 'workspace', targetId: workspaceId, before, after, at: now });
      return after;
    });
    await this.bus?.publish(WORKSPACE_SETTINGS_CHANGED_SUBJECT, { workspaceId } satisfies WorkspaceSettingsChanged).catch(() => undefined);
    return settings;
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('workspaces')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async findBySlugOrId(ref: string): Promise<WorkspaceView | undefined> {
    let q = this.db.selectFrom('workspaces').select(['id', 'name', 'slug']);
    q = /^[0-9a-f-]{36}$/i.test(ref) ? q.where('id', '=', ref) : q.where('slug', '=', ref);
    return q.executeTakeFirst();
  }
}
