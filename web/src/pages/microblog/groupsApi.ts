/** The microblog's groups, reports and ranking (`/api/v1/w/:id/microblog/...`). */
import { request, ws } from '../../api.js';
import type { PersonView, PostView } from '../../../../src/contracts/microblog.js';
import type { GroupMemberView, GroupRequestView, GroupView, RankingRow, ReportCategory, ReportView } from '../../../../src/contracts/microblog-groups.js';

export type { GroupMemberView, GroupRequestView, GroupView, RankingRow, ReportCategory, ReportView };

const mb = (w: string) => `${ws(w)}/microblog`;
const g = (w: string, id: string) => `${mb(w)}/groups/${encodeURIComponent(id)}`;
const enc = encodeURIComponent;

export const REPORT_CATEGORIES: readonly ReportCategory[] = ['personal_data', 'confidential', 'abuse', 'spam', 'legal', 'other'];

export const groupsApi = {
  list: (w: string, filter: 'mine' | 'discover') => request<{ groups: GroupView[] }>('GET', `${mb(w)}/groups?filter=${filter}`),
  create: (w: string, body: { name: string; description: string; closed: boolean }) => request<{ group: GroupView }>('POST', `${mb(w)}/groups`, body),
  get: (w: string, id: string) => request<{ group: GroupView }>('GET', g(w, id)),
  remove: (w: string, id: string) => request<void>('DELETE', g(w, id)),
  posts: (w: string, id: string) => request<{ posts: PostView[] }>('GET', `${g(w, id)}/posts?limit=20`),
  post: (w: string, id: string, text: string) => request<{ post: PostView; held: boolean }>('POST', `${mb(w)}/posts`, { text, groupId: id }),
  join: (w: string, id: string) => request<{ group: GroupView }>('POST', `${g(w, id)}/join`, {}),
  leave: (w: string, id: string) => request<{ group: GroupView }>('POST', `${g(w, id)}/leave`),
  members: (w: string, id: string) => request<{ members: GroupMemberView[] }>('GET', `${g(w, id)}/members`),
  addMember: (w: string, id: string, personId: string) => request<{ members: GroupMemberView[] }>('POST', `${g(w, id)}/members`, { personId }),
  setRole: (w: string, id: string, personId: string, role: 'admin' | 'member') => request<{ members: GroupMemberView[] }>('PATCH', `${g(w, id)}/members/${enc(personId)}`, { role }),
  removeMember: (w: string, id: string, personId: string) => request<void>('DELETE', `${g(w, id)}/members/${enc(personId)}`),
  requests: (w: string, id: string) => request<{ requests: GroupRequestView[] }>('GET', `${g(w, id)}/requests`),
  decide: (w: string, id: string, personId: string, approve: boolean) => request<{ requests: GroupRequestView[] }>('POST', `${g(w, id)}/requests/${enc(personId)}/${approve ? 'approve' : 'decline'}`),
  people: (w: string, q: string) => request<{ people: PersonView[] }>('GET', `${mb(w)}/search?q=${enc(q)}`),
  ranking: (w: string) => request<{ ranking: RankingRow[]; rankingOptOut: boolean }>('GET', `${mb(w)}/ranking`),
  setRankingOptOut: (w: string, optOut: boolean) => request<{ rankingOptOut: boolean }>('PUT', `${mb(w)}/me/ranking`, { optOut }),
  report: (w: string, postId: string, category: ReportCategory, note: string) => request<unknown>('POST', `${mb(w)}/posts/${enc(postId)}/report`, { category, note }),
  reports: (w: string) => request<{ reports: ReportView[] }>('GET', `${mb(w)}/moderation/reports`),
  resolve: (w: string, reportId: string, action: 'dismiss' | 'remove', note = '') => request<void>('POST', `${mb(w)}/moderation/reports/${enc(reportId)}/${action}`, { note }),
};
