/** Client for notification channels, SMTP, weekly reports, the communication index and the crisis drill (docs/listening.md). */
import type { DrillState, NotifyChannelView, ReportPreview, SmtpView, WebhookFormat, WeeklyReportView, WeekRow } from '../../../../../src/contracts/listening.js';
import { query, request, ws } from '../../../api.js';

export const WEBHOOK_FORMATS = ['sotong', 'slack', 'teams', 'kakaowork'] as const satisfies readonly WebhookFormat[];
export type {
  DrillState as Drill,
  NotifyChannelView as NotifyChannel,
  ReportPreview,
  SmtpView as Smtp,
  WebhookFormat,
  WeeklyReportView as Report,
  WeekRow as CommWeek,
} from '../../../../../src/contracts/listening.js';

export interface ChannelInput {
  kind?: 'email' | 'webhook';
  name?: string;
  recipients?: string[];
  url?: string;
  format?: WebhookFormat;
  enabled?: boolean;
}
export interface SmtpInput {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  rejectUnauthorized: boolean;
}
export interface ReportInput {
  name?: string;
  recipients?: string[];
  queryIds?: string[];
  weekday?: number;
  hour?: number;
  enabled?: boolean;
}
const id = encodeURIComponent;
const L = (w: string) => `${ws(w)}/listening`;

/** Addresses typed one per line or separated by commas/semicolons. */
export const splitAddresses = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export const notifyApi = {
  channels: (w: string) => request<{ channels: NotifyChannelView[] }>('GET', `${L(w)}/notify-channels`),
  createChannel: (w: string, input: ChannelInput & { kind: 'email' | 'webhook'; name: string }) => request<{ channel: NotifyChannelView; secret?: string }>('POST', `${L(w)}/notify-channels`, input),
  updateChannel: (w: string, channelId: string, patch: ChannelInput) => request<{ channel: NotifyChannelView }>('PATCH', `${L(w)}/notify-channels/${id(channelId)}`, patch),
  deleteChannel: (w: string, channelId: string) => request<void>('DELETE', `${L(w)}/notify-channels/${id(channelId)}`),
  testChannel: (w: string, channelId: string) => request<{ delivered: true }>('POST', `${L(w)}/notify-channels/${id(channelId)}/test`, {}),

  smtp: (w: string) => request<{ smtp: SmtpView | null }>('GET', `${L(w)}/smtp`),
  putSmtp: (w: string, input: SmtpInput) => request<{ smtp: SmtpView }>('PUT', `${L(w)}/smtp`, input),
  deleteSmtp: (w: string) => request<void>('DELETE', `${L(w)}/smtp`),
  testSmtp: (w: string, to: string[]) => request<{ delivered: true; recipients: string[] }>('POST', `${L(w)}/smtp/test`, { to }),

  reports: (w: string) => request<{ reports: WeeklyReportView[] }>('GET', `${L(w)}/reports`),
  createReport: (w: string, input: ReportInput & { name: string; recipients: string[] }) => request<{ report: WeeklyReportView }>('POST', `${L(w)}/reports`, input),
  updateReport: (w: string, reportId: string, patch: ReportInput) => request<{ report: WeeklyReportView }>('PATCH', `${L(w)}/reports/${id(reportId)}`, patch),
  deleteReport: (w: string, reportId: string) => request<void>('DELETE', `${L(w)}/reports/${id(reportId)}`),
  sendReport: (w: string, reportId: string) => request<{ sent: true; recipients: string[] }>('POST', `${L(w)}/reports/${id(reportId)}/send`, {}),
  previewReport: (w: string, reportId: string) => request<{ preview: ReportPreview }>('GET', `${L(w)}/reports/${id(reportId)}/preview`),

  communication: (w: string, f: { from?: string; to?: string; channel?: string } = {}) => request<{ weeks: WeekRow[]; totals: WeekRow }>('GET', `${L(w)}/communication${query({ ...f })}`),

  drill: (w: string) => request<{ drill: DrillState }>('GET', `${ws(w)}/demo/crisis-drill`),
  startDrill: (w: string, durationSeconds?: number) => request<{ drill: DrillState & { durationSeconds: number } }>('POST', `${ws(w)}/demo/crisis-drill`, durationSeconds === undefined ? {} : { durationSeconds }),
};

/** The dictionary key of a weekday (0 = Sunday, as the API counts). */
export const dayKey = (d: number) => `ln.day.${(((d % 7) + 7) % 7) as 0 | 1 | 2 | 3 | 4 | 5 | 6}` as const;
