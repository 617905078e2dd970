import { describe, expect, it } from 'vitest';
import { parseQuery, parseAndValidate, printQuery, QueryError, stripSpans, type QueryErrorCode, type QueryNode } from './query-parser.js';

const p = (q: string): QueryNode => stripSpans(parseQuery(q));
const show = (q: string): string => printQuery(parseQuery(q));

function fails(q: string, code: QueryErrorCode, position?: number, length?: number): QueryError {
  let caught: unknown;
  try {
    parseQuery(q);
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${q} to fail`).toBeInstanceOf(QueryError);
  const err = caught as QueryError;
  expect(err.code).toBe(code);
  if (position !== undefined) expect(err.position).toBe(position);
  if (length !== undefined) expect(err.length).toBe(length);
  return err;
}

describe('parseQuery: leaves', () => {
  it('reads a single Korean word as a term, lower-cased and NFC', () => {
    expect(p('국민은행')).toEqual({ type: 'term', value: '국민은행' });
    expect(p('KB')).toEqual({ type: 'term', value: 'kb' });
    // decomposed jamo (NFD) become the composed syllable
    expect(p('\u1100\u1161\u1103\u1173')).toEqual({ type: 'term', value: '가드' });
  });

  it('reads quoted phrases, folding inner whitespace and honouring \\" escapes', () => {
    expect(p('"신용카드   해지"')).toEqual({ type: 'phrase', value: '신용카드 해지' });
    expect(p('"say \\"hi\\""')).toEqual({ type: 'phrase', value: 'say "hi"' });
  });

  it('reads hashtags and mentions without their sigil', () => {
    expect(p('#국민은행')).toEqual({ type: 'hashtag', value: '국민은행' });
    expect(p('@KBStar')).toEqual({ type: 'mention', value: 'kbstar' });
    expect(p('@alice@mastodon.social')).toEqual({ type: 'mention', value: 'alice@mastodon.social' });
  });

  it('records the span of each leaf', () => {
    const ast = parseQuery('국민은행 "카드 해지"');
    expect(ast.type).toBe('and');
    if (ast.type !== 'and') return;
    expect([ast.children[0]!.pos, ast.children[0]!.len]).toEqual([0, 4]);
    expect([ast.children[1]!.pos, ast.children[1]!.len]).toEqual([5, 7]);
  });

  it('keeps URLs and times as terms rather than fields', () => {
    expect(p('https://kbstar.com')).toEqual({ type: 'term', value: 'https://kbstar.com' });
    expect(p('10:30')).toEqual({ type: 'term', value: '10:30' });
  });
});

describe('parseQuery: fields', () => {
  it('parses every field, case-insensitively, with canonical values', () => {
    expect(p('Sentiment:Negative')).toEqual({ type: 'field', field: 'sentiment', value: 'negative' });
    expect(p('intent:fraud')).toEqual({ type: 'field', field: 'intent', value: 'fraud' });
    expect(p('kind:dm')).toEqual({ type: 'field', field: 'kind', value: 'direct_message' });
    expect(p('lang:ko-KR')).toEqual({ type: 'field', field: 'lang', value: 'ko-kr' });
    expect(p('channel:YouTube')).toEqual({ type: 'field', field: 'channel', value: 'youtube' });
    expect(p('author:@KB_Star')).toEqual({ type: 'field', field: 'author', value: 'kb_star' });
    expect(p('author:"kb_star"')).toEqual({ type: 'field', field: 'author', value: 'kb_star' });
  });

  it('accepts Korean aliases for sentiment and intent', () => {
    expect(p('sentiment:부정')).toEqual({ type: 'field', field: 'sentiment', value: 'negative' });
    expect(p('intent:해지')).toEqual({ type: 'field', field: 'intent', value: 'churn' });
    expect(p('intent:민원')).toEqual({ type: 'field', field: 'intent', value: 'complaint' });
  });

  it('expands comma lists into an OR', () => {
    expect(p('intent:complaint,churn')).toEqual({
      type: 'or',
      children: [
        { type: 'field', field: 'intent', value: 'complaint' },
        { type: 'field', field: 'intent', value: 'churn' },
      ],
    });
  });

  it('parses follower comparisons, units and ranges', () => {
    expect(p('followers:>1000')).toEqual({ type: 'followers', cmp: '>', value: 1000 });
    expect(p('followers:>=1만')).toEqual({ type: 'followers', cmp: '>=', value: 10000 });
    expect(p('followers:<2.5k')).toEqual({ type: 'followers', cmp: '<', value: 2500 });
    expect(p('followers:1,000')).toEqual({ type: 'followers', cmp: '>=', value: 1000 });
    expect(p('followers:100..5000')).toEqual({ type: 'followers', cmp: '..', value: 100, to: 5000 });
    // Past what the store holds (32-bit): refused at parse time, not by a failing backfill.
    expect(p('followers:<=2,000,000,000')).toEqual({ type: 'followers', cmp: '<=', value: 2_000_000_000 });
    for (const q of ['followers:>=99999999999999999999999', 'followers:>2000000001', 'followers:1..3000000000', 'followers:>=300000만']) expect(() => parseQuery(q), q).toThrow(/at most 2,000,000,000/);
    expect(p('followers:=0')).toEqual({ type: 'followers', cmp: '=', value: 0 });
  });

  it('checks channel names against a known list when one is given', () => {
    expect(() => parseQuery('channel:tiktok', { channels: ['x', 'youtube'] })).toThrow(/unknown channel 'tiktok'; use x or youtube/);
    expect(stripSpans(parseQuery('channel:x', { channels: ['x'] }))).toEqual({ type: 'field', field: 'channel', value: 'x' });
  });
});

describe('parseQuery: operators and precedence', () => {
  it('treats adjacent terms as AND and flattens', () => {
    expect(show('국민은행 카드 해지')).toBe('국민은행 AND 카드 AND 해지');
    expect(show('a (b c)')).toBe('a AND b AND c');
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    expect(show('a b OR c')).toBe('(a AND b) OR c');
    expect(show('a OR b c')).toBe('a OR (b AND c)');
    expect(show('NOT a b')).toBe('NOT a AND b');
    expect(show('a (b OR c)')).toBe('a AND (b OR c)');
  });

  it('accepts lower-case operators and the symbols && || ! -', () => {
    expect(show('a and b or not c')).toBe('(a AND b) OR NOT c');
    expect(show('a&&b||!c')).toBe('(a AND b) OR NOT c');
    expect(show('국민은행 -채용 -"고객센터 번호"')).toBe('국민은행 AND NOT 채용 AND NOT "고객센터 번호"');
    expect(show('! 카드')).toBe('NOT 카드');
    expect(show('--a')).toBe('NOT NOT a');
  });

  it('keeps a hyphen inside a word, and quotes make operators searchable', () => {
    expect(p('e-mail')).toEqual({ type: 'term', value: 'e-mail' });
    expect(p('"not"')).toEqual({ type: 'phrase', value: 'not' });
  });

  it('gives composite nodes a span covering their children', () => {
    const ast = parseQuery('  a OR NOT b');
    expect([ast.pos, ast.len]).toEqual([2, 10]);
  });
});

describe('parseQuery: errors', () => {
  it('rejects an empty or blank query', () => {
    fails('', 'EMPTY_QUERY', 0, 0);
    fails('   ', 'EMPTY_QUERY', 0, 3);
  });

  it('points at the unmatched opening parenthesis', () => {
    const err = fails('국민은행 AND (카드', 'UNBALANCED_PAREN', 9, 1);
    expect(err.message).toBe('missing closing parenthesis');
    fails('((a)', 'UNBALANCED_PAREN', 0, 1);
    fails('(a OR (b)', 'UNBALANCED_PAREN', 0, 1);
  });

  it('points at a stray closing parenthesis', () => {
    fails('a) OR (b', 'UNBALANCED_PAREN', 1, 1);
    fails(')', 'UNBALANCED_PAREN', 0, 1);
  });

  it('rejects empty parentheses', () => {
    fails('a ()', 'EMPTY_GROUP', 2, 2);
    fails('( )', 'EMPTY_GROUP', 0, 3);
  });

  it('rejects dangling operators, pointing at the operator', () => {
    expect(fails('카드 AND', 'DANGLING_OPERATOR', 3, 3).message).toBe("'AND' needs a term after it");
    expect(fails('OR 카드', 'DANGLING_OPERATOR', 0, 2).message).toBe("'OR' needs a term before it");
    fails('카드 AND OR 은행', 'DANGLING_OPERATOR', 3, 3);
    fails('카드 OR OR 은행', 'DANGLING_OPERATOR', 3, 2);
    fails('카드 NOT', 'DANGLING_OPERATOR', 3, 3);
    fails('(a OR)', 'DANGLING_OPERATOR', 3, 2);
    fails('a ||', 'DANGLING_OPERATOR', 2, 2);
    fails('a !', 'DANGLING_OPERATOR', 2, 1);
    expect(fails('국민은행 - 채용', 'DANGLING_OPERATOR', 5, 1).message).toMatch(/right before a term/);
    fails('a -', 'DANGLING_OPERATOR', 2, 1);
  });

  it('rejects unterminated quotes, pointing at the opening quote', () => {
    fails('국민은행 "카드 해지', 'UNTERMINATED_QUOTE', 5, 1);
    fails('author:"kb', 'UNTERMINATED_QUOTE', 7, 1);
    fails('"a \\"', 'UNTERMINATED_QUOTE', 0, 1);
  });

  it('rejects unknown fields with a suggestion', () => {
    const err = fails('국민은행 foo:bar', 'UNKNOWN_FIELD', 5, 4);
    expect(err.message).toMatch(/unknown field 'foo:'/);
    expect(err.message).toMatch(/put it in quotes/);
    expect(fails('sentimnet:negative', 'UNKNOWN_FIELD').message).toMatch(/did you mean 'sentiment:'/);
  });

  it('rejects bad field values, pointing at the value', () => {
    expect(fails('sentiment:angry', 'BAD_FIELD_VALUE', 10, 5).message).toBe("'angry' is not a valid sentiment; use negative, neutral or positive");
    fails('intent:refund', 'BAD_FIELD_VALUE', 7, 6);
    fails('kind:story', 'BAD_FIELD_VALUE');
    fails('lang:korean', 'BAD_FIELD_VALUE');
    fails('channel:x!', 'BAD_FIELD_VALUE');
    fails('followers:lots', 'BAD_FIELD_VALUE', 10, 4);
    fails('followers:500..100', 'BAD_FIELD_VALUE');
    fails('intent:complaint,,churn', 'BAD_FIELD_VALUE', 17, 1);
    expect(fails('intent:complaint,angry', 'BAD_FIELD_VALUE', 17, 5).message).toMatch(/'angry'/);
    expect(fails('sentiment:', 'BAD_FIELD_VALUE', 0, 10).message).toBe("missing value after 'sentiment:'");
  });

  it('rejects words with nothing searchable and malformed tags', () => {
    fails('...', 'INVALID_TERM', 0, 3);
    fails('""', 'INVALID_TERM', 0, 2);
    fails('# 국민은행', 'INVALID_TERM', 0, 1);
    fails('#국민-은행', 'INVALID_TERM');
    fails('@', 'INVALID_TERM');
  });

  it('limits length and nesting before doing any work', () => {
    fails('a'.repeat(2001), 'TOO_LONG', 2000, 1);
    fails(`${'('.repeat(100)}a${')'.repeat(100)}`, 'TOO_DEEP');
    fails(`${'NOT '.repeat(100)}a`, 'TOO_DEEP');
    expect(() => parseQuery('a'.repeat(50), { maxLength: 10 })).toThrow(QueryError);
  });

  it('parseAndValidate throws the validator error', () => {
    expect(() => parseAndValidate('NOT 채용')).toThrow(/matches almost everything/);
    expect(stripSpans(parseAndValidate('국민은행 NOT 채용'))).toEqual(p('국민은행 NOT 채용'));
  });
});

describe('QueryError.render', () => {
  it('draws a caret under the offending token, aligned for double-width Hangul', () => {
    const q = '국민은행 AND (카드';
    const err = fails(q, 'UNBALANCED_PAREN');
    // 국민은행 is 8 columns wide, then " AND " is 5
    expect(err.render(q)).toBe(`  ${q}\n  ${' '.repeat(13)}^ missing closing parenthesis`);
  });

  it('underlines the whole token with tildes', () => {
    const q = 'sentiment:angry';
    expect(fails(q, 'BAD_FIELD_VALUE').render(q, 0)).toBe(`${q}\n          ^~~~~ 'angry' is not a valid sentiment; use negative, neutral or positive`);
    const k = '카드 sentiment:화남';
    expect(fails(k, 'BAD_FIELD_VALUE').render(k, 0).split('\n')[1]).toBe(`${' '.repeat(15)}^~~~ '화남' is not a valid sentiment; use negative, neutral or positive`);
  });

  it('shows newlines and tabs as spaces so the caret stays aligned', () => {
    const q = '카드\tAND\n';
    const err = fails(q, 'DANGLING_OPERATOR');
    expect(err.render(q, 0)).toBe(`카드 AND \n     ^~~ 'AND' needs a term after it`);
  });

  it('renders a caret for an empty query', () => {
    expect(fails('', 'EMPTY_QUERY').render('')).toBe('  \n  ^ the query is empty: type at least one word');
  });
});
