/**
 * What the composer knows about a channel before the server answers: which directions it can reply in
 * and its length limit in its own unit. These are hints for the counter and the toggle; the server's
 * checks (400 `reply.*`) are the truth, and a limit the server states in a refusal replaces the hint.
 */
import type { Conversation } from './inboxApi.js';

export type LengthUnit = 'chars' | 'bytes' | 'x-weighted';
export interface ReplyHints {
  canPublic: boolean;
  canPrivate: boolean;
  /** Undefined when this screen cannot know it. */
  limit?: number;
  unit: LengthUnit;
}

/** The account's settings, when the role may read them (webhook accounts carry their own limits). */
export type AccountSettings = Record<string, unknown> | undefined;

export function replyHints(conv: Pick<Conversation, 'channel' | 'isPrivate'>, isPrivateReply: boolean, settings: AccountSettings): ReplyHints {
  const priv = conv.isPrivate;
  switch (conv.channel) {
    case 'x':
      return priv ? { canPublic: false, canPrivate: true, limit: 10_000, unit: 'chars' } : { canPublic: true, canPrivate: true, limit: isPrivateReply ? 10_000 : 280, unit: isPrivateReply ? 'chars' : 'x-weighted' };
    case 'bluesky':
      return { canPublic: !priv, canPrivate: true, limit: priv || isPrivateReply ? 1000 : 300, unit: 'chars' };
    case 'mastodon': {
      const max = typeof settings?.maxCharacters === 'number' ? settings.maxCharacters : 500;
      return { canPublic: !priv, canPrivate: true, limit: max, unit: 'chars' };
    }
    case 'email':
      return { canPublic: false, canPrivate: true, limit: 100_000, unit: 'chars' };
    case 'youtube':
      return { canPublic: true, canPrivate: false, limit: 10_000, unit: 'chars' };
    case 'blog':
      return { canPublic: false, canPrivate: false, unit: 'chars' };
    case 'webhook': {
      const s = settings;
      const canReply = s === undefined || s.demo === true || (typeof s.replyUrl === 'string' && s.replyUrl !== ''); // demo accounts answer through a local simulator
      return {
        canPublic: canReply && !priv && s?.canReplyPublicly !== false,
        canPrivate: canReply && s?.canReplyPrivately !== false,
        limit: typeof s?.maxReplyLength === 'number' ? s.maxReplyLength : s ? 4000 : undefined,
        unit: 'chars',
      };
    }
    case 'meta':
      return { canPublic: !priv, canPrivate: true, unit: 'chars' };
    default:
      return { canPublic: !priv, canPrivate: true, unit: 'chars' };
  }
}

/** The limit a `reply.too_long` refusal states ("…; this channel allows 1000 (…"), if it says one. */
export function limitFromRefusal(message: string): number | undefined {
  const m = /allows (\d+)/.exec(message) ?? /limit (?:here )?is (\d+)/.exec(message) ?? /\/(\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

// ---- X's weighted length (twitter-text v3), as the server counts it (src/modules/inbox/domain/reply-checks.ts) ----

const LIGHT: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];
const URL_RE = /\bhttps?:\/\/[^\s<>"]+|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:com|net|org|kr|io|me|ly|gl|co)(?![\w-])(?:\/[^\s<>"]*)?/giu;
const EMOJI_RE = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

function plainWeight(text: string): number {
  const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('en', { granularity: 'grapheme' }) : undefined;
  const parts = segmenter ? Array.from(segmenter.segment(text), (s) => s.segment) : Array.from(text);
  let total = 0;
  for (const seg of parts) {
    if (EMOJI_RE.test(seg)) {
      total += 2;
      continue;
    }
    for (const ch of seg) {
      const cp = ch.codePointAt(0)!;
      total += LIGHT.some(([lo, hi]) => cp >= lo && cp <= hi) ? 1 : 2;
    }
  }
  return total;
}

export function xWeightedLength(text: string): number {
  const t = text.normalize('NFC');
  let total = 0;
  let last = 0;
  for (const m of t.matchAll(URL_RE)) {
    total += plainWeight(t.slice(last, m.index)) + 23;
    last = (m.index ?? 0) + m[0].length;
  }
  return total + plainWeight(t.slice(last));
}

export function lengthIn(text: string, unit: LengthUnit): number {
  if (unit === 'bytes') return new TextEncoder().encode(text).length;
  if (unit === 'x-weighted') return xWeightedLength(text);
  return Array.from(text).length;
}
