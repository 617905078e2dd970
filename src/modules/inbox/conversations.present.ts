import type { ItemsTables } from '../items/index.js';
import type { InboxTables } from './inbox.tables.js';
import { presentOutbox } from './outbox.js';
import type { ConversationView, ThreadEntry } from '../../contracts/inbox.js';

export type { ConversationView, ThreadEntry };

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

type ConvRow = InboxTables['conversations'] & {
  handle: string | null;
  display_name: string | null;
  followers: number | null;
  verified: boolean | null;
  influence: number | null;
  profile_url: string | null;
  assignee_name: string | null;
  team_name: string | null;
  sla_due_at: Date | string | null;
};

export function presentConversation(r: ConvRow): ConversationView {
  return {
    id: r.id,
    accountId: r.account_id,
    channel: r.channel,
    isPrivate: r.is_private,
    subject: r.subject,
    status: r.status,
    priority: r.priority,
    tags: r.tags,
    customer: { id: r.customer_author_id, handle: r.handle, name: r.display_name, followers: r.followers, verified: r.verified, influence: r.influence, profileUrl: r.profile_url },
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name } : null,
    team: r.team_id ? { id: r.team_id, name: r.team_name } : null,
    snoozedUntil: iso(r.snoozed_until),
    linkedConversationId: r.linked_conversation_id,
    isHistory: r.is_history === true,
    messageCount: r.message_count,
    lastMessageAt: iso(r.last_message_at)!,
    lastCustomerMessageAt: iso(r.last_customer_message_at),
    lastAgentReplyAt: iso(r.last_agent_reply_at),
    firstResponseAt: iso(r.first_response_at),
    resolvedAt: iso(r.resolved_at),
    slaDueAt: iso(r.sla_due_at ? new Date(r.sla_due_at) : null),
    createdAt: iso(r.created_at)!,
  };
}

/** Messages, the bank's replies and internal notes, in time order. */
export function presentThread(
  items: Array<ItemsTables['items'] & { handle: string | null; display_name: string | null }>,
  replies: InboxTables['outbox'][],
  notes: Array<InboxTables['conversation_notes'] & { author_name: string | null }>,
): ThreadEntry[] {
  // The channel's echo of a reply sent from here is the reply itself: shown once, as the reply.
  const sent = new Set(replies.filter((r) => r.native_id).map((r) => `${r.account_id}|${r.native_id}`));
  const own = (i: (typeof items)[number]) => i.direction === 'outbound' && sent.has(`${i.account_id}|${i.native_id}`);
  const out: ThreadEntry[] = [
    ...items
      .filter((i) => !own(i))
      .map(
        (i): ThreadEntry => ({
          type: 'item',
          at: iso(i.created_at)!,
          id: i.id,
          kind: i.kind,
          direction: i.direction,
          isPrivate: i.is_private,
          text: i.text,
          author: { handle: i.handle, name: i.display_name },
          url: i.url,
          lang: i.lang,
          analysis: i.analysis,
          deletedAt: iso(i.deleted_at),
          editedAt: iso(i.edited_at),
        }),
      ),
    ...replies.map((r): ThreadEntry => ({ type: 'reply', at: iso(r.sent_at ?? r.created_at)!, reply: presentOutbox(r) })),
    ...notes.map((n): ThreadEntry => ({ type: 'note', at: iso(n.created_at)!, id: n.id, text: n.text, author: { id: n.author_user_id, name: n.author_name }, mentions: n.mentions })),
  ];
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
