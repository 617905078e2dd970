/**
 * Checks on a reply before it is sent, against the channel's ReplyLimits: blocking errors (empty, too
 * long in the channel's own unit, public/private not possible, private-reply window closed) and
 * warnings (personal data in a public reply, window closing soon). Codes are stable for the UI.
 *
 * Length: by the channel's own `measure()` where its limits name a target (X's weighted count, Mastodon's
 * and Bluesky's rules), else code points or UTF-8 bytes (`src/channels/length.ts`, shared with the browser).
 */
import { replyLength, type MeasureFor } from '../../../channels/length.js';
import type { ReplyLimits } from '../../../channels/port.js';
import type { PiiType } from '../../../nlp/index.js';

export type ReplyIssueCode = 'empty' | 'too_long' | 'public_reply_unsupported' | 'private_reply_unsupported' | 'private_window_closed' | 'private_window_closing' | 'pii_in_public_reply' | 'pii_blocked_in_public_reply';

export interface ReplyIssue {
  code: ReplyIssueCode;
  message: string;
  /** too_long: the count and the limit in `unit`. */
  count?: number;
  limit?: number;
  unit?: ReplyLimits['lengthUnit'];
  /** Window issues: when it closed / closes. */
  windowEndsAt?: Date;
  /** PII issues: the types found and where. */
  piiTypes?: PiiType[];
  spans?: Array<{ type: PiiType; start: number; end: number }>;
}

export interface ReplyCheckInput {
  limits: ReplyLimits;
  text: string;
  private: boolean;
  now: Date;
  /** The customer's last message; needed when the channel has a private-reply window. */
  lastCustomerMessageAt?: Date;
  /** PII detected in the reply text (UTF-16 offsets). */
  pii?: ReadonlyArray<{ type: PiiType; start: number; end: number }>;
  /** PII types that block a public reply instead of warning (e.g. ['rrn', 'card']); default none. */
  blockPublicPii?: readonly PiiType[];
  /** Warn when the private window closes within this many ms; default 1 hour, 0 to disable. */
  windowWarningMs?: number;
  /** The channels' counters by publish target (the adapter registry's, or the browser's). */
  measureFor: MeasureFor;
}

export interface ReplyCheckResult {
  ok: boolean;
  errors: ReplyIssue[];
  warnings: ReplyIssue[];
  length: { count: number; limit: number; unit: ReplyLimits['lengthUnit'] };
}

const UNIT_KO: Record<ReplyLimits['lengthUnit'], string> = { chars: '자', bytes: '바이트', 'x-weighted': '(X 가중치)' };

export function checkReply(input: ReplyCheckInput): ReplyCheckResult {
  const { limits, text } = input;
  const errors: ReplyIssue[] = [];
  const warnings: ReplyIssue[] = [];
  const count = replyLength(text, limits, input.measureFor);
  const length = { count, limit: limits.maxLength, unit: limits.lengthUnit };

  if (text.trim() === '') errors.push({ code: 'empty', message: 'The reply is empty.' });
  if (count > limits.maxLength) {
    errors.push({
      code: 'too_long',
      message: `The reply is ${count} ${limits.lengthUnit}; this channel allows ${limits.maxLength} (${count - limits.maxLength} over; ${count}/${limits.maxLength}${UNIT_KO[limits.lengthUnit]}).`,
      count,
      limit: limits.maxLength,
      unit: limits.lengthUnit,
    });
  }

  if (input.private) {
    if (!limits.canReplyPrivately) errors.push({ code: 'private_reply_unsupported', message: 'This channel cannot answer this item privately.' });
    else if (limits.privateWindowHours !== undefined) windowCheck(input, limits.privateWindowHours, errors, warnings);
  } else if (!limits.canReplyPublicly) {
    errors.push({ code: 'public_reply_unsupported', message: 'This channel cannot answer this item publicly; reply privately.' });
  }

  if (!input.private) piiCheck(input, errors, warnings);
  return { ok: errors.length === 0, errors, warnings, length };
}

function windowCheck(input: ReplyCheckInput, hours: number, errors: ReplyIssue[], warnings: ReplyIssue[]): void {
  const last = input.lastCustomerMessageAt;
  if (!last) {
    errors.push({ code: 'private_window_closed', message: `A private reply is allowed only within ${hours} h of the customer's last message, and there is none.` });
    return;
  }
  const end = last.getTime() + hours * 3_600_000;
  const now = input.now.getTime();
  const windowEndsAt = new Date(end);
  // The window is open strictly before its end: at exactly 24 h the channel refuses.
  if (now >= end) {
    errors.push({ code: 'private_window_closed', message: `The ${hours} h private-reply window closed at ${windowEndsAt.toISOString()}.`, windowEndsAt });
    return;
  }
  const warnMs = input.windowWarningMs ?? 3_600_000;
  if (warnMs > 0 && end - now <= warnMs) {
    warnings.push({ code: 'private_window_closing', message: `The private-reply window closes in ${Math.ceil((end - now) / 60_000)} min.`, windowEndsAt });
  }
}

function piiCheck(input: ReplyCheckInput, errors: ReplyIssue[], warnings: ReplyIssue[]): void {
  const len = input.text.length;
  const spans = (input.pii ?? [])
    .filter((f) => Number.isInteger(f.start) && Number.isInteger(f.end) && f.start >= 0 && f.end > f.start && f.start < len)
    .map((f) => ({ type: f.type, start: f.start, end: Math.min(f.end, len) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  if (spans.length === 0) return;
  const blocking = new Set(input.blockPublicPii ?? []);
  const blocked = spans.filter((s) => blocking.has(s.type));
  const rest = spans.filter((s) => !blocking.has(s.type));
  const types = (list: typeof spans): PiiType[] => [...new Set(list.map((s) => s.type))];
  if (blocked.length) {
    errors.push({
      code: 'pii_blocked_in_public_reply',
      message: `This public reply contains personal data that may not be posted publicly (${types(blocked).join(', ')}).`,
      piiTypes: types(blocked),
      spans: blocked,
    });
  }
  if (rest.length) {
    warnings.push({
      code: 'pii_in_public_reply',
      message: `This public reply contains personal data (${types(rest).join(', ')}); consider a private reply or masking it.`,
      piiTypes: types(rest),
      spans: rest,
    });
  }
}
