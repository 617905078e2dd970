/** Publishing: posts, approvals, calendar (`/publishing`). */
import { query, request, ws } from '../../api.js';

// The views as src/modules/publishing answers them (src/contracts: type-only, erased at build).
export type { PostView, VariantView, VariantCheck, ReviewView, PostInput } from '../../../../src/contracts/publishing.js';
import type { PostInput, PostView, ReviewView, VariantCheck } from '../../../../src/contracts/publishing.js';

export interface CalendarEntry {
  postId: string;
  title: string;
  excerpt: string;
  status: string;
  product: string | null;
  campaignId: string | null;
  scheduledAt: string;
  variants: Array<{ target: string; accountId: string | null; status: string }>;
}
export interface Campaign {
  id: string;
  name: string;
  product: string | null;
}
export interface AccountLite {
  id: string;
  type: string;
  name: string;
}
export interface BestTime {
  channel: string;
  dayOfWeek: number;
  hour: number;
  score: number;
  posts: number;
  confidence: number;
}
export interface DiffField {
  field: string;
  ops: Array<{ op: 'same' | 'add' | 'del'; text: string }>;
}

const P = (w: string) => `${ws(w)}/publishing`;

export const publishingApi = {
  targets: (w: string) => request<{ targets: string[]; channels: Record<string, string[]> }>('GET', `${P(w)}/targets`),
  accounts: (w: string) => request<{ accounts: AccountLite[] }>('GET', `${ws(w)}/accounts`),
  campaigns: (w: string) => request<{ campaigns: Campaign[] }>('GET', `${P(w)}/campaigns`),
  createCampaign: (w: string, name: string, product: string | null) => request<Campaign>('POST', `${P(w)}/campaigns`, { name, product }),
  posts: (w: string, status?: string) => request<{ posts: PostView[] }>('GET', `${P(w)}/posts${query({ status })}`),
  post: (w: string, id: string) => request<PostView>('GET', `${P(w)}/posts/${encodeURIComponent(id)}`),
  create: (w: string, input: PostInput) => request<PostView>('POST', `${P(w)}/posts`, input),
  update: (w: string, id: string, input: PostInput) => request<PostView>('PUT', `${P(w)}/posts/${encodeURIComponent(id)}`, input),
  check: (w: string, target: string, text: string, product: string | null) => request<VariantCheck>('POST', `${P(w)}/check`, { target, text, product }),
  submit: (w: string, id: string) => request<PostView>('POST', `${P(w)}/posts/${encodeURIComponent(id)}/submit`, {}),
  approve: (w: string, id: string, body: { comment?: string; reviewNumber?: string; validFrom?: string; validUntil?: string }) => request<PostView>('POST', `${P(w)}/posts/${encodeURIComponent(id)}/approve`, body),
  requestChanges: (w: string, id: string, comment: string) => request<PostView>('POST', `${P(w)}/posts/${encodeURIComponent(id)}/request-changes`, { comment }),
  comment: (w: string, id: string, comment: string) => request<ReviewView>('POST', `${P(w)}/posts/${encodeURIComponent(id)}/comments`, { comment }),
  reviews: (w: string, id: string) => request<{ reviews: ReviewView[] }>('GET', `${P(w)}/posts/${encodeURIComponent(id)}/reviews`),
  diff: (w: string, id: string) => request<{ from: number; to: number; fields: DiffField[] }>('GET', `${P(w)}/posts/${encodeURIComponent(id)}/diff`),
  reschedule: (w: string, id: string, scheduledAt: string) => request<PostView>('POST', `${P(w)}/posts/${encodeURIComponent(id)}/schedule`, { scheduledAt }),
  resume: (w: string, id: string) => request<{ resumed: number }>('POST', `${P(w)}/posts/${encodeURIComponent(id)}/resume`),
  stopAll: (w: string, reason: string) => request<{ stopped: number }>('POST', `${P(w)}/stop-all`, { reason }),
  calendar: (w: string, from: string, to: string, target?: string, campaignId?: string) => request<{ entries: CalendarEntry[] }>('GET', `${P(w)}/calendar${query({ from, to, target, campaignId })}`),
  bestTimes: (w: string) => request<{ basis: string; times: BestTime[] }>('GET', `${P(w)}/best-times`),
};
