import crypto from 'node:crypto';
import type { AdapterRegistry } from '../../channels/registry.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { invalid, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import { renderTemplate, validateTemplate, type TemplateValues } from './domain/templates.js';
import type { InboxTables, InboxDb } from './inbox.tables.js';
import type { CannedReplyView, RenderResult as RenderedView } from '../../contracts/inbox.js';

export type { CannedReplyView };

type Db = InboxDb;
type Row = InboxTables['canned_replies'];
const UUID = /^[0-9a-f-]{36}$/i;

const present = (r: Row): CannedReplyView => ({
  id: r.id,
  name: r.name,
  text: r.text,
  language: r.language,
  variables: validateTemplate(r.text).variables,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at ?? r.created_at).toISOString(),
});

function assertTemplate(text: string): void {
  const v = validateTemplate(text);
  if (v.errors.length) throw invalid('canned.invalid_template', v.errors.map((e) => e.message).join('; '), 'text');
  if (v.unknown.length) throw invalid('canned.invalid_template', `Unknown variables: ${v.unknown.join(', ')}.`, 'text');
}

export class CannedReplies {
  private readonly db: Db;
  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly adapters: AdapterRegistry,
  ) {
    this.db = tables(store);
  }

  async list(scope: Scope, q?: string): Promise<CannedReplyView[]> {
    assertCan(scope, 'inbox.read');
    let query = this.db.selectFrom('canned_replies').selectAll().where('workspace_id', '=', scope.workspaceId);
    if (q) {
      const like = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
      query = query.where((eb) => eb.or([eb('name', 'ilike', like), eb('text', 'ilike', like)]));
    }
    return (await query.orderBy('name').orderBy('id').execute()).map(present);
  }

  /** A canned reply of the workspace, or undefined. */
  find(db: InboxDb, workspaceId: string, id: string): Promise<Row | undefined> {
    return UUID.test(id) ? db.selectFrom('canned_replies').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst() : Promise.resolve(undefined);
  }

  async create(scope: Scope, input: { name: string; text: string; language?: string }): Promise<CannedReplyView> {
    assertCan(scope, 'inbox.manage');
    assertTemplate(input.text);
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('canned_replies')
        .values({ id: crypto.randomUUID(), workspace_id: scope.workspaceId, name: input.name.trim(), text: input.text, language: input.language ?? 'ko', created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'canned_reply.created', targetType: 'canned_reply', targetId: row.id, after: { name: row.name, text: row.text, language: row.language }, at: now });
      return present(row);
    });
  }

  async update(scope: Scope, id: string, input: { name?: string; text?: string; language?: string }): Promise<CannedReplyView> {
    assertCan(scope, 'inbox.manage');
    if (input.text !== undefined) assertTemplate(input.text);
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const before = await this.find(trx, scope.workspaceId, id);
      if (!before) throw notFound('canned.not_found', 'No such canned reply.');
      const row = await trx
        .updateTable('canned_replies')
        .set({ ...(input.name !== undefined ? { name: input.name.trim() } : {}), ...(input.text !== undefined ? { text: input.text } : {}), ...(input.language ? { language: input.language } : {}), updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, {
        workspaceId: scope.workspaceId,
        actor: scope.actor,
        action: 'canned_reply.updated',
        targetType: 'canned_reply',
        targetId: id,
        before: { name: before.name, text: before.text, language: before.language },
        after: { name: row.name, text: row.text, language: row.language },
        at: now,
      });
      return present(row);
    });
  }

  async remove(scope: Scope, id: string): Promise<void> {
    assertCan(scope, 'inbox.manage');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const before = await this.find(trx, scope.workspaceId, id);
      if (!before) throw notFound('canned.not_found', 'No such canned reply.');
      await trx.deleteFrom('canned_replies').where('id', '=', id).execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'canned_reply.deleted', targetType: 'canned_reply', targetId: id, before: { name: before.name, text: before.text }, at: now });
    });
  }

  /** Renders a canned reply for a conversation, as the calling agent. */
  async render(scope: Scope, id: string, conversationId: string): Promise<RenderedView> {
    assertCan(scope, 'inbox.read');
    const row = await this.find(this.db, scope.workspaceId, id);
    if (!row) throw notFound('canned.not_found', 'No such canned reply.');
    const values = UUID.test(conversationId) ? await this.valuesFor(this.db, scope.workspaceId, conversationId, scope.actor.userId) : undefined;
    if (!values) throw notFound('conversation.not_found', 'No such conversation.');
    return renderTemplate(row.text, values);
  }

  /**
   * Template values for a conversation: the customer, the agent (the given user, else the assignee),
   * the team, the channel's name and the workspace's. Undefined when the conversation is not there.
   */
  async valuesFor(db: InboxDb, workspaceId: string, conversationId: string, agentUserId: string | null): Promise<TemplateValues | undefined> {
    const d = db;
    const c = await d
      .selectFrom('conversations as c')
      .innerJoin('authors as a', 'a.id', 'c.customer_author_id')
      .innerJoin('workspaces as w', 'w.id', 'c.workspace_id')
      .leftJoin('teams as t', 't.id', 'c.team_id')
      .select(['c.id', 'c.channel', 'c.assignee_id', 'a.handle', 'a.display_name', 'w.name as workspace_name', 't.name as team_name'])
      .where('c.workspace_id', '=', workspaceId)
      .where('c.id', '=', conversationId)
      .executeTakeFirst();
    if (!c) return undefined;
    const agentId = agentUserId ?? c.assignee_id;
    const agent = agentId ? await d.selectFrom('users').select('name').where('id', '=', agentId).executeTakeFirst() : undefined;
    return {
      customer: { name: c.display_name ?? c.handle, handle: c.handle },
      agent: { name: agent?.name ?? null, team: c.team_name },
      conversation: { id: c.id },
      channel: { name: this.adapters.get(c.channel)?.displayName ?? c.channel },
      workspace: { name: c.workspace_name },
    };
  }
}
