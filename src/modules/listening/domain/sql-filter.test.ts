import { describe, expect, it } from 'vitest';
import { defaultTokenizer } from '../../../nlp/index.js';
import { compileQuery, sqlFilterAdmits, toSqlFilter, type MatchItem, type SqlFilter } from './matcher.js';
import { parseQuery } from './query-parser.js';

const f = (q: string): SqlFilter => toSqlFilter(parseQuery(q));

describe('toSqlFilter', () => {
  it('pushes down field filters under AND', () => {
    const filter = f('국민은행 channel:x lang:ko sentiment:negative kind:review author:@KB followers:>1000 intent:complaint');
    expect(filter).toMatchObject({
      matchesNothing: false,
      channels: ['x'],
      langs: ['ko'],
      sentiments: ['negative'],
      kinds: ['review'],
      authors: ['kb'],
      followers: { min: 1001, max: null },
      intents: [['complaint']],
    });
    expect(filter.text).toEqual([[{ type: 'term', value: '국민은행', tokens: ['국민은행'], needles: ['국민은행'] }]]);
  });

  it('leaves everything open for a term-only query', () => {
    expect(f('국민은행에서')).toEqual({
      matchesNothing: false,
      channels: null,
      langs: null,
      sentiments: null,
      kinds: null,
      authors: null,
      followers: null,
      intents: [],
      text: [[{ type: 'term', value: '국민은행에서', tokens: ['국민은행'], needles: ['국민은행에서', '국민은행'] }]],
    });
  });

  it('intersects under AND and detects impossible queries', () => {
    expect(f('카드 channel:x channel:youtube').matchesNothing).toBe(true);
    expect(f('카드 followers:>1000 followers:<500').matchesNothing).toBe(true);
    expect(f('카드 followers:>1000 followers:<=5000').followers).toEqual({ min: 1001, max: 5000 });
    expect(f('카드 lang:ko lang:ko-kr').langs).toEqual(['ko-kr']);
    expect(f('카드 lang:ko lang:en').matchesNothing).toBe(true);
    expect(f('카드 (channel:x OR channel:youtube) channel:x').channels).toEqual(['x']);
  });

  it('keeps both intents of an AND (items carry several intents)', () => {
    const filter = f('카드 intent:complaint intent:churn');
    expect(filter.matchesNothing).toBe(false);
    expect(filter.intents).toEqual([['complaint'], ['churn']]);
  });

  it('unions under OR only what every branch constrains', () => {
    const filter = f('(국민은행 channel:x) OR (#kb channel:youtube) OR (@kbstar channel:x sentiment:negative)');
    expect(filter.channels).toEqual(['x', 'youtube']);
    expect(filter.sentiments).toBeNull();
    expect(filter.text).toHaveLength(1);
    expect(filter.text[0]!.map((a) => `${a.type}:${a.value}`)).toEqual(['term:국민은행', 'hashtag:kb', 'mention:kbstar']);
    expect(f('국민은행 OR sentiment:negative').text).toEqual([]);
    expect(f('(카드 followers:>100) OR (은행 followers:10..50)').followers).toEqual({ min: 10, max: null });
    expect(f('(카드 followers:>100) OR 은행').followers).toBeNull();
  });

  it('distributes OR over AND into a small CNF', () => {
    const filter = f('(a b) OR c');
    expect(filter.text.map((g) => g.map((t) => t.value))).toEqual([
      ['a', 'c'],
      ['b', 'c'],
    ]);
  });

  it('caps the CNF by keeping one group per branch', () => {
    const filter = f('(a b c) OR (d e f) OR (g h i)');
    expect(filter.text).toHaveLength(1);
    expect(filter.text[0]!.map((t) => t.value)).toEqual(['a', 'd', 'g']);
  });

  it('drops impossible OR branches', () => {
    const filter = f('(카드 channel:x channel:y) OR (은행 channel:youtube)');
    expect(filter.matchesNothing).toBe(false);
    expect(filter.channels).toEqual(['youtube']);
    expect(filter.text.map((g) => g.map((t) => t.value))).toEqual([['은행']]);
    expect(f('(카드 channel:x channel:y) OR (은행 lang:ko lang:en)').matchesNothing).toBe(true);
  });

  it('never pushes down NOT', () => {
    expect(f('카드 NOT channel:x NOT sentiment:positive -채용')).toMatchObject({ channels: null, sentiments: null, text: [[{ value: '카드' }]] });
  });

  it('describes phrases with their tokens and folded text', () => {
    expect(f('"신용카드를   해지"').text).toEqual([[{ type: 'phrase', value: '신용카드를 해지', tokens: ['신용카드', '해지'], needles: ['신용카드를 해지'] }]]);
  });
});

describe('sqlFilterAdmits: the filter never loses a match', () => {
  function rng(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const WORDS = ['국민은행', '국민은행이', '은행', '카드', '카드사', '해지했어요', 'KB국민카드', 'card', 'charges', '"신용카드 해지"', '#kb', '@kbstar'];
  const FIELDS = ['channel:x', 'channel:youtube', 'lang:ko', 'lang:en', 'sentiment:negative', 'sentiment:positive', 'intent:complaint', 'intent:churn', 'kind:post', 'followers:>100', 'followers:<=500', 'author:kb'];
  const TEXTS = ['국민은행이 또 먹통', 'KB국민카드에서 신용카드 해지했어요', '카드사 수수료', '은행에서 charges', 'card blocked', '국민은행이랑은 끝', '신한은행 최고'];

  function randomQuery(r: () => number, depth: number): string {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const roll = r();
    if (depth > 0 && roll < 0.3) return `(${randomQuery(r, depth - 1)} ${pick(['AND', 'OR'])} ${randomQuery(r, depth - 1)})`;
    if (depth > 0 && roll < 0.4) return `NOT ${randomQuery(r, depth - 1)}`;
    return r() < 0.6 ? pick(WORDS) : pick(FIELDS);
  }

  function randomItem(r: () => number): MatchItem {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const text = pick(TEXTS);
    return {
      text,
      tokens: r() < 0.8 ? defaultTokenizer.terms(text) : [],
      hashtags: r() < 0.3 ? ['#KB'] : [],
      mentions: r() < 0.3 ? ['KBStar'] : [],
      author: { handle: pick(['kb', 'KB', '@kb', 'other', null]), followers: pick([null, 50, 100, 101, 500, 501]) },
      lang: pick(['ko', 'ko-KR', 'en', null]),
      channel: pick(['x', 'youtube', 'X']),
      kind: pick(['post', 'comment']),
      sentiment: pick(['negative', 'positive', null]),
      intents: pick([[], ['complaint'], ['complaint', 'churn']]),
    };
  }

  it('admits every item the matcher accepts (2,000 random query × 40 items)', () => {
    const r = rng(7);
    const items = Array.from({ length: 40 }, () => randomItem(r));
    let accepted = 0;
    let pruned = 0;
    for (let i = 0; i < 2000; i++) {
      const q = randomQuery(r, 3);
      const ast = parseQuery(q);
      const pred = compileQuery(ast);
      const filter = toSqlFilter(ast);
      for (const it of items) {
        const admitted = sqlFilterAdmits(filter, it);
        if (pred(it)) {
          accepted++;
          expect(admitted, `${q} lost ${JSON.stringify(it)}`).toBe(true);
        } else if (!admitted) {
          pruned++;
        }
      }
    }
    expect(accepted).toBeGreaterThan(1000);
    expect(pruned).toBeGreaterThan(10000); // and it does prune
  });
});
