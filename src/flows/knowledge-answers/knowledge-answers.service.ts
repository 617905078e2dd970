import type { Scope } from '../../platform/access/scope.js';
import { invalid } from '../../platform/errors.js';
import type { CannedProposals, CannedProposalView } from '../../modules/inbox/index.js';
import type { Microblog } from '../../modules/microblog/index.js';

/**
 * Knowledge into answers (issue #18): a microblog post that answers a customer question is proposed as an
 * inbox canned reply. The proposer must be able to read the post (the microblog decides) and to reply in
 * the inbox; the post must be shown (not held) and not in a closed group. Hashtags and @mentions are colleagues' business, not the
 * customer's: they are left out of the proposed text. Compliance approves it in the inbox settings.
 */
export class KnowledgeAnswersFlow {
  constructor(private readonly d: { microblog: Microblog; proposals: CannedProposals }) {}

  async proposePost(scope: Scope, postId: string, input: { name: string }): Promise<CannedProposalView> {
    const viewer = await this.d.microblog.people.viewer(scope);
    const post = await this.d.microblog.posts.get(viewer, postId);
    // A closed group's post stays in the group: proposing it would show it to compliance and customers.
    if (post.group?.closed) throw invalid('microblog.closed_group_post', 'A post of a closed group cannot be proposed as a reply template.');
    const source = { kind: 'microblog_post', ref: post.id, label: post.author.displayName || post.author.username };
    if (post.state !== 'visible') return this.d.proposals.propose(scope, { name: input.name, text: '', source });
    return this.d.proposals.propose(scope, { name: input.name, text: textForCustomers(post.text), source });
  }
}

/** The post's words for a customer: no hashtags, no @mentions, whitespace tidied. */
export function textForCustomers(text: string): string {
  return text
    .replace(/(^|\s)[#@][\p{L}\p{N}_.@-]+/gu, '$1')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
