import type { ReplyLimits } from '../../../../src/channels/port.js';

/** Client for the inbox API (`/api/v1/w/:ws/inbox`, docs/inbox.md): queue, conversations, replies, notes, presence. */
import { query, request, ws } from '../../api.js';

export const STATUSES = ['open', 'pending', 'snoozed', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Customer {
  id: string;
  handle: string | null;
  name: string | null;
  followers: number | null;
  verified: boolean | null;
  influence: number | null;
  profileUrl: string | null;
}

export interface Conversation {
  id: string;
  accountId: string;
  channel: string;
  isPrivate: boolean;
  subject: string | null;
  status: Status;
  priority: Priority;
  tags: string[];
  customer: Customer;
  assignee: { id: string; name: string | null } | null;
  team: { id: string; name: string | null } | null;
  snoozedUntil: string | null;
  linkedConversationId: string | null;
  /** Grouped from history (demo history, an import): closed as history, never queued. */
  isHistory?: boolean;
  messageCount: number;
  lastMessageAt: string;
  lastCustomerMessageAt: string | null;
  lastAgentReplyAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  slaDueAt: string | null;
  createdAt: string;
}

export interface Reply {
  id: string;
  text: string;
  isPrivate: boolean;
  status: 'sending' | 'sent' | 'failed';
  attempts: number;
  error: string | null;
  errorCode: string | null;
  nativeId: string | null;
  url: string | null;
  authorUserId: string | null;
  createdAt: string;
  sentAt: string | null;
  isAutomatic?: boolean;
}

export type ThreadEntry =
  | {
      type: 'item';
      at: string;
      id: string;
      kind: string;
      direction: string;
      isPrivate: boolean;
      text: string;
      author: { handle: string | null; name: string | null };
      url: string | null;
      lang: string | null;
      analysis: unknown;
      deletedAt: string | null;
      editedAt: string | null;
    }
  | { type: 'reply'; at: string; reply: Reply }
  | { type: 'note'; at: string; id: string; text: string; author: { id: string | null; name: string | null }; mentions: string[] };

export type TimerKind = 'first_response' | 'next_response' | 'resolution';
export interface SlaTimer {
  kind: TimerKind;
  state: 'running' | 'warning' | 'paused' | 'met' | 'breached' | 'cancelled' | 'inactive';
  clock?: 'running' | 'paused' | 'stopped' | 'idle';
  targetMs: number;
  elapsedMs?: number;
  remainingMs?: number;
  startedAt?: string | null;
  dueAt: string | null;
  warningAt?: string | null;
  metAt?: string | null;
  breachedAt?: string | null;
  stoppedAt?: string | null;
  cycles?: number;
  breaches?: number;
}
export interface SlaView {
  policy: { id: string; name: string } | null;
  /** Why this policy applies: the workspace default, a routing rule, or a person's choice. */
  reason?: { kind: 'default' } | { kind: 'rule'; ruleId: string; ruleName: string | null } | { kind: 'manual' };
  priority: string;
  timers: SlaTimer[];
}

export type PresenceState = 'viewing' | 'typing' | 'left';
export interface PresenceEntry {
  userId: string;
  name: string | null;
  state: PresenceState;
  at: string;
  expiresAt: string;
}

export interface ConversationDetail {
  conversation: Conversation;
  thread: ThreadEntry[];
  history: Conversation[];
  /** Present once the server has SLA clocks (docs/inbox.md). */
  sla?: SlaView | null;
  presence?: PresenceEntry[];
  /** What a reply may be here: the channel's limits as the server checks them (null: no answer possible). */
  replyLimits?: ReplyLimits | null;
}

export interface QueueFilter {
  status?: readonly Status[];
  assignee?: string;
  teamId?: string;
  channel?: string;
  priority?: string;
  tag?: string;
  q?: string;
  before?: string;
  limit?: number;
}

export interface Patch {
  status?: Status;
  priority?: Priority;
  tags?: string[];
  assigneeId?: string | null;
  teamId?: string | null;
  snoozedUntil?: string | null;
  slaPolicyId?: string | null;
  /** Resolve although a reply failed to send (the server otherwise answers 409 conversation.reply_failed). */
  despiteFailedReply?: boolean;
}

/** `event: conversation` on GET /events. */
export interface ConversationEvent {
  workspaceId: string;
  conversationId: string;
  change: 'created' | 'message' | 'reply_sent' | 'reply_failed' | 'updated' | 'note' | 'sla' | string;
  itemId?: string;
}
/** `event: presence` on GET /events. */
export interface PresenceEvent extends PresenceEntry {
  workspaceId: string;
  conversationId: string;
}

export interface Team {
  id: string;
  name: string;
  skills: string[];
  memberIds: string[];
  createdAt: string;
}
export type Availability = 'online' | 'away' | 'offline';
export interface Agent {
  userId: string;
  name: string;
  email: string;
  role: string;
  teamIds: string[];
  skills: { languages: string[]; products: string[] };
  capacity: number | null;
  availability: Availability;
  load: number;
  lastAssignedAt: string | null;
  configured: boolean;
}

export interface CannedReply {
  id: string;
  name: string;
  text: string;
  language: string;
  variables: string[];
  createdAt: string;
  updatedAt: string;
}
export interface Rendered {
  text: string;
  ok: boolean;
  variables: string[];
  missing: string[];
  unknown: string[];
}

const id = encodeURIComponent;
const base = (w: string) => `${ws(w)}/inbox`;

function queueQuery(f: QueueFilter): string {
  const q = query({ assignee: f.assignee, teamId: f.teamId, channel: f.channel, priority: f.priority, tag: f.tag, q: f.q, before: f.before, limit: f.limit });
  const statuses = (f.status ?? []).map((s) => `status=${s}`).join('&');
  if (!statuses) return q;
  return q ? `${q}&${statuses}` : `?${statuses}`;
}

export const inboxApi = {
  list: (w: string, f: QueueFilter) => request<{ conversations: Conversation[]; nextBefore: string | null }>('GET', `${base(w)}/conversations${queueQuery(f)}`),
  get: (w: string, cid: string) => request<ConversationDetail>('GET', `${base(w)}/conversations/${id(cid)}`),
  update: (w: string, cid: string, patch: Patch) => request<{ conversation: Conversation }>('PATCH', `${base(w)}/conversations/${id(cid)}`, patch),
  bulk: (w: string, ids: string[], patch: Patch) => request<{ updated: number }>('POST', `${base(w)}/conversations/bulk`, { ids, patch }),
  reply: (w: string, cid: string, body: { text: string; private?: boolean; inReplyToItemId?: string; acknowledgePii?: boolean }) => request<{ reply: Reply }>('POST', `${base(w)}/conversations/${id(cid)}/replies`, body),
  retry: (w: string, replyId: string) => request<{ reply: Reply }>('POST', `${base(w)}/replies/${id(replyId)}/retry`),
  note: (w: string, cid: string, text: string) => request<{ note: ThreadEntry }>('POST', `${base(w)}/conversations/${id(cid)}/notes`, { text }),
  assignNext: (w: string, cid: string, body: { strategy: 'round_robin' | 'least_loaded'; teamId?: string }) =>
    request<{ conversation: Conversation; assignment: { agentId: string; strategy: string } }>('POST', `${base(w)}/conversations/${id(cid)}/assign`, body),
  movePrivate: (w: string, cid: string, body: { publicText: string; privateText: string }) =>
    request<{ publicReply: Reply; privateReply: Reply; privateConversation: Conversation }>('POST', `${base(w)}/conversations/${id(cid)}/move-private`, body),
  presence: (w: string, cid: string, state: PresenceState) => request<{ presence: PresenceEntry[] }>('POST', `${base(w)}/conversations/${id(cid)}/presence`, { state }),
  /** The URL of the live stream, for EventSource (same origin: the session cookie goes along). */
  eventsUrl: (w: string) => `/api/v1${base(w)}/events`,

  teams: (w: string) => request<{ teams: Team[] }>('GET', `${base(w)}/teams`),
  createTeam: (w: string, body: { name: string; skills?: string[] }) => request<{ team: Team }>('POST', `${base(w)}/teams`, body),
  updateTeam: (w: string, teamId: string, body: { name?: string; skills?: string[] }) => request<{ team: Team }>('PATCH', `${base(w)}/teams/${id(teamId)}`, body),
  deleteTeam: (w: string, teamId: string) => request<void>('DELETE', `${base(w)}/teams/${id(teamId)}`),
  agents: (w: string) => request<{ agents: Agent[] }>('GET', `${base(w)}/agents`),
  updateAgent: (w: string, userId: string, body: { teamIds?: string[]; skills?: Agent['skills']; capacity?: number | null; availability?: Availability }) => request<{ agent: Agent }>('PATCH', `${base(w)}/agents/${id(userId)}`, body),
  myAvailability: (w: string, availability: Availability) => request<{ agent: Agent }>('PUT', `${base(w)}/agents/me/availability`, { availability }),

  canned: (w: string, q?: string) => request<{ cannedReplies: CannedReply[] }>('GET', `${base(w)}/canned-replies${query({ q })}`),
  createCanned: (w: string, body: { name: string; text: string; language?: string }) => request<{ cannedReply: CannedReply }>('POST', `${base(w)}/canned-replies`, body),
  updateCanned: (w: string, cannedId: string, body: { name?: string; text?: string; language?: string }) => request<{ cannedReply: CannedReply }>('PATCH', `${base(w)}/canned-replies/${id(cannedId)}`, body),
  deleteCanned: (w: string, cannedId: string) => request<void>('DELETE', `${base(w)}/canned-replies/${id(cannedId)}`),
  renderCanned: (w: string, cannedId: string, conversationId: string) => request<Rendered>('POST', `${base(w)}/canned-replies/${id(cannedId)}/render`, { conversationId }),
};
