/**
 * The Korean lemmatiser: one eojeol (a run of Hangul syllables) to its dictionary form.
 * Verbs and adjectives go back through regular and irregular conjugation (ㅂ ㄷ ㅅ ㅎ 르 러 으 ㄹ, 하다,
 * 되다, 시키다): 갈아탔어요 / 갈아타서 / 갈아탈까 → 갈아타다, 빨라졌어요 → 빨라지다, 불편해서 → 불편하다.
 * Nouns lose their particles (국민은행에서는 → 국민은행). No dictionary of every word is needed: the
 * endings are a closed class; a small lexicon of stems breaks ties.
 */
import { A_ENDINGS, JAMO_ENDINGS, SYLLABLE_ENDINGS } from './endings.js';
import { finalOf, isSyllable, join, split, T, V, vowelOf, withFinal, withVowel } from './hangul.js';
import { B_IRREGULAR, D_IRREGULAR, EU_STEMS, H_IRREGULAR, KNOWN_STEMS, L_STEMS, NOT_PREDICATES, S_IRREGULAR, SI_STEMS, YEO_STEMS } from './lexicon.js';

export interface Lemma {
  /** Dictionary form: 갈아타다, 불편하다, 국민은행. */
  lemma: string;
  /** The search and matching key: a predicate's stem (갈아타), a 하다/되다 verb's noun (불편, 해지), a noun. */
  term: string;
  pos: 'predicate' | 'noun';
}

interface Reading {
  stem: string;
  /** How much of the word the endings explained, in syllables (ties go to the longer). */
  ending: number;
  /** A past, future or honorific marker, or an ending only predicates take. */
  strong: boolean;
  /** A nominalising ending (ㅁ, 음): read as a predicate only after 하/되/있/없 (불편함, 재미없음). */
  nominal: boolean;
}

/** Endings before which a stem's ㄹ drops (아는, 아네요, 아세요, 아시면). */
const L_DROPPING = /^[는니네세시셔셨십오]/u;

const SYLLABLE_SET = new Set(SYLLABLE_ENDINGS);
const MAX_SYLLABLE_ENDING = Math.max(...SYLLABLE_ENDINGS.map((e) => e.length));
/** A-endings without their first syllable: what is left when 어 fused into the stem ('' for bare 어). */
const A_TAILS = new Map(A_ENDINGS.map((e) => [e.slice(1), e]));
const A_FIRST = new Set(['어', '아', '여']);
/** Vowels an 아/어 ending can leave behind when it fuses into the stem (가+아 → 가, 보+아 → 봐, 지+어 → 져). */
const FUSING_VOWELS = new Set<number>([V.A, V.AE, V.EO, V.YEO, V.WA, V.WAE, V.WO, V.YAE]);

/**
 * All readings of `word` as stem + endings. Final endings first, then the markers before them
 * (겠, the past 았/었/였, the honorific 시), then the stem's last syllable is restored.
 */
function readings(word: string): Reading[] {
  const out: Reading[] = [];
  const n = word.length;
  // 1. whole-syllable endings (incl. unfused 아/어 endings: 먹어요, 되어서)
  for (let k = Math.min(MAX_SYLLABLE_ENDING, n - 1); k >= 1; k--) {
    const e = word.slice(n - k);
    const rest = word.slice(0, n - k);
    if (SYLLABLE_SET.has(e)) push(out, rest, k, k >= 2, false, false, L_DROPPING.test(e), e === '음');
    const aEnding = A_FIRST.has(e[0]!) ? `어${e.slice(1)}` : '';
    if (aEnding && A_TAILS.has(aEnding.slice(1)) && A_ENDINGS.includes(aEnding)) push(out, rest, k, k >= 2, false, true, false);
  }
  // 2. 아/어 fused into a vowel-final stem (가요, 해서, 봐, 바꿔)
  for (const [tail] of A_TAILS) {
    if (tail.length >= n || !word.endsWith(tail)) continue;
    const rest = word.slice(0, n - tail.length);
    const last = rest[rest.length - 1];
    if (!isSyllable(last) || finalOf(last) !== T.NONE || A_FIRST.has(last) || !FUSING_VOWELS.has(vowelOf(last))) continue;
    push(out, rest, tail.length + 0.5, tail.length >= 2 || tail === '서', true, false, false);
  }
  // 3. endings whose first consonant is the stem's 받침 (갈까, 갑니다, 간, 함)
  for (const [jamo, tail] of JAMO_ENDINGS) {
    if (tail.length >= n || !word.endsWith(tail)) continue;
    const at = n - tail.length - 1;
    const ch = word[at];
    if (!isSyllable(ch) || finalOf(ch) !== jamo) continue;
    const rest = word.slice(0, at) + withFinal(ch, T.NONE);
    const stems = [rest];
    // ㄹ-stems keep their ㄹ before ㄹ-endings (만들+ㄹ까 → 만들까)
    if (jamo === T.L) stems.push(word.slice(0, at + 1));
    for (const s of stems) push(out, s, tail.length + 0.75, tail.length >= 1 || jamo === T.B, false, false, true, jamo === T.M && !tail);
  }
  return out;
}

