/**
 * The search document of an item: a tsvector literal built from the Korean-aware tokenizer, so the
 * database matches exactly what the tokenizer produces (국민은행이, 국민은행에서 → 국민은행). Each token's term
 * sits at its position, with the surface word (lower-cased) at the same position when it differs, plus
 * `#tag` and `@handle` lexemes. Written with a `::tsvector` cast (no text-search configuration is
 * involved), so PGlite and PostgreSQL 15+ store the same thing; queries use `::tsquery` the same way.
 */
import { defaultTokenizer } from '../tokenizer/korean.js';
import type { Tokenizer } from '../tokenizer/port.js';
import { isKoreanSuffix } from './text-match.js';

const MAX_POS = 16_383;
const HANGUL_WORD = /^[\uac00-\ud7a3]{2,}$/;
const MAX_LEXEME_BYTES = 2_000;
const HASHTAG = /(?:^|[^\p{L}\p{N}_&#])#([\p{L}\p{N}_][\p{L}\p{N}_]*)/gu;
const MENTION = /(?:^|[^\p{L}\p{N}_.@])@([A-Za-z0-9_][A-Za-z0-9_.-]*(?:@[A-Za-z0-9.-]+)?)/gu;

/** Quotes one lexeme for a tsvector/tsquery literal. */
export function quoteLexeme(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export function hashtagsOf(text: string): string[] {
  return [...new Set([...text.matchAll(HASHTAG)].map((m) => m[1]!.normalize('NFC').toLowerCase()))];
}

export function mentionsOf(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map((m) => m[1]!.replace(/[.-]+$/, '').toLowerCase()))];
}

/** The text an item is matched and searched on: its title (e-mail subject, blog title) and text. */
export function documentText(title: string | null | undefined, text: string): string {
  return title ? `${title}\n${text}` : text;
}

const fits = (s: string) => s.length > 0 && Buffer.byteLength(s) <= MAX_LEXEME_BYTES;

/** The tsvector literal for a text (empty string for an empty document). */
export function searchVector(text: string, tokenizer: Tokenizer = defaultTokenizer): string {
  const byLexeme = new Map<string, number[]>();
  const add = (lex: string, pos: number) => {
    if (!fits(lex)) return;
    const list = byLexeme.get(lex);
    if (!list) byLexeme.set(lex, [pos]);
    else if (list[list.length - 1] !== pos && list.length < 256) list.push(pos);
  };
  const tokens = tokenizer.tokenize(text);
  let pos = 0;
  for (const t of tokens) {
    pos = Math.min(MAX_POS, pos + 1);
    add(t.term, pos);
    const surface = t.surface.normalize('NFC').toLowerCase();
    if (surface !== t.term) add(surface, pos);
    // Particles the tokenizer left on (국민은행이랑 → 국민은행), by the matcher's own word-end rule.
    if (HANGUL_WORD.test(t.term)) for (let k = t.term.length - 1; k >= 1; k--) if (isKoreanSuffix(t.term.slice(k))) add(t.term.slice(0, k), pos);
  }
  const end = Math.min(MAX_POS, pos + 1);
  for (const h of hashtagsOf(text)) add(`#${h}`, end);
  for (const m of mentionsOf(text)) add(`@${m}`, end);
  return [...byLexeme].map(([lex, ps]) => `${quoteLexeme(lex)}:${ps.join(',')}`).join(' ');
}

/** A tsquery literal for consecutive lexemes (`'a' <-> 'b'`); null when there are none. */
export function phraseQuery(lexemes: readonly string[]): string | null {
  const ok = lexemes.filter(fits);
  if (ok.length === 0 || ok.length !== lexemes.length) return null;
  return ok.map(quoteLexeme).join(' <-> ');
}
