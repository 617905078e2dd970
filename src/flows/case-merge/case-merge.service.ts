import { DomainError, invalid } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { CaseSettingsView, CasesStore, MergeProposal, MergeView } from '../../modules/customers/index.js';
import type { ConversationsService } from '../../modules/inbox/index.js';

const MERGED_TAG = 'merged';
/** Who merges automatically (the audit's actor); undo is the same as for a person's merge. */
export const AUTO_MERGE_ACTOR = 'system:auto-merge';
export const AUTO_MERGE_JOB = 'cases.auto_merge';

/**
 * One case per complaint across channels: proposals come from the customers module (linked
 * identities, likely duplicates); a person merges, and the merged conversation is closed through the
 * inbox so only the case's SLA runs; undoing reopens it as it was.
 */
export class CaseMergeFlow {
  constructor(private readonly d: { cases: CasesStore; conversations: ConversationsService }) {}

  async proposals(scope: Scope): Promise<MergeProposal[]> {
    assertCan(scope, 'inbox.read');
    assertCan(scope, 'customers.read');
    return this.d.cases.proposals(scope.workspaceId);
  }

  async merge(scope: Scope, input: { targetConversationId: string; sourceConversationId: string; reason?: string }, automatic = false): Promise<MergeView> {
    assertCan(scope, 'inbox.reply');
    if (input.targetConversationId === input.sourceConversationId) throw invalid('case.same_conversation', 'A conversation cannot be merged into itself.');
    const { conversation: target } = await this.d.conversations.get(scope, input.targetConversationId);
    const { conversation: source } = await this.d.conversations.get(scope, input.sourceConversationId);
    const proposal = (await this.d.cases.proposals(scope.workspaceId)).find((p) => p.targetConversationId === target.id && p.sourceConversationId === source.id);
    const reason = { ...(proposal ? { proposal: proposal.reason, confidence: proposal.confidence } : { proposal: null }), ...(input.reason ? { note: input.reason } : {}), ...(automatic ? { automatic: true } : {}) };
    const row = await this.d.cases.record(scope.workspaceId, { targetId: target.id, sourceId: source.id, reason, previousStatus: source.status }, scope.actor);
    try {
      await this.d.conversations.update(scope, source.id, { status: 'closed', tags: [...new Set([...source.tags, MERGED_TAG])] });
    } catch (err) {
      await this.d.cases.undone(scope.workspaceId, row.id, scope.actor);
      throw err;
    }
    return (await this.d.cases.forConversation(scope.workspaceId, target.id)).find((m) => m.id === row.id)!;
  }

  async undo(scope: Scope, mergeId: string): Promise<MergeView> {
    assertCan(scope, 'inbox.reply');
    const row = await this.d.cases.get(scope.workspaceId, mergeId);
    const { conversation: source } = await this.d.conversations.get(scope, row.source_conversation_id);
    const undone = await this.d.cases.undone(scope.workspaceId, row.id, scope.actor);
    const status = row.previous_status === 'snoozed' ? 'open' : (row.previous_status as 'open' | 'pending' | 'resolved' | 'closed');
    await this.d.conversations.update(scope, source.id, { status, tags: source.tags.filter((t) => t !== MERGED_TAG) });
    return { ...(await this.d.cases.forConversation(scope.workspaceId, row.target_conversation_id)).find((m) => m.id === undone.id)! };
  }

  async ofConversation(scope: Scope, conversationId: string): Promise<MergeView[]> {
    assertCan(scope, 'inbox.read');
    const { conversation } = await this.d.conversations.get(scope, conversationId);
    return this.d.cases.forConversation(scope.workspaceId, conversation.id);
  }

  async settings(scope: Scope): Promise<CaseSettingsView> {
    return this.d.cases.getSettings(scope);
  }

  async setSettings(scope: Scope, input: { autoMerge?: boolean; threshold?: number }): Promise<CaseSettingsView> {
    return this.d.cases.setSettings(scope, input);
  }

  /**
   * The job: in workspaces that chose it, proposals for conversations of identities linked to the same
   * customer at or above the workspace's threshold are merged by the system (audited as automatic:
   * actor `system:auto-merge`, reason `automatic: true`). Likely duplicates of unlinked identities are
   * never merged automatically, nor a pair whose merge someone undid. Returns how many were merged.
   */
  async autoMerge(): Promise<number> {
    let merged = 0;
    for (const w of await this.d.cases.autoMergeWorkspaces()) {
      const scope: Scope = { workspaceId: w.workspaceId, actor: { userId: null, label: AUTO_MERGE_ACTOR }, role: 'admin', tokenScopes: null };
      const undone = await this.d.cases.undonePairs(w.workspaceId);
      const due = (await this.d.cases.proposals(w.workspaceId)).filter((p) => p.reason.kind === 'same_customer' && p.confidence >= w.threshold && !undone.has(`${p.targetConversationId} ${p.sourceConversationId}`));
      for (const p of due) {
        try {
          await this.merge(scope, { targetConversationId: p.targetConversationId, sourceConversationId: p.sourceConversationId }, true);
          merged++;
        } catch (err) {
          // Someone merged or closed one of them meanwhile: the next run sees the new state.
          if (!(err instanceof DomainError)) throw err;
        }
      }
    }
    return merged;
  }
}
