/**
 * X's weighted character count (twitter-text configuration v3): code points in the Latin, general
 * punctuation and similar ranges weigh 1, everything else (Hangul, CJK, ...) weighs 2, an emoji sequence
 * weighs 2 as a whole, and every URL counts as 23 whatever its length. A post may weigh at most 280.
 */

export const X_MAX_WEIGHTED_LENGTH = 280;
const URL_WEIGHT = 23;

/** Code point ranges that weigh 1 (the "light" ranges of twitter-text v3); everything else weighs 2. */
const LIGHT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];

/** http(s) URLs, and bare domains under common TLDs (X links "kbstar.com" too); not e-mail addresses. */
const URL_RE = /\bhttps?:\/\/[^\s<>"]+|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:com|net|org|kr|io|me|ly|gl|co)(?![\w-])(?:\/[^\s<>"]*)?/giu;
const EMOJI_RE = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function codePointWeight(cp: number): number {
  return LIGHT_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi) ? 1 : 2;
}

function weightOfPlainText(text: string): number {
  let total = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (EMOJI_RE.test(segment)) {
      total += 2;
      continue;
    }
    for (const ch of segment) total += codePointWeight(ch.codePointAt(0) ?? 0);
  }
  return total;
}

/** The weighted length of a post as X counts it (text NFC-normalised first, as X does). */
export function xWeightedLength(input: string): number {
  const text = input.normalize('NFC');
  let total = 0;
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    total += weightOfPlainText(text.slice(last, m.index)) + URL_WEIGHT;
    last = (m.index ?? 0) + m[0].length;
  }
  return total + weightOfPlainText(text.slice(last));
}
