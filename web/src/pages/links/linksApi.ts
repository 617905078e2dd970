/** Client for the links API: short links, the report by link/channel/campaign and the conversions. */
import type { AnalyticsView, ConversionView, Dimension, LinkView } from '../../../../src/contracts/links.js';
import { query, request, ws } from '../../api.js';

export const DIMENSIONS = ['link', 'channel', 'campaign', 'post', 'country'] as const satisfies readonly Dimension[];
export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
export type UtmKey = (typeof UTM_KEYS)[number];
export interface UtmTemplate {
  channel: string;
  campaign: string;
  params: Record<string, string>;
}
export interface LinkSettings {
  windowDays: number;
  model: 'last_click' | 'first_click';
  trackLinks: boolean;
  /** Whether a conversion webhook secret exists (the secret itself is only shown when made). */
  webhookSecretSet?: boolean;
}
export type { Dimension };

export type { AnalyticsRow as ReportRow, AnalyticsView as Report, ConversionView as Conversion, LinkView as ShortLink } from '../../../../src/contracts/links.js';

export const linksApi = {
  report: (w: string, by: Dimension) => request<AnalyticsView>('GET', `${ws(w)}/links/analytics${query({ by })}`),
  csvUrl: (w: string, by: Dimension) => `/api/v1${ws(w)}/links/analytics.csv${query({ by })}`,
  list: (w: string) => request<{ links: LinkView[] }>('GET', `${ws(w)}/links${query({ limit: 50 })}`),
  create: (w: string, body: { url: string; campaign?: string; channel?: string; title?: string }) => request<{ link: LinkView }>('POST', `${ws(w)}/links`, body),
  settings: (w: string) => request<LinkSettings>('GET', `${ws(w)}/links/settings`),
  saveSettings: (w: string, body: Omit<LinkSettings, 'webhookSecretSet'>) => request<LinkSettings>('PUT', `${ws(w)}/links/settings`, body),
  templates: (w: string) => request<{ templates: UtmTemplate[] }>('GET', `${ws(w)}/links/utm-templates`),
  saveTemplate: (w: string, body: UtmTemplate) => request<{ templates: UtmTemplate[] }>('PUT', `${ws(w)}/links/utm-templates`, body),
  rotateSecret: (w: string) => request<{ secret: string }>('POST', `${ws(w)}/links/webhook-secret`),
  conversions: (w: string) => request<{ conversions: ConversionView[] }>('GET', `${ws(w)}/conversions${query({ limit: 20 })}`),
};
