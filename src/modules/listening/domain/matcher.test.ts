import { describe, expect, it } from 'vitest';
import { defaultTokenizer } from '../../../nlp/index.js';
import type { Tokenizer } from '../../../nlp/index.js';
import { compileQuery, extractTerms, matchQuery, type MatchItem } from './matcher.js';
import { parseQuery } from './query-parser.js';

function item(text: string, extra: Partial<MatchItem> = {}): MatchItem {
  return {
    text,
    tokens: defaultTokenizer.terms(text),
    hashtags: [],
    mentions: [],
    author: { handle: 'customer1', followers: 120 },
    lang: 'ko',
    channel: 'x',
    kind: 'post',
    sentiment: 'negative',
    intents: ['complaint'],
    ...extra,
  };
}

const matches = (query: string, it: MatchItem): boolean => matchQuery(parseQuery(query), it);

describe('terms', () => {
  it('match tokens, so particles in the text do not matter', () => {
    expect(matches('국민은행', item('국민은행에서 카드 해지했어요'))).toBe(true);
    expect(matches('국민은행', item('국민은행이 또 먹통'))).toBe(true);
    expect(matches('해지', item('카드 해지했어요'))).toBe(true);
  });

  it('are normalised like the text, so particles in the query do not matter either', () => {
    expect(matches('국민은행에서', item('국민은행이 또 먹통'))).toBe(true);
    expect(matches('카드를', item('카드가 정지됐어요'))).toBe(true);
  });

  it('stem English like the tokenizer', () => {
    expect(matches('charges', item('They charged me twice', { lang: 'en' }))).toBe(true);
    expect(matches('CARD', item('my cards are blocked'))).toBe(true);
  });

  it('do not match inside a longer Korean word', () => {
    expect(matches('은행', item('국민은행에서 연락 옴'))).toBe(false);
    expect(matches('은행', item('은행에서 연락 옴'))).toBe(true);
    expect(matches('카드', item('카드사에서 연락 옴'))).toBe(false);
  });

  it('fall back to the raw text when tokens are missing (particle list)', () => {
    const bare = (text: string): MatchItem => item(text, { tokens: [] });
    expect(matches('국민은행', bare('국민은행이 또 먹통'))).toBe(true);
    expect(matches('국민은행', bare('KB국민은행에서는'))).toBe(true);
    expect(matches('국민은행에서', bare('국민은행이랑은 끝'))).toBe(true);
    expect(matches('은행', bare('국민은행이 또 먹통'))).toBe(false);
    expect(matches('카드', bare('카드론 금리'))).toBe(false);
  });

  it('catch stacked particles the tokenizer leaves on, through the raw fallback', () => {
    const it = item('국민은행이랑은 다시는 거래 안 해요');
    expect(it.tokens[0]).toBe('국민은행이랑'); // the tokenizer strips one particle only
    expect(matches('국민은행', it)).toBe(true);
  });

  it('split by the tokenizer must appear as consecutive tokens', () => {
    expect(matches('KB국민카드', item('KB국민카드에서 결제 오류'))).toBe(true);
    expect(matches('KB국민카드', item('KB 국민카드 결제 오류'))).toBe(true);
    expect(matches('KB국민카드', item('국민카드 말고 KB증권'))).toBe(false);
  });
});

describe('phrases', () => {
  it('match consecutive tokens whatever the particles', () => {
    expect(matches('"신용카드 해지"', item('신용카드를 해지하려고 하는데요'))).toBe(true);
    expect(matches('"신용카드 해지"', item('해지 안 되는 신용카드'))).toBe(false);
  });

  it('match the raw text anchored like a term', () => {
    expect(matches('"카드 해지"', item('신용카드 해지'))).toBe(false);
    expect(matches('"card was blocked"', item('My card was blocked!', { tokens: [] }))).toBe(true);
  });
});

describe('hashtags and mentions', () => {
  it('match exactly and case-insensitively, with or without the sigil in the item', () => {
    expect(matches('#국민은행', item('...', { hashtags: ['#국민은행'] }))).toBe(true);
    expect(matches('#KB', item('...', { hashtags: ['kb'] }))).toBe(true);
    expect(matches('#국민은행', item('...', { hashtags: ['국민은행최고'] }))).toBe(false);
    expect(matches('@kbstar', item('...', { mentions: ['@KBStar'] }))).toBe(true);
    expect(matches('@kb', item('...', { mentions: ['@kbstar'] }))).toBe(false);
  });

  it('do not match plain text, while a plain term does match hashtag text', () => {
    expect(matches('#국민은행', item('#국민은행 최고'))).toBe(false);
    expect(matches('국민은행', item('#국민은행 최고', { hashtags: ['국민은행'] }))).toBe(true);
  });
});

