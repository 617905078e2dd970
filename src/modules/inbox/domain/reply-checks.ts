/**
 * Checks on a reply before it is sent, against the channel's ReplyLimits: blocking errors (empty, too
 * long in the channel's own unit, public/private not possible, private-reply window closed) and
 * warnings (personal data in a public reply, window closing soon). Codes are stable for the UI.
 *
 * Length units: 'chars' counts Unicode code points (as the adapters do), 'bytes' UTF-8 bytes,
 * 'x-weighted' X's weighted count (below).
 */
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
}

export interface ReplyCheckResult {
  ok: boolean;
  errors: ReplyIssue[];
  warnings: ReplyIssue[];
  length: { count: number; limit: number; unit: ReplyLimits['lengthUnit'] };
}

// ---- X weighted length (twitter-text v3 configuration) ----

export const X_URL_WEIGHT = 23;
/** Code point ranges weighing 1; everything else (Hangul, CJK, most symbols) weighs 2. */
const LIGHT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x10ff], // Latin, Greek, Cyrillic, Hebrew, Arabic, … up to Georgian
  [0x2000, 0x200d], // spaces, zero-width joiner
  [0x2010, 0x201f], // dashes and quotation marks
  [0x2032, 0x2037], // primes
];
/** http(s) URLs, and bare domains under common TLDs (X links "kbstar.com" too); not e-mail addresses. */
const URL_RE = /\bhttps?:\/\/[^\s<>"]+|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:com|net|org|kr|io|me|ly|gl|co)(?![\w-])(?:\/[^\s<>"]*)?/giu;
const EMOJI_RE = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function weightOfPlain(text: string): number {
  let total = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (EMOJI_RE.test(segment)) {
      total += 2; // an emoji sequence (ZWJ families, flags, skin tones) counts 2 as a whole
      continue;
    }
    for (const ch of segment) {
      const cp = ch.codePointAt(0)!;
      total += LIGHT_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi) ? 1 : 2;
    }
  }
  return total;
}

/** X's weighted length: Latin-range characters 1, CJK/Hangul/emoji 2, every URL 23 (text NFC-normalised). */
export function xWeightedLength(text: string): number {
  const t = text.normalize('NFC');
  let total = 0;
  let last = 0;
  for (const m of t.matchAll(URL_RE)) {
    total += weightOfPlain(t.slice(last, m.index)) + X_URL_WEIGHT;
    last = m.index + m[0].length;
  }
  return total + weightOfPlain(t.slice(last));
}

export function lengthIn(text: string, unit: ReplyLimits['lengthUnit']): number {
  if (unit === 'bytes') return new TextEncoder().encode(text).length;
  if (unit === 'x-weighted') return xWeightedLength(text);
  return [...text].length;
}

const UNIT_KO: Record<ReplyLimits['lengthUnit'], string> = { chars: '자', bytes: '바이트', 'x-weighted': '(X 가중치)' };

export function checkReply(input: ReplyCheckInput): ReplyCheckResult {
  const { limits, text } = input;
  const errors: ReplyIssue[] = [];
  const warnings: ReplyIssue[] = [];
  const count = lengthIn(text, limits.lengthUnit);
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