/** Peels the pre-final markers off `rest` and records every stem it can come from. */
function push(out: Reading[], rest: string, ending: number, strong: boolean, fused: boolean, unfusedA: boolean, lDrop: boolean, nominal = false): void {
  if (!rest) return;
  let stem = rest;
  let marked = false;
  let contracted = fused;
  let aFollows = fused || unfusedA;
  if (stem.length >= 2 && stem.endsWith('겠')) {
    stem = stem.slice(0, -1);
    marked = true;
    aFollows = false;
    contracted = false;
  }
  const last = stem[stem.length - 1]!;
  if (stem.length >= 2 && (last === '었' || last === '았')) {
    stem = stem.slice(0, -1);
    marked = true;
    aFollows = true;
    contracted = false;
  } else if (stem.length >= 2 && last === '였') {
    // 하였 → 하; after anything else 였 is the copula's past (카드였어요): no predicate
    if (!stem.endsWith('하였')) return;
    stem = stem.slice(0, -1);
    marked = true;
  } else if (isSyllable(last) && finalOf(last) === T.SS && !KNOWN_STEMS.has(stem) && !KNOWN_STEMS.has(stem.slice(-2)) && last !== '있' && last !== '없') {
    stem = stem.slice(0, -1) + withFinal(last, T.NONE);
    marked = true;
    contracted = true;
    aFollows = true;
  }
  let honorific = false;
  if (stem.length >= 2 && stem.endsWith('시') && ![...SI_STEMS].some((x) => stem.endsWith(x))) {
    stem = stem.slice(0, -1);
    honorific = true;
    contracted = false;
    aFollows = false;
  } else if (contracted && stem.length >= 2 && stem.endsWith('셔') && !SI_STEMS.has(`${stem.slice(-2, -1)}시`)) {
    // 하셨어요, 가셔서: the honorific 시 fused with 어
    stem = stem.slice(0, -1);
    honorific = true;
    contracted = false;
    aFollows = false;
  }
  for (const st of restore(stem, contracted, aFollows, lDrop || honorific)) {
    if (!ungrammaticalStem(st)) out.push({ stem: st, ending, strong: strong || marked || honorific, nominal });
  }
}

/** A stem cannot end in a lone vowel-less shape we produced by mistake (e.g. a bare 받침 removal of a noun). */
function ungrammaticalStem(stem: string): boolean {
  return !stem || ![...stem].every(isSyllable);
}

/**
 * The stems a last syllable can come from. `contracted`: 아/어 fused into it; `aFollows`: an 아/어
 * ending follows (ㄷ, ㅅ and ㅂ irregulars show there); `consonantFollows`: ㄴ/ㄹ/ㅂ/시 endings (ㄹ drops).
 */
function restore(stem: string, contracted: boolean, aFollows: boolean, consonantFollows: boolean): string[] {
  const head = stem.slice(0, -1);
  const last = stem[stem.length - 1]!;
  const { v } = split(last);
  const out: string[] = [];
  if (contracted) {
    if (last === '해') out.push(`${head}하`);
    else if (last === '돼') out.push(`${head}되`);
    else if (v === V.WA) {
      out.push(head + withVowel(last, V.O));
      if (last === '와' && head && B_IRREGULAR.has(head.slice(0, -1) + withFinal(head[head.length - 1]!, T.B))) out.push(head.slice(0, -1) + withFinal(head[head.length - 1]!, T.B));
    } else if (v === V.WO) out.push(head + withVowel(last, V.U));
    else if (v === V.WAE) out.push(head + withVowel(last, V.OE));
    else if (v === V.YEO) out.push(YEO_STEMS.has(stem) ? stem : head + withVowel(last, V.I));
    else if (v === V.AE && H_IRREGULAR.has(hForm(head, last, V.EO))) out.push(hForm(head, last, V.EO));
    else if (v === V.AE && H_IRREGULAR.has(hForm(head, last, V.A))) out.push(hForm(head, last, V.A));
    else if (v === V.YAE && H_IRREGULAR.has(hForm(head, last, V.YA))) out.push(hForm(head, last, V.YA));
    else if (v === V.A || v === V.EO) {
      const prev = head[head.length - 1];
      if (EU_STEMS.has(head + withVowel(last, V.EU))) out.push(head + withVowel(last, V.EU));
      else if (split(last).l === 5 && prev && finalOf(prev) === T.L) out.push(`${head.slice(0, -1)}${withFinal(prev, T.NONE)}르`);
      else if (last === '러' && head.endsWith('르')) out.push(head);
      else out.push(stem);
    } else out.push(stem);
  } else out.push(stem);
  // ㅂ-irregular: 어려우(ㄴ/면/어) → 어렵
  const s0 = out[0]!;
  if (s0.endsWith('우') && s0.length >= 2) {
    const h = s0.slice(0, -1);
    const b = h.slice(0, -1) + withFinal(h[h.length - 1]!, T.B);
    if (finalOf(h[h.length - 1]) === T.NONE && (B_IRREGULAR.has(b) || /[로러다]$/u.test(h))) out.unshift(b);
  }
  if (aFollows && !contracted) {
    const d = D_IRREGULAR.get(s0);
    if (d) out.unshift(d);
    for (const [surface, lemma] of D_IRREGULAR) if (s0.endsWith(surface) && s0 !== surface && s0.length > surface.length) out.push(s0.slice(0, -surface.length) + lemma);
    // an unfused 아/어 after a vowel-final stem: regular stems fuse (나+았 → 났), ㅅ-irregulars cannot (나았)
    const s = S_IRREGULAR.get(s0) ?? (S_IRREGULAR.has(s0.slice(-1)) && s0.length > 1 ? s0.slice(0, -1) + S_IRREGULAR.get(s0.slice(-1))! : undefined);
    if (s) out.unshift(s);
    if (EU_STEMS.has(`${s0}으`)) out.unshift(`${s0}으`);
  }
  if (consonantFollows && finalOf(s0[s0.length - 1]) === T.NONE) {
    const l = s0.slice(0, -1) + withFinal(s0[s0.length - 1]!, T.L);
    if (L_STEMS.has(l) && !KNOWN_STEMS.has(s0)) out.unshift(l);
  }
  // ㅎ-irregular before ㄴ/ㄹ/ㅁ: 그런 → 그렇, 빨간 → 빨갛
  if (consonantFollows) {
    const h = s0.slice(0, -1) + withFinal(s0[s0.length - 1]!, T.H);
    if (H_IRREGULAR.has(h)) out.unshift(h);
  }
  return out;
}

