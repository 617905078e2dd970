/** Saved views and filters of the queue, what the agent last chose, and the order last shown (for j/k). */
import type { Conversation, QueueFilter, Status } from './inboxApi.js';

export const VIEWS = ['mine', 'unassigned', 'open', 'pending', 'snoozed', 'resolved'] as const;
export type ViewId = (typeof VIEWS)[number];

const VIEW_FILTER: Record<ViewId, { status: readonly Status[]; assignee?: string }> = {
  mine: { status: ['open', 'pending'], assignee: 'me' },
  unassigned: { status: ['open'], assignee: 'unassigned' },
  open: { status: ['open'] },
  pending: { status: ['pending'] },
  snoozed: { status: ['snoozed'] },
  resolved: { status: ['resolved', 'closed'] },
};

export interface Filters {
  channel: string;
  priority: string;
  tag: string;
  teamId: string;
  q: string;
}
export const NO_FILTERS: Filters = { channel: '', priority: '', tag: '', teamId: '', q: '' };

export interface QueueChoice {
  view: ViewId;
  filters: Filters;
}

export function toQuery(c: QueueChoice): QueueFilter {
  const v = VIEW_FILTER[c.view];
  return { status: v.status, ...(v.assignee ? { assignee: v.assignee } : {}), ...c.filters };
}

/** The same test the server applies, except the text search (the server's is Korean-aware). */
export function matches(conv: Conversation, c: QueueChoice, myId: string): boolean {
  const v = VIEW_FILTER[c.view];
  if (!v.status.includes(conv.status)) return false;
  if (v.assignee === 'me' && conv.assignee?.id !== myId) return false;
  if (v.assignee === 'unassigned' && conv.assignee !== null) return false;
  const f = c.filters;
  if (f.channel && conv.channel !== f.channel) return false;
  if (f.priority && conv.priority !== f.priority) return false;
  if (f.tag && !conv.tags.includes(f.tag)) return false;
  if (f.teamId && conv.team?.id !== f.teamId) return false;
  return true;
}

/** Newest activity first, as the server orders them. */
export function byActivity(a: Conversation, b: Conversation): number {
  return a.lastMessageAt < b.lastMessageAt ? 1 : a.lastMessageAt > b.lastMessageAt ? -1 : a.id < b.id ? -1 : 1;
}

const KEY = 'sotong.inbox.queue';
let lastOrder: string[] = [];

export function rememberedChoice(): QueueChoice {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw) {
      const v = JSON.parse(raw) as Partial<QueueChoice>;
      if (v && VIEWS.includes(v.view as ViewId)) return { view: v.view as ViewId, filters: { ...NO_FILTERS, ...(v.filters ?? {}) } };
    }
  } catch {
    /* storage unavailable or garbled */
  }
  return { view: 'mine', filters: NO_FILTERS };
}

export function rememberChoice(c: QueueChoice): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(c));
  } catch {
    /* ignore */
  }
}

/** The ids in the order the queue last showed them: the conversation screen's "next" and "previous". */
export function rememberOrder(ids: string[]): void {
  lastOrder = ids;
}
export function neighbour(id: string, step: 1 | -1): string | undefined {
  const i = lastOrder.indexOf(id);
  return i < 0 ? undefined : lastOrder[i + step];
}
