/** The customers API (`/customers`, `/customer-risk`, `/leads`, `/cases`, `/consent/settings`). */
import { query, request, ws } from '../../api.js';
import type {
  CaseSettingsView,
  ConsentSettingsView,
  CustomerActivity,
  CustomerView,
  LeadView,
  LinkView,
  MatchSuggestionView,
  MergeProposal,
  MergeView,
  RiskRow,
  SegmentRules,
  SegmentView,
  SentimentPoint,
  TimelineEntry,
} from '../../../../src/contracts/customers.js';

export type { CaseSettingsView, ConsentSettingsView, CustomerActivity, CustomerView, LeadView, LinkView, MatchSuggestionView, MergeProposal, MergeView, RiskRow, SegmentRules, SegmentView, TimelineEntry };

const enc = encodeURIComponent;
export const customersApi = {
  list: (w: string, lifecycle?: string) => request<{ customers: CustomerView[]; total: number }>('GET', `${ws(w)}/customers?limit=100${lifecycle ? `&lifecycle=${enc(lifecycle)}` : ''}`),
  get: (w: string, id: string) => request<{ customer: CustomerView }>('GET', `${ws(w)}/customers/${enc(id)}`),
  links: (w: string, id: string) => request<{ links: LinkView[] }>('GET', `${ws(w)}/customers/${enc(id)}/links`),
  revoke: (w: string, id: string, linkId: string) => request<void>('DELETE', `${ws(w)}/customers/${enc(id)}/links/${enc(linkId)}`),
  timeline: (w: string, id: string) => request<{ entries: TimelineEntry[]; nextBefore: string | null; activity: CustomerActivity[]; sentiment: SentimentPoint[] }>('GET', `${ws(w)}/customers/${enc(id)}/timeline?limit=20`),
  ofAuthor: (w: string, authorId: string) => request<{ linked: { customer: CustomerView; links: LinkView[] } | null }>('GET', `${ws(w)}/authors/${enc(authorId)}/customer`),
  sendConsent: (w: string, conversationId: string) => request<{ url: string; expiresAt: string }>('POST', `${ws(w)}/inbox/conversations/${enc(conversationId)}/consent-link`, {}),
  risk: (w: string) => request<{ customers: RiskRow[] }>('GET', `${ws(w)}/customer-risk?limit=100`),
  score: (w: string) => request<{ scored: number }>('POST', `${ws(w)}/customer-risk/score`),
  leads: (w: string) => request<{ leads: LeadView[] }>('GET', `${ws(w)}/leads`),
  updateLead: (w: string, id: string, patch: { status?: string; ownerId?: string | null; followUpAt?: string | null }) => request<{ lead: LeadView }>('PATCH', `${ws(w)}/leads/${enc(id)}`, patch),
  proposals: (w: string) => request<{ proposals: MergeProposal[] }>('GET', `${ws(w)}/cases/proposals`),
  merge: (w: string, p: { targetConversationId: string; sourceConversationId: string }) => request<{ merge: MergeView }>('POST', `${ws(w)}/cases/merges`, p),
  undo: (w: string, mergeId: string) => request<{ merge: MergeView }>('POST', `${ws(w)}/cases/merges/${enc(mergeId)}/undo`),
  settings: (w: string) => request<{ settings: ConsentSettingsView }>('GET', `${ws(w)}/consent/settings`),
  saveSettings: (w: string, s: { purpose?: string; loginUrl?: string | null; rotateAssertionSecret?: boolean }) => request<{ settings: ConsentSettingsView & { assertionSecret?: string } }>('PUT', `${ws(w)}/consent/settings`, s),
  matches: (w: string, f: { status?: string; authorId?: string } = {}) => request<{ suggestions: MatchSuggestionView[] }>('GET', `${ws(w)}/customer-matches${query(f)}`),
  scanMatches: (w: string) => request<{ created: number }>('POST', `${ws(w)}/customer-matches/scan`),
  decideMatch: (w: string, id: string, decision: 'confirm' | 'dismiss', reason: string) =>
    request<{ suggestionId: string; status: string; conversationId: string | null }>('POST', `${ws(w)}/customer-matches/${enc(id)}/${decision}`, reason ? { reason } : {}),
  caseSettings: (w: string) => request<{ settings: CaseSettingsView }>('GET', `${ws(w)}/cases/settings`),
  saveCaseSettings: (w: string, s: Partial<CaseSettingsView>) => request<{ settings: CaseSettingsView }>('PUT', `${ws(w)}/cases/settings`, s),
  segments: (w: string, counts = false) => request<{ segments: SegmentView[] }>('GET', `${ws(w)}/segments${counts ? '?counts=true' : ''}`),
  createSegment: (w: string, s: { name: string; rules: SegmentRules }) => request<{ segment: SegmentView }>('POST', `${ws(w)}/segments`, s),
  updateSegment: (w: string, id: string, s: { name?: string; rules?: SegmentRules }) => request<{ segment: SegmentView }>('PATCH', `${ws(w)}/segments/${enc(id)}`, s),
  deleteSegment: (w: string, id: string) => request<void>('DELETE', `${ws(w)}/segments/${enc(id)}`),
  previewSegment: (w: string, rules: SegmentRules) => request<{ total: number; customers: CustomerView[] }>('POST', `${ws(w)}/segments/preview`, { rules }),
  segmentCsvUrl: (w: string, id: string) => `/api/v1${ws(w)}/segments/${enc(id)}/customers.csv`,
};
