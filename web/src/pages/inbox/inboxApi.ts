/** Client for the inbox API (`/api/v1/w/:ws/inbox`, docs/inbox.md): queue, conversations, replies, notes, presence. */
import type {
  AgentView,
  Availability,
  CannedReplyView,
  ConversationDetail,
  ConversationStatus,
  ConversationView,
  OutboxView,
  PresenceEvent,
  PresenceState,
  Priority,
  RenderResult,
  TeamView,
  ThreadEntry,
} from '../../../../src/contracts/inbox.js';
import { query, request, ws } from '../../api.js';

export const STATUSES = ['open', 'pending', 'snoozed', 'resolved', 'closed'] as const satisfies readonly ConversationStatus[];
export type Status = ConversationStatus;
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const satisfies readonly Priority[];
export type { Priority };

export type {
  AgentView as Agent,
  Availability,
  CannedReplyView as CannedReply,
  ConversationDetail,
  ConversationEvent,
  ConversationView as Conversation,
  CustomerRef as Customer,
  OutboxView as Reply,
  PresenceEvent,
  PresenceState,
  RenderResult as Rendered,
  SlaTimerKind as TimerKind,
  SlaTimerView as SlaTimer,
  SlaView,
  TeamView as Team,
  ThreadEntry,
} from '../../../../src/contracts/inbox.js';
/** A viewer or typist of a conversation. */
export type PresenceEntry = PresenceEvent;

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

const id = encodeURIComponent;
const base = (w: string) => `${ws(w)}/inbox`;

function queueQuery(f: QueueFilter): string {
  const q = query({ assignee: f.assignee, teamId: f.teamId, channel: f.channel, priority: f.priority, tag: f.tag, q: f.q, before: f.before, limit: f.limit });
  const statuses = (f.status ?? []).map((s) => `status=${s}`).join('&');
  if (!statuses) return q;
  return q ? `${q}&${statuses}` : `?${statuses}`;
}

export const inboxApi = {
  list: (w: string, f: QueueFilter) => request<{ conversations: ConversationView[]; nextBefore: string | null }>('GET', `${base(w)}/conversations${queueQuery(f)}`),
  get: (w: string, cid: string) => request<ConversationDetail>('GET', `${base(w)}/conversations/${id(cid)}`),
  update: (w: string, cid: string, patch: Patch) => request<{ conversation: ConversationView }>('PATCH', `${base(w)}/conversations/${id(cid)}`, patch),
  bulk: (w: string, ids: string[], patch: Patch) => request<{ updated: number }>('POST', `${base(w)}/conversations/bulk`, { ids, patch }),
  reply: (w: string, cid: string, body: { text: string; private?: boolean; inReplyToItemId?: string; acknowledgePii?: boolean }) => request<{ reply: OutboxView }>('POST', `${base(w)}/conversations/${id(cid)}/replies`, body),
  retry: (w: string, replyId: string) => request<{ reply: OutboxView }>('POST', `${base(w)}/replies/${id(replyId)}/retry`),
  note: (w: string, cid: string, text: string) => request<{ note: ThreadEntry }>('POST', `${base(w)}/conversations/${id(cid)}/notes`, { text }),
  assignNext: (w: string, cid: string, body: { strategy: 'round_robin' | 'least_loaded'; teamId?: string }) =>
    request<{ conversation: ConversationView; assignment: { agentId: string; strategy: string } }>('POST', `${base(w)}/conversations/${id(cid)}/assign`, body),
  movePrivate: (w: string, cid: string, body: { publicText: string; privateText: string }) =>
    request<{ publicReply: OutboxView; privateReply: OutboxView; privateConversation: ConversationView }>('POST', `${base(w)}/conversations/${id(cid)}/move-private`, body),
  presence: (w: string, cid: string, state: PresenceState) => request<{ presence: PresenceEvent[] }>('POST', `${base(w)}/conversations/${id(cid)}/presence`, { state }),
  /** The URL of the live stream, for EventSource (same origin: the session cookie goes along). */
  eventsUrl: (w: string) => `/api/v1${base(w)}/events`,

  teams: (w: string) => request<{ teams: TeamView[] }>('GET', `${base(w)}/teams`),
  createTeam: (w: string, body: { name: string; skills?: string[] }) => request<{ team: TeamView }>('POST', `${base(w)}/teams`, body),
  updateTeam: (w: string, teamId: string, body: { name?: string; skills?: string[] }) => request<{ team: TeamView }>('PATCH', `${base(w)}/teams/${id(teamId)}`, body),
  deleteTeam: (w: string, teamId: string) => request<void>('DELETE', `${base(w)}/teams/${id(teamId)}`),
  agents: (w: string) => request<{ agents: AgentView[] }>('GET', `${base(w)}/agents`),
  updateAgent: (w: string, userId: string, body: { teamIds?: string[]; skills?: AgentView['skills']; capacity?: number | null; availability?: Availability }) =>
    request<{ agent: AgentView }>('PATCH', `${base(w)}/agents/${id(userId)}`, body),
  myAvailability: (w: string, availability: Availability) => request<{ agent: AgentView }>('PUT', `${base(w)}/agents/me/availability`, { availability }),

  canned: (w: string, q?: string) => request<{ cannedReplies: CannedReplyView[] }>('GET', `${base(w)}/canned-replies${query({ q })}`),
  createCanned: (w: string, body: { name: string; text: string; language?: string }) => request<{ cannedReply: CannedReplyView }>('POST', `${base(w)}/canned-replies`, body),
  updateCanned: (w: string, cannedId: string, body: { name?: string; text?: string; language?: string }) => request<{ cannedReply: CannedReplyView }>('PATCH', `${base(w)}/canned-replies/${id(cannedId)}`, body),
  deleteCanned: (w: string, cannedId: string) => request<void>('DELETE', `${base(w)}/canned-replies/${id(cannedId)}`),
  renderCanned: (w: string, cannedId: string, conversationId: string) => request<RenderResult>('POST', `${base(w)}/canned-replies/${id(cannedId)}/render`, { conversationId }),
};
