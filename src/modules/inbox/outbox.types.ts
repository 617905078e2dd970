/** The outbox's view, inputs and hooks (outbox.ts sends; this file holds what callers and the worker share). */
import type { ReplyLimits } from '../../channels/port.js';
import type { AccountsTables } from '../accounts/index.js';
import type { Scope } from '../../platform/access/scope.js';
import type { InboxDb, InboxTables } from './inbox.tables.js';
import type { OutboxView } from '../../contracts/inbox.js';

type OutboxRow = InboxTables['outbox'];

export const presentOutbox = (r: OutboxRow): OutboxView => ({
  id: r.id,
  conversationId: r.conversation_id,
  text: r.text,
  isPrivate: r.is_private,
  status: r.status,
  attempts: r.attempts,
  error: r.error,
  errorCode: r.error_code,
  nativeId: r.native_id,
  url: r.url,
  authorUserId: r.author_user_id,
  createdAt: new Date(r.created_at).toISOString(),
  sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
});

export interface ReplyInput {
  text: string;
  private: boolean;
  inReplyToItemId?: string;
  acknowledgePii?: boolean;
  /** The request field a refusal names (default 'text'). */
  field?: string;
  /** An agent's reply: its links become tracked short links (when the workspace tracks them). */
  trackLinks?: boolean;
}

/**
 * Tracked links in replies (the tracked-links flow implements it; wired by the composition root):
 * rewrites the links of a reply into short links tied to the conversation.
 */
export interface ReplyLinks {
  /** A short link as it will be written (for counting) when the workspace tracks links in replies, else null. */
  sample(workspaceId: string): Promise<string | null>;
  /** The reply's text with each link a tracked short link of this conversation (unchanged when tracking is off). */
  rewrite(workspaceId: string, actor: Scope['actor'], text: string, ctx: { conversationId: string; channel: string }): Promise<string>;
}

export interface Prepared {
  /** The text to send: the reply's, with its links tracked when asked. */
  text: string;
  conv: InboxTables['conversations'];
  account: AccountsTables['channel_accounts'];
  target: { id: string; native_id: string; created_at: Date; is_private: boolean };
  limits: ReplyLimits;
}

/** Called when a reply was sent, so SLA timers and conversation state can follow. */
export type ReplySentHook = (trx: InboxDb, conversationId: string, sentAt: Date) => Promise<void>;
