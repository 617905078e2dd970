/**
 * Listening queries: the syntax tree, the field vocabulary and QueryError (with a caret renderer).
 * Pure: no I/O. The parser lives in query-parser.ts, the printer and validator in query-printer.ts.
 */

/** Where a node or error sits in the query text: UTF-16 offset and length (what String#slice uses). */
import { ITEM_KINDS, type ItemKind } from '../../../channels/port.js';
export interface Span {
  pos?: number;
  len?: number;
}

export type SentimentValue = 'negative' | 'neutral' | 'positive';
export type IntentValue = 'complaint' | 'inquiry' | 'praise' | 'purchase' | 'churn' | 'fraud';
export type KindValue = ItemKind;

/** Fields with a single string value; `followers:` has its own node. */
export type ValueField = 'author' | 'lang' | 'channel' | 'kind' | 'sentiment' | 'intent';
export type FieldName = ValueField | 'followers';
export const FIELD_NAMES: readonly FieldName[] = ['author', 'lang', 'channel', 'kind', 'sentiment', 'intent', 'followers'];

/** A word: matched against the item's tokens (particles stripped) and, as a fallback, its raw text. */
export interface TermNode extends Span {
  type: 'term';
  /** NFC, lower-cased, as typed (not stripped of particles: the matcher normalises it). */
  value: string;
}
/** `"신용카드 해지"`: consecutive tokens, or the raw text anchored like a term. */
export interface PhraseNode extends Span {
  type: 'phrase';
  value: string;
}
/** `#국민은행`: value without `#`, lower-cased. */
export interface HashtagNode extends Span {
  type: 'hashtag';
  value: string;
}
/** `@kbstar`: value without the leading `@`, lower-cased. */
export interface MentionNode extends Span {
  type: 'mention';
  value: string;
}
export interface FieldNode extends Span {
  type: 'field';
  field: ValueField;
  /** Canonical value: lower-case; aliases (부정, dm, …) resolved. */
  value: string;
}
export type FollowersCmp = '>' | '>=' | '<' | '<=' | '=' | '..';
export interface FollowersNode extends Span {
  type: 'followers';
  cmp: FollowersCmp;
  value: number;
  /** Upper bound of a range `followers:1000..5000` (cmp '..'), inclusive. */
  to?: number;
}
export interface NotNode extends Span {
  type: 'not';
  child: QueryNode;
}
export interface AndNode extends Span {
  type: 'and';
  /** Two or more; nested ANDs are flattened by the parser. */
  children: QueryNode[];
}
export interface OrNode extends Span {
  type: 'or';
  children: QueryNode[];
}

export type LeafNode = TermNode | PhraseNode | HashtagNode | MentionNode | FieldNode | FollowersNode;
export type QueryNode = LeafNode | NotNode | AndNode | OrNode;

export const SENTIMENTS: readonly SentimentValue[] = ['negative', 'neutral', 'positive'];
export const INTENTS: readonly IntentValue[] = ['complaint', 'inquiry', 'praise', 'purchase', 'churn', 'fraud'];
export const KINDS: readonly KindValue[] = ITEM_KINDS;

/** Accepted spellings for enumerated fields; the printer always writes the canonical English value. */
export const VALUE_ALIASES: Readonly<Record<'sentiment' | 'intent' | 'kind', Readonly<Record<string, string>>>> = {
  sentiment: { neg: 'negative', pos: 'positive', 부정: 'negative', 중립: 'neutral', 긍정: 'positive' },
  intent: {
    불만: 'complaint',
    민원: 'complaint',
    문의: 'inquiry',
    칭찬: 'praise',
    구매: 'purchase',
    가입: 'purchase',
    해지: 'churn',
    이탈: 'churn',
    사기: 'fraud',
  },
  kind: { dm: 'direct_message' },
};

/** Inclusive integer bounds of a followers filter (null: unbounded). */
export function followersBounds(node: FollowersNode): { min: number | null; max: number | null } {
  const v = node.value;
  switch (node.cmp) {
    case '>':
      return { min: Math.floor(v) + 1, max: null };
    case '>=':
      return { min: Math.ceil(v), max: null };
    case '<':
      return { min: null, max: Math.ceil(v) - 1 };
    case '<=':
      return { min: null, max: Math.floor(v) };
    case '=':
      return { min: v, max: v };
    case '..':
      return { min: Math.ceil(v), max: Math.floor(node.to ?? v) };
  }
}

export type QueryErrorCode =
  | 'EMPTY_QUERY'
  | 'TOO_LONG'
  | 'UNBALANCED_PAREN'
  | 'EMPTY_GROUP'
  | 'DANGLING_OPERATOR'
  | 'UNTERMINATED_QUOTE'
  | 'UNKNOWN_FIELD'
  | 'BAD_FIELD_VALUE'
  | 'INVALID_TERM'
  | 'TOO_DEEP'
  | 'TOO_MANY_TERMS'
  | 'NO_POSITIVE_TERM';

/**
 * A problem in a query, pointing at the offending token: `position` is its 0-based UTF-16 offset
 * (String#slice units; the same as characters for Korean text), `length` its length (≥ 1 unless the
 * query is empty). `code` is stable for UI translations; `message` is English.
 */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(
    readonly code: QueryErrorCode,
    message: string,
    readonly position: number,
    readonly length: number,
  ) {
    super(message);
  }

  /** The query with a caret line under the offending token (see renderQueryError). */
  render(query: string, indent = 2): string {
    return renderQueryError(query, this, indent);
  }
}

/**
 * Terminal width of a code point: 2 for Hangul, CJK and full-width forms, 0 for combining marks and
 * zero-width joiners/selectors, 1 otherwise. Used so the caret lines up under Korean text.
 */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x300 && c <= 0x36f) || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f)) continue;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || // Hangul Jamo (leading consonants)
      (c >= 0x2e80 && c <= 0x303e) || // CJK radicals, punctuation
      (c >= 0x3041 && c <= 0x33ff) || // Kana, compatibility jamo, CJK symbols
      (c >= 0x3400 && c <= 0x4dbf) ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xa960 && c <= 0xa97f) ||
      (c >= 0xac00 && c <= 0xd7a3) || // Hangul syllables
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) || // full-width forms
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1faff) || // emoji
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

/**
 * Two lines: the query (tabs and newlines shown as spaces) and a caret under the offending token,
 * followed by the message:
 *
 *     국민은행 AND (카드
 *                  ^ missing closing parenthesis
 *
 * The caret is `^` followed by `~` for the rest of the token's width.
 */
export function renderQueryError(query: string, error: Pick<QueryError, 'position' | 'length' | 'message'>, indent = 2): string {
  const shown = query.replace(/[\t\r\n]/g, ' ');
  const pos = Math.max(0, Math.min(error.position, shown.length));
  const end = Math.max(pos, Math.min(pos + error.length, shown.length));
  const pad = ' '.repeat(indent);
  const before = displayWidth(shown.slice(0, pos));
  const width = Math.max(1, displayWidth(shown.slice(pos, end)));
  return `${pad}${shown}\n${pad}${' '.repeat(before)}^${'~'.repeat(width - 1)} ${error.message}`;
}
