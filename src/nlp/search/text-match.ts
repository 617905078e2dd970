/**
 * Raw-text matching for listening queries, the fallback when an item's tokens do not contain a term.
 *
 * Rule: a needle matches where it starts a word and ends one.
 * - Starts a word: at the start of the text, or after a character of another kind (space, punctuation,
 *   or a change of script: `KB국민은행` has `국민은행` at a word start, like the tokenizer's split).
 *   So `은행` does NOT match inside `국민은행`, and `app` does not match inside `happy`.
 * - Ends a word: at the end of the text, before a character of another kind, or, for Hangul, when the
 *   rest of the Hangul run is a particle/ending from the small lists below (`국민은행이`, `국민은행에서는`,
 *   `해지했어요`). So `카드` matches `카드가` and `카드로` but not `카드사` or `카드론`.
 * Both sides are NFC and lower-cased; runs of whitespace count as one space.
 */

/** Particles and copula forms; up to three may stack (`에서+는`, `이랑+은`, `이+에요`). */
const PARTICLES = new Set([
  '이',
  '가',
  '은',
  '는',
  '을',
  '를',
  '의',
  '에',
  '도',
  '만',
  '로',
  '와',
  '과',
  '랑',
  '나',
  '께',
  '엔',
  '요',
  '야',
  '아',
  '에서',
  '에게',
  '한테',
  '께서',
  '으로',
  '까지',
  '부터',
  '보다',
  '처럼',
  '만큼',
  '마저',
  '조차',
  '밖에',
  '이랑',
  '하고',
  '이나',
  '이든',
  '든',
  '라도',
  '이라도',
  '이며',
  '며',
  '든지',
  '마다',
  '이란',
  '란',
  '이라고',
  '라고',
  '이라는',
  '라는',
  '이다',
  '다',
  '이에요',
  '예요',
  '에요',
  '입니다',
  '이죠',
  '죠',
  '인데',
  '이고',
  '고',
  '이라서',
  '라서',
  '이지만',
  '지만',
  '였다',
  '이었다',
  '였어요',
  '이었어요',
  '인가',
  '인가요',
  '이네',
  '네',
  '였는데',
  '이었는데',
  '임',
  '이지',
  '지',
  '인지',
]);

/** Stems of 하다/되다/당하다/시키다 after a noun (`해지했어요`, `정지됐어요`, `사기당했어요`). */
const VERB_STEMS = new Set(['하', '해', '했', '한', '할', '함', '합', '되', '돼', '됐', '된', '될', '됨', '됩', '당', '당해', '당했', '당한', '당하', '시켜', '시켰', '시킨', '시키', '시킬']);

/** Endings after a verb stem; up to three may follow it (`해+주+세요`, `했+습니다`). */
const TAILS = new Set([
  '다',
  '요',
  '고',
  '는',
  '면',
  '서',
  '지',
  '게',
  '며',
  '니',
  '까',
  '죠',
  '음',
  '어',
  '자',
  '네',
  '데',
  '냐',
  '나',
  '야',
  '만',
  '습니다',
  '니다',
  '어요',
  '여요',
  '는데',
  '지만',
  '려고',
  '려면',
  '려는',
  '고요',
  '니까',
  '나요',
  '세요',
  '셨',
  '었',
  '였',
  '겠',
  '더니',
  '다가',
  '도록',
  '줘',
  '주',
  '주세요',
  '달라',
  '라고',
  '는지',
  '던',
]);

const MAX_UNITS = 3;

function splits(s: string, units: ReadonlySet<string>, maxParts: number): boolean {
  if (s === '') return true;
  if (maxParts === 0) return false;
  for (let n = Math.min(4, s.length); n >= 1; n--) {
    if (units.has(s.slice(0, n)) && splits(s.slice(n), units, maxParts - 1)) return true;
  }
  return false;
}

/** True when `rest` (a Hangul run right after a noun) is a particle/ending sequence from the lists above. */
export function isKoreanSuffix(rest: string): boolean {
  if (rest === '') return true;
  if (splits(rest, PARTICLES, MAX_UNITS)) return true;
  for (let n = 1; n <= 2 && n <= rest.length; n++) {
    if (VERB_STEMS.has(rest.slice(0, n)) && splits(rest.slice(n), TAILS, MAX_UNITS)) return true;
  }
  return false;
}

type CharKind = 'hangul' | 'jamo' | 'latin' | 'digit' | 'letter' | 'space' | 'other';

export function charKind(ch: string | undefined): CharKind {
  if (ch === undefined) return 'other';
  const c = ch.codePointAt(0)!;
  if (c >= 0xac00 && c <= 0xd7a3) return 'hangul';
  if (c >= 0x3131 && c <= 0x318e) return 'jamo';
  if (/[a-z\u00c0-\u024f]/i.test(ch)) return 'latin';
  if (/\p{Nd}/u.test(ch)) return 'digit';
  if (/\p{L}/u.test(ch)) return 'letter';
  if (/\s/.test(ch)) return 'space';
  return 'other';
}

const WORDY = new Set<CharKind>(['hangul', 'jamo', 'latin', 'digit', 'letter']);

function isHangul(ch: string | undefined): boolean {
  return ch !== undefined && charKind(ch) === 'hangul';
}

/** Lower-case, NFC, whitespace runs folded to one space: the form both sides are compared in. */
export function foldText(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
}

/** True when `needle` occurs in `text` at a word start and ends a word there (see the module comment). Both must be folded. */
export function matchesAnchored(text: string, needle: string): boolean {
  if (needle === '') return false;
  const firstKind = charKind(needle[0]);
  const lastKind = charKind(needle[needle.length - 1]);
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
    if (i > 0 && WORDY.has(firstKind) && charKind(text[i - 1]) === firstKind) continue;
    const k = i + needle.length;
    if (k >= text.length || !WORDY.has(lastKind) || charKind(text[k]) !== lastKind) return true;
    if (lastKind === 'hangul') {
      let e = k;
      while (isHangul(text[e])) e++;
      if (isKoreanSuffix(text.slice(k, e))) return true;
    }
  }
  return false;
}

export function normalizeTag(tag: string, sigil: '#' | '@'): string {
  const t = tag.normalize('NFC').toLowerCase();
  return t.startsWith(sigil) ? t.slice(1) : t;
}

/** True when `seq` occurs as consecutive elements of `tokens`. */
export function containsSequence(tokens: readonly string[], seq: readonly string[]): boolean {
  if (seq.length === 0) return false;
  outer: for (let i = tokens.indexOf(seq[0]!); i !== -1 && i + seq.length <= tokens.length; i = tokens.indexOf(seq[0]!, i + 1)) {
    for (let j = 1; j < seq.length; j++) if (tokens[i + j] !== seq[j]) continue outer;
    return true;
  }
  return false;
}

const ALL_HANGUL = /^[\uac00-\ud7a3]+$/;

/** The raw-text needles for a term: as typed, plus its stripped form when that is one Hangul word. */
export function termNeedles(value: string, tokens: readonly string[]): string[] {
  const typed = foldText(value);
  const out = [typed];
  if (tokens.length === 1 && tokens[0] !== typed && ALL_HANGUL.test(tokens[0]!)) out.push(tokens[0]!);
  return out;
}
