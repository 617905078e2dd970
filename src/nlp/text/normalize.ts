/** Text normalisation shared by the tokenizer, feature extraction and training. */

const HANGUL_BASE = 0xac00;
const HANGUL_LAST = 0xd7a3;
const JUNGSEONG_COUNT = 21;
const JONGSEONG_COUNT = 28;

const CHOSEONG = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const JUNGSEONG = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
const JONGSEONG = ' ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ';

export function isHangulSyllable(code: number): boolean {
  return code >= HANGUL_BASE && code <= HANGUL_LAST;
}

/** Compatibility jamo (ㄱ..ㅣ), as typed alone in ㅋㅋ, ㅠㅠ, ㅇㅇ. */
export function isHangulJamo(code: number): boolean {
  return code >= 0x3131 && code <= 0x318e;
}

/** True when the syllable has a final consonant (받침). */
export function hasBatchim(syllable: string): boolean {
  const code = syllable.charCodeAt(0);
  if (!isHangulSyllable(code)) return false;
  return (code - HANGUL_BASE) % JONGSEONG_COUNT !== 0;
}

/** The final consonant of a syllable as a compatibility jamo, or '' when there is none. */
export function batchimOf(syllable: string): string {
  const code = syllable.charCodeAt(0);
  if (!isHangulSyllable(code)) return '';
  return JONGSEONG[(code - HANGUL_BASE) % JONGSEONG_COUNT]!.trim();
}

/** Splits Hangul syllables into compatibility jamo; other characters pass through. */
export function toJamo(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isHangulSyllable(code)) {
      out += text[i];
      continue;
    }
    const offset = code - HANGUL_BASE;
    const jong = offset % JONGSEONG_COUNT;
    const jung = ((offset - jong) / JONGSEONG_COUNT) % JUNGSEONG_COUNT;
    const cho = Math.floor(offset / (JONGSEONG_COUNT * JUNGSEONG_COUNT));
    out += CHOSEONG[cho]! + JUNGSEONG[jung]!;
    if (jong !== 0) out += JONGSEONG[jong]!;
  }
  return out;
}

const ELONGATION = /(.)\1{2,}/gu;
const SPACES = /\s+/g;

/**
 * NFC, lower case, whitespace folded, runs of three or more identical characters squashed to two
 * (ㅋㅋㅋㅋ → ㅋㅋ, sooooo → soo, !!!!! → !!).
 */
export function normalizeText(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(ELONGATION, '$1$1').replace(SPACES, ' ').trim();
}