describe('fields', () => {
  it('author matches the handle exactly, case-insensitively', () => {
    expect(matches('author:Customer1', item('x'))).toBe(true);
    expect(matches('author:customer', item('x'))).toBe(false);
    expect(matches('author:x', item('x', { author: { handle: null } }))).toBe(false);
  });

  it('lang matches the primary subtag', () => {
    expect(matches('lang:ko', item('x', { lang: 'ko-KR' }))).toBe(true);
    expect(matches('lang:ko-kr', item('x', { lang: 'ko' }))).toBe(false);
    expect(matches('lang:ko', item('x', { lang: 'kok' }))).toBe(false);
    expect(matches('lang:ko', item('x', { lang: null }))).toBe(false);
  });

  it('channel, kind, sentiment and intent compare canonical values', () => {
    const it = item('x', { channel: 'YouTube', kind: 'direct_message', sentiment: 'neutral', intents: ['inquiry', 'churn'] });
    expect(matches('channel:youtube kind:dm sentiment:중립 intent:해지', it)).toBe(true);
    expect(matches('intent:fraud', it)).toBe(false);
    expect(matches('sentiment:negative', item('x', { sentiment: null }))).toBe(false);
    expect(matches('sentiment:negative,neutral', it)).toBe(true);
  });

  it('followers compare inclusive bounds; an unknown count matches no followers filter', () => {
    const withF = (followers: number | null): MatchItem => item('x', { author: { handle: 'a', followers } });
    expect(matches('followers:>1000', withF(1000))).toBe(false);
    expect(matches('followers:>1000', withF(1001))).toBe(true);
    expect(matches('followers:>=1k', withF(1000))).toBe(true);
    expect(matches('followers:<10', withF(9))).toBe(true);
    expect(matches('followers:<=10', withF(11))).toBe(false);
    expect(matches('followers:100..200', withF(200))).toBe(true);
    expect(matches('followers:100..200', withF(201))).toBe(false);
    expect(matches('followers:>=0', withF(null))).toBe(false);
    expect(matches('NOT followers:>1000', withF(null))).toBe(true);
  });
});

describe('boolean structure', () => {
  const its = {
    kbCard: item('국민은행 카드 해지했어요'),
    kbJob: item('국민은행 채용 공고 떴다', { sentiment: 'positive', intents: [] }),
    shinhan: item('신한은행 앱 오류', { channel: 'youtube' }),
  };
  const hits = (q: string): string[] => {
    const pred = compileQuery(parseQuery(q));
    return Object.entries(its)
      .filter(([, v]) => pred(v))
      .map(([k]) => k);
  };

  it('combines AND, OR, NOT and groups', () => {
    expect(hits('국민은행 -채용')).toEqual(['kbCard']);
    expect(hits('국민은행 OR 신한은행')).toEqual(['kbCard', 'kbJob', 'shinhan']);
    expect(hits('(국민은행 OR 신한은행) sentiment:negative')).toEqual(['kbCard', 'shinhan']);
    expect(hits('국민은행 OR 신한은행 channel:youtube')).toEqual(['kbCard', 'kbJob', 'shinhan']);
    expect(hits('(국민은행 OR 신한은행) channel:youtube')).toEqual(['shinhan']);
    expect(hits('오류 OR 해지 NOT intent:complaint')).toEqual(['shinhan']);
    expect(hits('NOT NOT 채용')).toEqual(['kbJob']);
  });

  it('a compiled predicate is reusable and agrees with matchQuery', () => {
    const ast = parseQuery('(국민은행 OR #kb) (해지 OR "앱 오류") -채용');
    const pred = compileQuery(ast);
    const many = Array.from({ length: 200 }, (_, i) => item(i % 3 === 0 ? '국민은행 해지' : i % 3 === 1 ? '국민은행 채용 해지' : '앱 오류', { hashtags: i % 2 ? ['KB'] : [] }));
    for (const it of many) expect(pred(it)).toBe(matchQuery(ast, it));
    expect(many.filter(pred).length).toBe(67 + 33);
  });

  it('uses the tokenizer it is given for query words', () => {
    const splitOnly: Tokenizer = {
      name: 'split-only',
      tokenize: () => [],
      terms: (text) => text.split(/\s+/).filter(Boolean),
      lemmas: (text) => text.split(/\s+/).filter(Boolean),
    };
    const it = item('x', { tokens: ['국민은행에서'] });
    expect(matchQuery(parseQuery('국민은행에서'), it, { tokenizer: splitOnly })).toBe(true);
    expect(matchQuery(parseQuery('국민은행에서'), it)).toBe(false);
  });
});

describe('extractTerms', () => {
  it('lists positive text leaves with their tokens, skipping negated ones', () => {
    const terms = extractTerms(parseQuery('(국민은행에서 OR #KB) "신용카드 해지" -채용 NOT (광고 OR @spam) sentiment:negative @kbstar'));
    expect(terms).toEqual([
      { type: 'term', value: '국민은행에서', tokens: ['국민은행'] },
      { type: 'hashtag', value: 'kb', tokens: ['kb'] },
      { type: 'phrase', value: '신용카드 해지', tokens: ['신용카드', '해지'] },
      { type: 'mention', value: 'kbstar', tokens: ['kbstar'] },
    ]);
  });

  it('treats double negation as positive and de-duplicates', () => {
    expect(extractTerms(parseQuery('카드 NOT NOT 카드 (카드 OR "카드")')).map((t) => `${t.type}:${t.value}`)).toEqual(['term:카드', 'phrase:카드']);
  });

  it('returns nothing for field-only queries', () => {
    expect(extractTerms(parseQuery('sentiment:negative channel:x'))).toEqual([]);
  });
});
