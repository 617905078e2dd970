import { describe, expect, it } from 'vitest';
import { countLeaves, parseQuery, printQuery, queryDepth, stripSpans, validateQuery, type QueryNode } from './query-parser.js';

const parse = (q: string): QueryNode => stripSpans(parseQuery(q));
const codes = (q: string, o = {}): string[] => validateQuery(parseQuery(q), o).map((e) => e.code);

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TERMS = ['국민은행', '카드', 'kb', 'e-mail', 'https://kbstar.com', '10:30', 'ㅠㅠ', '3,000원', 'app!', '해지했어요'];
const PHRASES = ['신용카드 해지', 'say "hi"', 'a\\b', 'and', '(괄호)', '#not a tag'];

/** Random trees shaped like the parser's output (flattened, canonical values). */
function randomTree(r: () => number, depth: number, parent?: 'and' | 'or'): QueryNode {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const roll = r();
  if (depth > 0 && roll < 0.35) {
    const type = parent === 'and' ? 'or' : parent === 'or' ? 'and' : pick(['and', 'or'] as const);
    const n = 2 + Math.floor(r() * 3);
    return { type, children: Array.from({ length: n }, () => randomTree(r, depth - 1, type)) };
  }
  if (depth > 0 && roll < 0.45) return { type: 'not', child: randomTree(r, depth - 1) };
  switch (Math.floor(r() * 7)) {
    case 0:
      return { type: 'phrase', value: pick(PHRASES) };
    case 1:
      return { type: 'hashtag', value: pick(['국민은행', 'kb_star', '카드123']) };
    case 2:
      return { type: 'mention', value: pick(['kbstar', 'alice@mastodon.social', 'kb.bank']) };
    case 3:
      return { type: 'field', field: 'sentiment', value: pick(['negative', 'neutral', 'positive']) };
    case 4:
      return pick<QueryNode>([
        { type: 'field', field: 'lang', value: pick(['ko', 'en-us']) },
        { type: 'field', field: 'channel', value: pick(['x', 'youtube']) },
        { type: 'field', field: 'author', value: pick(['kb_star', 'alice@mastodon.social']) },
        { type: 'field', field: 'intent', value: pick(['churn', 'fraud']) },
        { type: 'field', field: 'kind', value: pick(['direct_message', 'review']) },
      ]);
    case 5:
      return r() < 0.5 ? { type: 'followers', cmp: pick(['>', '>=', '<', '<=', '='] as const), value: Math.floor(r() * 100000) } : { type: 'followers', cmp: '..', value: 10, to: 10 + Math.floor(r() * 1000) };
    default:
      return { type: 'term', value: pick(TERMS) };
  }
}

describe('printQuery', () => {
  it('prints the canonical form: upper-case operators, explicit AND, aliases resolved', () => {
    expect(printQuery(parseQuery('국민은행 카드 or 은행 -채용'))).toBe('(국민은행 AND 카드) OR (은행 AND NOT 채용)');
    expect(printQuery(parseQuery('sentiment:부정 kind:dm followers:1만'))).toBe('sentiment:negative AND kind:direct_message AND followers:>=10000');
    expect(printQuery(parseQuery('NOT (a OR b)'))).toBe('NOT (a OR b)');
    expect(printQuery(parseQuery('#국민은행 @KBStar "say \\"hi\\""'))).toBe('#국민은행 AND @kbstar AND "say \\"hi\\""');
    expect(printQuery(parseQuery('followers:100..5000'))).toBe('followers:100..5000');
  });

  it('quotes hand-built terms that would otherwise read back as syntax', () => {
    for (const value of ['and', 'OR', '-채용', '!x', '#tag', '@me', 'sentiment:x', 'foo:bar', 'two words', 'a"b', 'a&&b', '(x)']) {
      const printed = printQuery({ type: 'term', value });
      expect(printed.startsWith('"'), printed).toBe(true);
      expect(parse(printed)).toEqual({ type: 'phrase', value: value.toLowerCase() });
    }
    expect(printQuery({ type: 'field', field: 'author', value: 'a b' })).toBe('author:"a b"');
  });

  it('round-trips: parse(print(tree)) equals the tree, for 500 random trees', () => {
    const r = rng(42);
    for (let i = 0; i < 500; i++) {
      const tree = randomTree(r, 4);
      const text = printQuery(tree);
      expect(parse(text), text).toEqual(tree);
      expect(printQuery(parseQuery(text))).toBe(text);
    }
  });

  it('is idempotent on messy input', () => {
    for (const q of ['a  b||c', '((a))', '-"x y" #t @u', 'intent:불만,해지 lang:KO', '!!a']) {
      const once = printQuery(parseQuery(q));
      expect(printQuery(parseQuery(once))).toBe(once);
    }
  });
});

