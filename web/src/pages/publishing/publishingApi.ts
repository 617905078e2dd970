/** Publishing: posts, approvals, calendar (`/publishing`). */
import { query, request, ws } from '../../api.js';

// The views as src/modules/publishing answers them (src/contracts: type-only, erased at build).
export type { PostView, VariantView, VariantCheck, ReviewView, PostInput } from '../../../../src/contracts/publishing.js';
import type { AccountView } from '../../../../src/contracts/channels.js';
import type { BestTimes, CalendarView, CampaignView, MediaItem, PostDiff, PostInput, PostView, PublishingAnalytics, PublishingSettingsView, ReviewView, VariantCheck } from '../../../../src/contracts/publishing.js';
export type { MediaItem, PostAnalytics, PublishingAnalytics, PublishingSettingsView, VariantAnalytics } from '../../../../src/contracts/publishing.js';

/** What the composer reads of a connected account (GET /accounts). */
export type AccountLite = Pick<AccountView, 'id' | 'type' | 'name'>;
export type { BestTime, CalendarEntry, CampaignView as Campaign } from '../../../../src/contracts/publishing.js';
/** One field of a post's diff between rounds. */
export type DiffField = PostDiff['fields'][number];

const P = (w: string) => `${ws(w)}/publishing`;

export const publishingApi = {
  targets: (w: string) => request<{ targets: string[]; channels: Record<string, string[]> }>('GET', `${P(w)}/targets`),
  accounts: (w: string) => request<{ accounts: AccountView[] }>('GET', `${ws(w)}/accounts`),
  campaigns: (w: string) => request<{ campaigns: CampaignView[] }>('GET', `${P(w)}/campaigns`),
  createCampaign: (w: string, name: string, product: string | null) => request<CampaignView>('POST', `${P(w)}/campaigns`, { name, product }),
  posts: (w: string, status?: string) => request<{ posts: PostView[] }>('GET', `${P(w)}/posts${query({ status })}`),
  post: (w: string, id: string) => request<PostView>('GET', `${P(w)}/posts/${encodeURIComponent(id)}`),
  create: (w: string, input: PostInput) => request<PostView>('POST', `${P(w)}/posts`, input),
  update: (w: string, id: string, input: PostInput) => request<PostView>('PUT', `${P(w)}/posts/${encodeURIComponent(id)}`, input),
  check: (w: string, target: string, text: string, product: string | null, media: MediaItem[] = []) => request<VariantCheck>('POST', `${P(w)}/check`, { target, text, product, media }),
  submit: (w: string, id: string) => request<PostView>('POST', `${P(w)}/posts/${encodeURIComponent(id)}/submit`, {}),
  approve: (w: string, id: string, body: { comment?: string; reviewNumber?: string; validFrom?: string; validUntil?: string }) => request<PostView>('POST', `${P(w)}/posts/${encodeURIComponent(id)}/approve`, body),
  requestChanges: (w: string, id: string, comment: string) => request<PostView>('POST', `${P(w)}/posts/${encodeURIComponent(id)}/request-changes`, { comment }),
  comment: (w: string, id: string, comment: string) => request<ReviewView>('POST', `${P(w)}/posts/${encodeURIComponent(id)}/comments`, { comment }),
  reviews: (w: string, id: string) => request<{ reviews: ReviewView[] }>('GET', `${P(w)}/posts/${encodeURIComponent(id)}/reviews`),
  diff: (w: string, id: string) => request<PostDiff>('GET', `${P(w)}/posts/${encodeURIComponent(id)}/diff`),
  reschedule: (w: string, id: string, scheduledAt: string) => request<PostView>('POST', `${P(w)}/posts/${encodeURIComponent(id)}/schedule`, { scheduledAt }),
  resume: (w: string, id: string) => request<{ resumed: number }>('POST', `${P(w)}/posts/${encodeURIComponent(id)}/resume`),
  stopAll: (w: string, reason: string) => request<{ stopped: number }>('POST', `${P(w)}/stop-all`, { reason }),
  calendar: (w: string, from: string, to: string, target?: string, campaignId?: string) => request<CalendarView>('GET', `${P(w)}/calendar${query({ from, to, target, campaignId })}`),
  bestTimes: (w: string) => request<BestTimes>('GET', `${P(w)}/best-times`),
  settings: (w: string) => request<PublishingSettingsView>('GET', `${P(w)}/settings`),
  saveSettings: (w: string, s: PublishingSettingsView) => request<PublishingSettingsView>('PUT', `${P(w)}/settings`, s),
  analytics: (w: string, q: { postId?: string; campaignId?: string }) => request<PublishingAnalytics>('GET', `${P(w)}/analytics${query(q)}`),
  refreshEngagement: (w: string, postId: string) => request<{ pulled: number; analytics: PublishingAnalytics }>('POST', `${P(w)}/posts/${encodeURIComponent(postId)}/engagement/refresh`, {}),
  editPublished: (w: string, postId: string, variantId: string, text: string) => request<PostView>('POST', `${P(w)}/posts/${encodeURIComponent(postId)}/variants/${encodeURIComponent(variantId)}/edit`, { text }),
  approveEdit: (w: string, postId: string, variantId: string) => request<PostView>('POST', `${P(w)}/posts/${encodeURIComponent(postId)}/variants/${encodeURIComponent(variantId)}/approve-edit`, {}),
  deletePublished: (w: string, postId: string, variantId: string) => request<PostView>('POST', `${P(w)}/posts/${encodeURIComponent(postId)}/variants/${encodeURIComponent(variantId)}/delete`, {}),
  spawn: (w: string, postId: string, variants: Array<{ accountId: string | null; target: string }>) => request<PostView>('POST', `${P(w)}/posts/${encodeURIComponent(postId)}/spawn`, { variants }),
};
