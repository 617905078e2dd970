import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Store } from '../../platform/db/store.js';
import { tables } from '../../platform/db/store.js';
import { conflict, notFound } from '../../platform/errors.js';
import { appendAudit, jsonParam } from '../audit/index.js';
import type { CustomersDb, CustomersTables } from './customers.tables.js';
import { isUuid } from './customers.service.js';
import type { CaseSettingsView, MergeProposal, MergeView } from '../../contracts/customers.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';

export type { CaseSettingsView, MergeProposal, MergeView };

export type MergeRow = CustomersTables['case_merges'];

const OPEN = ['open', 'pending', 'snoozed'];
const bigrams = (s: string) => {
  const t = s.toLowerCase().replace(/\s+/g, ' ').trim();
  const out = new Set<string>();
  for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
  return out;
};
/** Jaccard similarity of character bigrams (works for Korean without a tokenizer). */
export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (!x.size || !y.size) return 0;
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  return both / (x.size + y.size - both);
}

export const presentMerge = (r: MergeRow): MergeView => ({
  id: r.id,
  targetConversationId: r.target_conversation_id,
  sourceConversationId: r.source_conversation_id,
  reason: r.reason,
  mergedBy: r.merged_by,
  mergedAt: new Date(r.merged_at).toISOString(),
  undoneAt: r.undone_at ? new Date(r.undone_at).toISOString() : null,
});

