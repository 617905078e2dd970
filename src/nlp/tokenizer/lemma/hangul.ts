/** Hangul syllables as (initial, vowel, final) indices: what the lemmatiser takes apart and puts back. */

const BASE = 0xac00;
const LAST = 0xd7a3;

/** Vowel indices (중성). */
export const V = {
  A: 0,
  AE: 1,
  YA: 2,
  YAE: 3,
  EO: 4,
  E: 5,
  YEO: 6,
  YE: 7,
  O: 8,
  WA: 9,
  WAE: 10,
  OE: 11,
  YO: 12,
  U: 13,
  WO: 14,
  WE: 15,
  WI: 16,
  YU: 17,
  EU: 18,
  UI: 19,
  I: 20,
} as const;

/** Final consonant indices (종성) the lemmatiser needs. */
export const T = { NONE: 0, N: 4, D: 7, L: 8, M: 16, B: 17, S: 19, SS: 20, H: 27 } as const;

/** Initial consonant indices (초성) the lemmatiser needs. */
export const L = { R: 5, NG: 11 } as const;

export interface Syllable {
  l: number;
  v: number;
  t: number;
}

export function isSyllable(ch: string | undefined): ch is string {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return c >= BASE && c <= LAST;
}

export function split(ch: string): Syllable {
  const o = ch.charCodeAt(0) - BASE;
  return { l: Math.floor(o / 588), v: Math.floor((o % 588) / 28), t: o % 28 };
}

export function join(s: Syllable): string {
  return String.fromCharCode(BASE + s.l * 588 + s.v * 28 + s.t);
}

/** The syllable with another final consonant (or none). */
export function withFinal(ch: string, t: number): string {
  return join({ ...split(ch), t });
}

/** The syllable with another vowel. */
export function withVowel(ch: string, v: number): string {
  return join({ ...split(ch), v });
}

export function finalOf(ch: string | undefined): number {
  return isSyllable(ch) ? split(ch).t : -1;
}

export function vowelOf(ch: string | undefined): number {
  return isSyllable(ch) ? split(ch).v : -1;
}
