/** The customers API (`/customers`, `/customer-risk`, `/leads`, `/cases`, `/consent/settings`). */
import { request, ws } from '../../api.js';
import type { ConsentSettingsView, CustomerView, LeadView, LinkView, MergeProposal, MergeView, RiskRow, SentimentPoint, TimelineEntry } from '../../../../src/contracts/customers.js';

export type { ConsentSettingsView, CustomerView, LeadView, LinkView, MergeProposal, MergeView, RiskRow, TimelineEntry };

const enc = encodeURIComponent;
export const customersApi = {
  list: (w: string, lifecycle?: string) => request<{ customers: CustomerView[]; total: number }>('GET', `${ws(w)}/customers?limit=100${lifecycle ? `&lifecycle=${enc(lifecycle)}` : ''}`),
  get: (w: string, id: string) => request<{ customer: CustomerView }>('GET', `${ws(w)}/customers/${enc(id)}`),
  links: (w: string, id: string) => request<{ links: LinkView[] }>('GET', `${ws(w)}/customers/${enc(id)}/links`),
  revoke: (w: string, id: string, linkId: string) => request<void>('DELETE', `${ws(w)}/customers/${enc(id)}/links/${enc(linkId)}`),
  timeline: (w: string, id: string) => request<{ entries: TimelineEntry[]; nextBefore: string | null; sentiment: SentimentPoint[] }>('GET', `${ws(w)}/customers/${enc(id)}/timeline?limit=20`),
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
};
