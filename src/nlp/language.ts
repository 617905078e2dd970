/** Language identification: ko, en, other, mixed, from script shares plus a few function words. */

export type Language = 'ko' | 'en' | 'other' | 'mixed';

export interface LanguageResult {
  language: Language;
  /** Shares of letters by script (Hangul weighted by 2.5, a syllable carrying about as much as 2-3 Latin letters). */
  shares: { hangul: number; latin: number; other: number };
}

const EN_WORDS = new Set([
  'the',
  'a',
  'an',
  'and',
  'or',
  'to',
  'of',
  'in',
  'on',
  'for',
  'is',
  'are',
  'was',
  'my',
  'i',
  'you',
  'it',
  'this',
  'that',
  'with',
  'not',
  'no',
  'be',
  'have',
  'has',
  'can',
  'do',
  'does',
  'did',
  'at',
  'by',
  'from',
  'me',
  'we',
  'your',
  'please',
  'why',
  'how',
  'what',
  'when',
]);
const NON_EN_WORDS = new Set([
  'el',
  'la',
  'los',
  'las',
  'de',
  'que',
  'y',
  'es',
  'por',
  'para',
  'le',
  'les',
  'des',
  'et',
  'est',
  'une',
  'un',
  'du',
  'der',
  'die',
  'das',
  'und',
  'ist',
  'nicht',
  'ein',
  'eine',
  'yang',
  'dan',
  'di',
  'ini',
  'itu',
  'tidak',
  'och',
  'och',
  'het',
  'een',
  'van',
  'il',
  'che',
  'non',
  'per',
  'sono',
  'não',
  'com',
  'uma',
]);
const LATIN_WORD = /[a-z\u00c0-\u024f]+/g;

export function detectLanguage(text: string): LanguageResult {
  let hangul = 0;
  let latin = 0;
  let other = 0;
  let accented = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x3131 && c <= 0x318e) || (c >= 0x1100 && c <= 0x11ff)) hangul++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
    else if (c >= 0xc0 && c <= 0x24f) {
      latin++;
      accented++;
    } else if (c > 0x7f && /\p{L}/u.test(ch)) other++;
  }
  const h = hangul * 2.5;
  const total = h + latin + other;
  if (total === 0) return { language: 'other', shares: { hangul: 0, latin: 0, other: 0 } };
  const shares = { hangul: h / total, latin: latin / total, other: other / total };
  let language: Language;
  if (shares.hangul >= 0.75) language = 'ko';
  else if (shares.latin >= 0.75) language = looksEnglish(text, accented, latin) ? 'en' : 'other';
  else if (shares.hangul >= 0.2 && shares.latin >= 0.2 && shares.other < 0.2) language = 'mixed';
  else language = shares.hangul > 0.5 ? 'ko' : 'other';
  return { language, shares };
}

function looksEnglish(text: string, accented: number, latin: number): boolean {
  if (accented / latin > 0.05) return false;
  const words = text.toLowerCase().match(LATIN_WORD) ?? [];
  let en = 0;
  let non = 0;
  for (const w of words) {
    if (EN_WORDS.has(w)) en++;
    if (NON_EN_WORDS.has(w)) non++;
  }
  return non < 2 || en >= non;
}
