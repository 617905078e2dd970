import { describe, expect, it } from 'vitest';
import { logOdds } from './logodds.js';
import { collocations } from './collocations.js';
import { topicClusters } from './clusters.js';
import { countTerms, keywordsOf, trending } from './trending.js';

const background = [
  '카드 결제 문의드립니다',
  '적금 금리 문의',
  '앱 로그인 방법 알려주세요',
  '대출 금리 얼마인가요',
  '카드 발급 신청',
  '지점 영업시간 문의',
  '이체 한도 문의',
  '적금 가입하고 싶어요',
  '카드 포인트 조회',
  '보험 청구 서류 문의',
].flatMap((t) => [t, t + ' 감사합니다']);

const window = [
  '모바일 앱 먹통 로그인 안됨',
  '앱 먹통 진짜 짜증',
  '로그인 오류 앱 먹통이네요',
  '앱 먹통 이체 못함',
  '보이스피싱 문자 받았어요',
  '보이스피싱 문자 신고',
  '카드 결제 문의',
  '앱 먹통 언제 고쳐요',
  '보이스피싱 문자 조심하세요',
  '적금 금리 문의',
];

describe('logOdds', () => {
  it('ranks window-specific terms first and common terms low', () => {
    const w = new Map([
      ['먹통', 20],
      ['카드', 10],
      ['금리', 5],
    ]);
    const b = new Map([
      ['먹통', 1],
      ['카드', 200],
      ['금리', 100],
    ]);
    const scores = logOdds(w, b, { minCount: 1 });
    expect(scores[0]!.term).toBe('먹통');
    expect(scores[0]!.z).toBeGreaterThan(1.96);
    expect(scores.find((s) => s.term === '카드')!.z).toBeLessThan(0);
  });
  it('the prior shrinks rare terms: 2 occurrences score below 20', () => {
    const w = new Map([
      ['희귀', 2],
      ['먹통', 20],
      ['기타', 100],
    ]);
    const b = new Map([['기타', 1000]]);
    const s = logOdds(w, b, { minCount: 1 });
    expect(s.findIndex((x) => x.term === '먹통')).toBeLessThan(s.findIndex((x) => x.term === '희귀'));
  });
  it('returns nothing for an empty window', () => {
    expect(logOdds(new Map(), new Map([['a', 1]]))).toEqual([]);
  });
});

describe('collocations', () => {
  it('finds multi-word terms that recur together', () => {
    const c = collocations(
      window.map((t) => t.split(' ')),
      { minCount: 3 },
    );
    const terms = c.map((x) => x.term);
    expect(terms).toContain('보이스피싱 문자');
    expect(terms).toContain('앱 먹통');
    expect(c.every((x) => x.pmi > 0 && x.count >= 3)).toBe(true);
  });
  it('does not pair across dropped stopwords', () => {
    expect(
      collocations(
        [
          ['a', null, 'b'],
          ['a', null, 'b'],
          ['a', null, 'b'],
        ],
        { minCount: 1 },
      ),
    ).toEqual([]);
  });
});

describe('topicClusters', () => {
  it('groups co-occurring keywords', () => {
    const docs = window.map((t) => new Set(t.split(' ')));
    const clusters = topicClusters(['먹통', '보이스피싱', '앱', '문자', '로그인'], docs);
    const byLabel = Object.fromEntries(clusters.map((c) => [c.label, c.terms]));
    expect(byLabel['먹통']).toEqual(expect.arrayContaining(['먹통', '앱']));
    expect(byLabel['보이스피싱']).toEqual(expect.arrayContaining(['보이스피싱', '문자']));
    expect(byLabel['먹통']).not.toContain('문자');
  });
});

describe('trending', () => {
  it('surfaces the outage and the phishing wave against the background', () => {
    const t = trending(window, background, { minCount: 2 });
    const top = t.keywords.slice(0, 4).map((k) => k.term);
    expect(top).toContain('먹통');
    expect(top).toContain('보이스피싱');
    expect(t.keywords.map((k) => k.term)).not.toContain('문의');
    expect(t.clusters.length).toBeGreaterThanOrEqual(2);
  });
  it('accepts precomputed background counts', () => {
    const counts = countTerms(background);
    expect(trending(window, counts, { minCount: 2 }).keywords).toEqual(trending(window, background, { minCount: 2 }).keywords);
  });
});

describe('keywordsOf', () => {
  it('returns stripped content terms without stopwords, numbers or duplicates', () => {
    expect(keywordsOf('국민은행에서 대출을 받았는데 국민은행이 금리를 3% 올렸어요 ㅋㅋ')).toEqual(['국민은행', '대출', '금리', '올리다']);
  });
});

describe('keywordsOf, English', () => {
  it('keeps words readable: plurals folded, no stems', () => {
    const k = keywordsOf('Called the service centre before noon: my charges were refunded, cards replies');
    expect(k).toEqual(expect.arrayContaining(['centre', 'charge', 'refunded', 'card', 'reply']));
    expect(k).not.toContain('centr');
    // English function words are not keywords (before, there, going, have …)
    expect(k).not.toContain('before');
    expect(k).not.toContain('befor');
  });

  it('shows Korean verbs and adjectives in dictionary form and 하다 verbs by their noun', () => {
    expect(keywordsOf('토스로 갈아탔어요 앱이 빨라졌어요 불편해서 해지했어요')).toEqual(['토스', '갈아타다', '빨라지다', '불편', '해지']);
    expect(keywordsOf('I was going to call before there have been charges')).toEqual(['charge']);
  });
});
