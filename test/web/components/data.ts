/** Conversations and replies as the inbox API serves them (docs/inbox.md), for the component tests. */
import type { Conversation, Reply } from '../../../web/src/pages/inbox/inboxApi.js';

let n = 0;
/** A uuid-shaped id that sorts by creation (the queue opens conversations by uuid). */
export const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

export function conversation(over: Partial<Conversation> = {}): Conversation {
  const at = over.lastMessageAt ?? '2026-12-06T01:00:00.000Z';
  return {
    id: uuid(),
    accountId: 'acc-1',
    channel: 'webhook',
    isPrivate: false,
    subject: '카드 결제가 두 번 됐어요',
    status: 'open',
    priority: 'normal',
    tags: [],
    customer: { id: 'c-1', handle: 'parkjun', name: '박준', followers: null, verified: null, influence: null, profileUrl: null },
    assignee: null,
    team: null,
    snoozedUntil: null,
    linkedConversationId: null,
    isHistory: false,
    messageCount: 1,
    lastMessageAt: at,
    lastCustomerMessageAt: at,
    lastAgentReplyAt: null,
    firstResponseAt: null,
    resolvedAt: null,
    slaDueAt: null,
    createdAt: at,
    ...over,
  };
}

export function reply(text: string, isPrivate = false): Reply {
  return {
    id: uuid(),
    conversationId: '00000000-0000-4000-8000-000000000000',
    text,
    isPrivate,
    status: 'sending',
    attempts: 0,
    error: null,
    errorCode: null,
    nativeId: null,
    url: null,
    authorUserId: 'u-kim',
    createdAt: '2026-12-06T01:05:00.000Z',
    sentAt: null,
  };
}