function hForm(head: string, last: string, v: number): string {
  const { l } = split(last);
  return head + join({ l, v, t: T.H });
}

/** Copula 이다 after a noun (금리인데요 → 금리+이+ㄴ데요): the noun, or null. */
function copulaNoun(stem: string): string | null {
  if (stem.length >= 3 && stem.endsWith('이') && !KNOWN_STEMS.has(stem)) return stem.slice(0, -1);
  return null;
}

function isKnown(stem: string): boolean {
  return KNOWN_STEMS.has(stem) || B_IRREGULAR.has(stem) || H_IRREGULAR.has(stem) || EU_STEMS.has(stem) || /[롭럽답]$/u.test(stem);
}

/** The best predicate reading, or null when the word reads better as a noun. */
export function predicateOf(word: string): { stem: string } | null {
  if (NOT_PREDICATES.has(word)) return null;
  let best: Reading | null = null;
  let bestScore = -Infinity;
  for (const r of readings(word)) {
    if (copulaNoun(r.stem)) continue;
    const known = isKnown(r.stem) || KNOWN_STEMS.has(r.stem.slice(-2)) || familyRoot(r.stem) !== null;
    if (!r.strong && !known) continue;
    if (r.nominal && !/(하|되|없|있|밌)$/u.test(r.stem)) continue;
    if (NOT_PREDICATES.has(r.stem) && !KNOWN_STEMS.has(r.stem)) continue;
    const score = (isKnown(r.stem) ? 4 : 0) + (familyRoot(r.stem) ? 3 : 0) + r.ending + (r.strong ? 1 : 0) - r.stem.length * 0.01;
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best ? { stem: best.stem } : null;
}

/** The noun of a 하다/되다/시키다/당하다 verb (해지하 → 해지), when it is a word of two syllables or more. */
export function familyRoot(stem: string): string | null {
  for (const suffix of ['당하', '시키', '하', '되']) {
    if (stem.length - suffix.length >= 2 && stem.endsWith(suffix)) return stem.slice(0, -suffix.length);
  }
  return null;
}

/** The copula's noun for forms the particle list does not hold (금리인데요, 카드였어요), or null. */
export function copulaOf(word: string): string | null {
  for (const r of readings(word)) {
    const noun = copulaNoun(r.stem);
    if (noun && r.strong) return noun;
  }
  const m = /^(.+?)(였어요|였는데|였다|였고|였네|였습니다|였죠)$/u.exec(word);
  if (m && finalOf(m[1]![m[1]!.length - 1]) === T.NONE && !KNOWN_STEMS.has(m[1]!)) return m[1]!;
  return null;
}

function vowelFinal(ch: string | undefined): boolean {
  return isSyllable(ch) && finalOf(ch) === T.NONE && vowelOf(ch) >= 0;
}

/**
 * One Hangul word to its lemma. `stripNoun` takes a noun's particles off (the tokenizer's particle
 * stripper), used when the word does not read as a predicate.
 */
export function lemmatize(word: string, stripNoun: (w: string) => string): Lemma {
  const p = predicateOf(word);
  if (p) {
    const root = familyRoot(p.stem);
    return { lemma: `${p.stem}다`, term: root ?? p.stem, pos: 'predicate' };
  }
  if (NOT_PREDICATES.has(word)) return { lemma: word, term: word, pos: 'noun' };
  const copula = copulaOf(word);
  const noun = copula ?? stripNoun(word);
  return { lemma: noun, term: noun, pos: 'noun' };
}
