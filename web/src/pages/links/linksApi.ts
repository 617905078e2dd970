/** Client for the links API: short links, the report by link/channel/campaign and the conversions. */
import { query, request, ws } from '../../api.js';

export const DIMENSIONS = ['link', 'channel', 'campaign', 'post'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface ShortLink {
  id: string;
  code: string;
  shortUrl: string;
  targetUrl: string;
  campaign: string | null;
  channel: string | null;
  title: string | null;
  expiresAt: string | null;
  createdAt: string;
}
export interface ReportRow {
  key: string;
  label: string;
  clicks: number;
  uniqueVisitors: number;
  filtered: number;
  conversions: number;
  rate: number;
}
export interface Report {
  by: Dimension;
  rows: ReportRow[];
  daily: Array<{ day: string; clicks: number; conversions: number }>;
  totals: Omit<ReportRow, 'key' | 'label'>;
}
export interface Conversion {
  id: string;
  eventId: string;
  type: string;
  occurredAt: string;
  channel: string | null;
  campaign: string | null;
  attributed: boolean;
}

export const linksApi = {
  report: (w: string, by: Dimension) => request<Report>('GET', `${ws(w)}/links/analytics${query({ by })}`),
  csvUrl: (w: string, by: Dimension) => `/api/v1${ws(w)}/links/analytics.csv${query({ by })}`,
  list: (w: string) => request<{ links: ShortLink[] }>('GET', `${ws(w)}/links${query({ limit: 50 })}`),
  create: (w: string, body: { url: string; campaign?: string; channel?: string; title?: string }) => request<{ link: ShortLink }>('POST', `${ws(w)}/links`, body),
  conversions: (w: string) => request<{ conversions: Conversion[] }>('GET', `${ws(w)}/conversions${query({ limit: 20 })}`),
};
