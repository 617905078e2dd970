/** Client for the links API: short links, the report by link/channel/campaign and the conversions. */
import type { AnalyticsView, ConversionView, Dimension, LinkView } from '../../../../src/contracts/links.js';
import { query, request, ws } from '../../api.js';

export const DIMENSIONS = ['link', 'channel', 'campaign', 'post'] as const satisfies readonly Dimension[];
export type { Dimension };

export type { AnalyticsRow as ReportRow, AnalyticsView as Report, ConversionView as Conversion, LinkView as ShortLink } from '../../../../src/contracts/links.js';

export const linksApi = {
  report: (w: string, by: Dimension) => request<AnalyticsView>('GET', `${ws(w)}/links/analytics${query({ by })}`),
  csvUrl: (w: string, by: Dimension) => `/api/v1${ws(w)}/links/analytics.csv${query({ by })}`,
  list: (w: string) => request<{ links: LinkView[] }>('GET', `${ws(w)}/links${query({ limit: 50 })}`),
  create: (w: string, body: { url: string; campaign?: string; channel?: string; title?: string }) => request<{ link: LinkView }>('POST', `${ws(w)}/links`, body),
  conversions: (w: string) => request<{ conversions: ConversionView[] }>('GET', `${ws(w)}/conversions${query({ limit: 20 })}`),
};