/** Merge proposals across channels and the record of merges (the inbox changes the conversations). */
export class CasesStore {
  private readonly db: Kysely<CustomersDb>;
  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.db = tables<CustomersDb>(store);
  }

  /**
   * Open conversations that look like one case: those of identities linked to the same customer
   * (newer into older), and likely duplicates of unlinked ones (similar first message within 48 h, on
   * different channels). Conversations already merged are left out.
   */
  async proposals(workspaceId: string, opts: { minSimilarity?: number } = {}): Promise<MergeProposal[]> {
    const merged = new Set((await this.db.selectFrom('case_merges').select('source_conversation_id').where('workspace_id', '=', workspaceId).where('undone_at', 'is', null).execute()).map((r) => r.source_conversation_id));
    const convs = (
      await this.db
        .selectFrom('conversations as c')
        .leftJoin('customer_links as l', (j) => j.onRef('l.author_id', '=', 'c.customer_author_id').onRef('l.workspace_id', '=', 'c.workspace_id').on('l.revoked_at', 'is', null))
        .select(['c.id', 'c.channel', 'c.customer_author_id', 'c.created_at', 'l.customer_id'])
        .where('c.workspace_id', '=', workspaceId)
        .where('c.status', 'in', OPEN)
        .orderBy('c.created_at', 'asc')
        .limit(500)
        .execute()
    ).filter((c) => !merged.has(c.id));
    if (convs.length < 2) return [];
    const firsts = await this.db
      .selectFrom('conversation_items as ci')
      .innerJoin('items as i', 'i.id', 'ci.item_id')
      .select(['ci.conversation_id', 'i.text', 'i.created_at'])
      .where('ci.workspace_id', '=', workspaceId)
      .where(
        'ci.conversation_id',
        'in',
        convs.map((c) => c.id),
      )
      .where('i.direction', '=', 'inbound')
      .orderBy('i.created_at', 'asc')
      .execute();
    const text = new Map<string, string>();
    for (const f of firsts) if (!text.has(f.conversation_id)) text.set(f.conversation_id, f.text);
    const out: MergeProposal[] = [];
    const paired = new Set<string>();
    for (let i = 0; i < convs.length; i++) {
      for (let j = i + 1; j < convs.length; j++) {
        const a = convs[i]!;
        const b = convs[j]!;
        if (paired.has(b.id) || a.customer_author_id === b.customer_author_id) continue;
        const texts: [string, string] = [text.get(a.id) ?? '', text.get(b.id) ?? ''];
        if (a.customer_id && a.customer_id === b.customer_id) {
          out.push({ targetConversationId: a.id, sourceConversationId: b.id, reason: { kind: 'same_customer', customerId: a.customer_id }, confidence: 0.9, channels: [a.channel, b.channel], texts });
          paired.add(b.id);
          continue;
        }
        if (a.customer_id && b.customer_id) continue;
        const hours = Math.abs(new Date(b.created_at).getTime() - new Date(a.created_at).getTime()) / 3_600_000;
        if (hours > 48 || a.channel === b.channel) continue;
        const sim = similarity(texts[0], texts[1]);
        if (sim >= (opts.minSimilarity ?? 0.3)) {
          out.push({
            targetConversationId: a.id,
            sourceConversationId: b.id,
            reason: { kind: 'similar_content', similarity: Math.round(sim * 100) / 100, hoursApart: Math.round(hours * 10) / 10 },
            confidence: Math.round(sim * 0.8 * 100) / 100,
            channels: [a.channel, b.channel],
            texts,
          });
          paired.add(b.id);
        }
      }
    }
    return out.sort((x, y) => y.confidence - x.confidence);
  }

  async record(workspaceId: string, input: { targetId: string; sourceId: string; reason: unknown; previousStatus: string }, actor: Actor): Promise<MergeRow> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const live = await trx.selectFrom('case_merges').select('id').where('workspace_id', '=', workspaceId).where('source_conversation_id', 'in', [input.sourceId, input.targetId]).where('undone_at', 'is', null).executeTakeFirst();
      if (live) throw conflict('case.already_merged', 'One of these conversations is already merged into a case.');
      const row = await trx
        .insertInto('case_merges')
        .values({
          id: crypto.randomUUID(),
          workspace_id: workspaceId,
          target_conversation_id: input.targetId,
          source_conversation_id: input.sourceId,
          reason: jsonParam(input.reason),
          previous_status: input.previousStatus,
          merged_by: actor.label,
          merged_at: now,
          undone_at: null,
          undone_by: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, { workspaceId, actor, action: 'case.merged', targetType: 'conversation', targetId: input.targetId, after: { mergeId: row.id, source: input.sourceId, reason: input.reason }, at: now });
      return row;
    });
  }

  async get(workspaceId: string, id: string): Promise<MergeRow> {
    const row = isUuid(id) ? await this.db.selectFrom('case_merges').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('case.merge_not_found', 'No such merge.');
    return row;
  }

  async undone(workspaceId: string, id: string, actor: Actor): Promise<MergeRow> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('case_merges').set({ undone_at: now, undone_by: actor.label }).where('workspace_id', '=', workspaceId).where('id', '=', id).where('undone_at', 'is', null).returningAll().executeTakeFirst();
      if (!row) throw conflict('case.merge_undone', 'This merge was already undone.');
      await appendAudit(trx, { workspaceId, actor, action: 'case.unmerged', targetType: 'conversation', targetId: row.target_conversation_id, after: { mergeId: id, source: row.source_conversation_id }, at: now });
      return row;
    });
  }

  async forConversation(workspaceId: string, conversationId: string): Promise<MergeView[]> {
    if (!isUuid(conversationId)) return [];
    const rows = await this.db
      .selectFrom('case_merges')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('target_conversation_id', '=', conversationId), eb('source_conversation_id', '=', conversationId)]))
      .orderBy('merged_at', 'desc')
      .execute();
    return rows.map(presentMerge);
  }

  /** The workspace's automatic-merge setting (off unless set). */
  async settings(workspaceId: string): Promise<CaseSettingsView> {
    const row = await this.db.selectFrom('customer_case_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
    return { autoMerge: row?.auto_merge ?? false, threshold: row ? Number(row.threshold) : 0.9 };
  }

  async getSettings(scope: Scope): Promise<CaseSettingsView> {
    assertCan(scope, 'customers.read');
    return this.settings(scope.workspaceId);
  }

  async setSettings(scope: Scope, input: { autoMerge?: boolean; threshold?: number }): Promise<CaseSettingsView> {
    assertCan(scope, 'customers.manage');
    const before = await this.settings(scope.workspaceId);
    const next = { autoMerge: input.autoMerge ?? before.autoMerge, threshold: input.threshold ?? before.threshold };
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('customer_case_settings')
        .values({ workspace_id: scope.workspaceId, auto_merge: next.autoMerge, threshold: next.threshold, updated_at: now })
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ auto_merge: next.autoMerge, threshold: next.threshold, updated_at: now }))
        .execute();
      await appendAudit(trx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'case.settings_changed', targetType: 'workspace', targetId: scope.workspaceId, before, after: next, at: now });
    });
    return next;
  }

  /** Pairs (`target source`) whose merge someone undid: a person decided, so they are not merged automatically again. */
  async undonePairs(workspaceId: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('case_merges').select(['target_conversation_id', 'source_conversation_id']).where('workspace_id', '=', workspaceId).where('undone_at', 'is not', null).execute();
    return new Set(rows.map((r) => `${r.target_conversation_id} ${r.source_conversation_id}`));
  }

  /** Workspaces that merge automatically, with their thresholds. */
  async autoMergeWorkspaces(): Promise<{ workspaceId: string; threshold: number }[]> {
    const rows = await this.db.selectFrom('customer_case_settings').select(['workspace_id', 'threshold']).where('auto_merge', '=', true).execute();
    return rows.map((r) => ({ workspaceId: r.workspace_id, threshold: Number(r.threshold) }));
  }
}
