/** Client for notification channels, SMTP, weekly reports, the communication index and the crisis drill (docs/listening.md). */
import type { WeekRow } from '../../../../../src/modules/listening/communication.service.js';
import { query, request, ws } from '../../../api.js';

export const WEBHOOK_FORMATS = ['sotong', 'slack', 'teams', 'kakaowork'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export interface NotifyChannel {
  id: string;
  kind: 'email' | 'webhook';
  name: string;
  recipients: string[] | null;
  url: string | null;
  format: WebhookFormat | null;
  enabled: boolean;
  createdAt: string;
}
export interface ChannelInput {
  kind?: 'email' | 'webhook';
  name?: string;
  recipients?: string[];
  url?: string;
  format?: WebhookFormat;
  enabled?: boolean;
}
export interface Smtp {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  from: string;
  rejectUnauthorized: boolean;
  passwordSet: boolean;
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
export interface Report {
  id: string;
  name: string;
  recipients: string[];
  queryIds: string[];
  weekday: number;
  hour: number;
  enabled: boolean;
  nextRunAt: string;
  lastSentAt: string | null;
  lastError: string | null;
}
export interface ReportInput {
  name?: string;
  recipients?: string[];
  queryIds?: string[];
  weekday?: number;
  hour?: number;
  enabled?: boolean;
}
export interface ReportPreview {
  subject: string;
  html: string;
  text: string;
  from: string;
  to: string;
  attachments: string[];
}
export type CommWeek = WeekRow;
export interface Drill {
  available: boolean;
  running: boolean;
  posts: number;
  startedAt: string | null;
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
  channels: (w: string) => request<{ channels: NotifyChannel[] }>('GET', `${L(w)}/notify-channels`),
  createChannel: (w: string, input: ChannelInput & { kind: 'email' | 'webhook'; name: string }) => request<{ channel: NotifyChannel; secret?: string }>('POST', `${L(w)}/notify-channels`, input),
  updateChannel: (w: string, channelId: string, patch: ChannelInput) => request<{ channel: NotifyChannel }>('PATCH', `${L(w)}/notify-channels/${id(channelId)}`, patch),
  deleteChannel: (w: string, channelId: string) => request<void>('DELETE', `${L(w)}/notify-channels/${id(channelId)}`),
  testChannel: (w: string, channelId: string) => request<{ delivered: true }>('POST', `${L(w)}/notify-channels/${id(channelId)}/test`, {}),

  smtp: (w: string) => request<{ smtp: Smtp | null }>('GET', `${L(w)}/smtp`),
  putSmtp: (w: string, input: SmtpInput) => request<{ smtp: Smtp }>('PUT', `${L(w)}/smtp`, input),
  deleteSmtp: (w: string) => request<void>('DELETE', `${L(w)}/smtp`),
  testSmtp: (w: string, to: string[]) => request<{ delivered: true; recipients: string[] }>('POST', `${L(w)}/smtp/test`, { to }),

  reports: (w: string) => request<{ reports: Report[] }>('GET', `${L(w)}/reports`),
  createReport: (w: string, input: ReportInput & { name: string; recipients: string[] }) => request<{ report: Report }>('POST', `${L(w)}/reports`, input),
  updateReport: (w: string, reportId: string, patch: ReportInput) => request<{ report: Report }>('PATCH', `${L(w)}/reports/${id(reportId)}`, patch),
  deleteReport: (w: string, reportId: string) => request<void>('DELETE', `${L(w)}/reports/${id(reportId)}`),
  sendReport: (w: string, reportId: string) => request<{ sent: true; recipients: string[] }>('POST', `${L(w)}/reports/${id(reportId)}/send`, {}),
  previewReport: (w: string, reportId: string) => request<{ preview: ReportPreview }>('GET', `${L(w)}/reports/${id(reportId)}/preview`),

  communication: (w: string, f: { from?: string; to?: string; channel?: string } = {}) => request<{ weeks: CommWeek[]; totals: CommWeek }>('GET', `${L(w)}/communication${query({ ...f })}`),

  drill: (w: string) => request<{ drill: Drill }>('GET', `${ws(w)}/demo/crisis-drill`),
  startDrill: (w: string, durationSeconds?: number) => request<{ drill: Drill & { durationSeconds: number } }>('POST', `${ws(w)}/demo/crisis-drill`, durationSeconds === undefined ? {} : { durationSeconds }),
};

/** The dictionary key of a weekday (0 = Sunday, as the API counts). */
export const dayKey = (d: number) => `ln.day.${(((d % 7) + 7) % 7) as 0 | 1 | 2 | 3 | 4 | 5 | 6}` as const;