describe('stripSpans, queryDepth, countLeaves', () => {
  it('removes spans everywhere', () => {
    expect(JSON.stringify(stripSpans(parseQuery('a (b OR NOT c)')))).not.toMatch(/"pos"|"len"/);
  });

  it('counts depth and leaves', () => {
    expect(queryDepth(parseQuery('국민은행'))).toBe(1);
    expect(queryDepth(parseQuery('국민은행 카드'))).toBe(2);
    expect(queryDepth(parseQuery('a (b OR NOT c)'))).toBe(4);
    expect(countLeaves(parseQuery('a (b OR NOT c) intent:complaint,churn'))).toBe(5);
  });
});

describe('validateQuery', () => {
  it('accepts ordinary queries', () => {
    expect(codes('국민은행 (카드 OR 대출) -채용 sentiment:negative')).toEqual([]);
    expect(codes('sentiment:negative channel:x')).toEqual([]);
  });

  it('limits depth, pointing at the first node too deep', () => {
    const q = 'a (b OR (c (d OR NOT e)))';
    expect(queryDepth(parseQuery(q))).toBe(6);
    expect(codes(q, { maxDepth: 6 })).toEqual([]);
    const [err] = validateQuery(parseQuery(q), { maxDepth: 5 });
    expect(err?.code).toBe('TOO_DEEP');
    expect(q.slice(err!.position, err!.position + err!.length)).toBe('e');
    expect(codes(`${'('.repeat(12)}a b${')'.repeat(12)}`)).toEqual([]); // redundant parentheses add no depth
  });

  it('limits the number of terms, pointing at the first one over', () => {
    const q = Array.from({ length: 51 }, (_, i) => `t${i}`).join(' OR ');
    const [err] = validateQuery(parseQuery(q));
    expect(err?.code).toBe('TOO_MANY_TERMS');
    expect(err?.message).toBe('the query has 51 terms; at most 50 are allowed');
    expect(q.slice(err!.position, err!.position + err!.length)).toBe('t50');
    expect(codes('a b c', { maxTerms: 3 })).toEqual([]);
    expect(codes('a b c d', { maxTerms: 3 })).toEqual(['TOO_MANY_TERMS']);
  });

  it('rejects queries that match almost everything', () => {
    expect(codes('NOT 채용')).toEqual(['NO_POSITIVE_TERM']);
    expect(codes('-채용 -광고')).toEqual(['NO_POSITIVE_TERM']);
    expect(codes('국민은행 OR NOT 채용')).toEqual(['NO_POSITIVE_TERM']);
    expect(codes('NOT NOT 국민은행')).toEqual(['NO_POSITIVE_TERM']);
    expect(codes('국민은행 OR (카드 -채용)')).toEqual([]);
    expect(codes('NOT 채용', { requirePositive: false })).toEqual([]);
  });

  it('can require a text term, not only field filters', () => {
    expect(codes('sentiment:negative', { requireText: true })).toEqual(['NO_POSITIVE_TERM']);
    expect(codes('sentiment:negative 카드', { requireText: true })).toEqual([]);
    expect(codes('#국민은행 OR sentiment:negative', { requireText: true })).toEqual(['NO_POSITIVE_TERM']);
  });

  it('reports several problems at once', () => {
    expect(codes('NOT (a OR b OR c)', { maxTerms: 2, maxDepth: 2 })).toEqual(['TOO_DEEP', 'TOO_MANY_TERMS', 'NO_POSITIVE_TERM']);
  });
});
