import { invalid } from '../../platform/errors.js';
import { assertCan, type Scope } from '../../platform/access/scope.js';
import type { CasesStore, MergeProposal, MergeView } from '../../modules/customers/index.js';
import type { ConversationsService } from '../../modules/inbox/index.js';

const MERGED_TAG = 'merged';

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

  async merge(scope: Scope, input: { targetConversationId: string; sourceConversationId: string; reason?: string }): Promise<MergeView> {
    assertCan(scope, 'inbox.reply');
    if (input.targetConversationId === input.sourceConversationId) throw invalid('case.same_conversation', 'A conversation cannot be merged into itself.');
    const { conversation: target } = await this.d.conversations.get(scope, input.targetConversationId);
    const { conversation: source } = await this.d.conversations.get(scope, input.sourceConversationId);
    const proposal = (await this.d.cases.proposals(scope.workspaceId)).find((p) => p.targetConversationId === target.id && p.sourceConversationId === source.id);
    const reason = { ...(proposal ? { proposal: proposal.reason, confidence: proposal.confidence } : { proposal: null }), ...(input.reason ? { note: input.reason } : {}) };
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
}
