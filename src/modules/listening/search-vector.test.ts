import { describe, expect, it } from 'vitest';
import { hashtagsOf, mentionsOf, phraseQuery, quoteLexeme, searchVector } from '../../nlp/index.js';
import { searchQuery } from './search.service.js';
import { bucketRange, keywordDays, resolvePeriod } from './dashboard.build.js';
import { chartCsv, contentDisposition, toCsv } from './csv.js';
import { nextRun } from './reports.service.js';

describe('search documents', () => {
  it('holds the tokenizer terms, the surface words and particles the tokenizer left on', () => {
    const v = searchVector('국민은행에서 카드 해지했어요 #국민은행 @kbstar');
    expect(v).toContain("'국민은행':1");
    expect(v).toContain("'국민은행에서':1");
    expect(v).toContain("'#국민은행':");
    expect(v).toContain("'@kbstar':");
    expect(searchVector('국민은행이랑은 거래 안 해')).toMatch(/'국민은행':1[ ,]/);
    // Compound nouns are not split: 카드사 does not contain the word 카드.
    expect(searchVector('카드사 너무해')).not.toMatch(/'카드':/);
    expect(searchVector('')).toBe('');
  });

  it('quotes lexemes for tsvector/tsquery literals', () => {
    expect(quoteLexeme("it's")).toBe("'it''s'");
    expect(quoteLexeme('a\\b')).toBe("'a\\\\b'");
    expect(phraseQuery(['kb', '국민카드'])).toBe("'kb' <-> '국민카드'");
    expect(phraseQuery([])).toBeNull();
  });

  it('extracts hashtags and mentions from text', () => {
    expect(hashtagsOf('#국민은행 최고 #KB_Star, a#b')).toEqual(['국민은행', 'kb_star']);
    expect(mentionsOf('@kbstar 답장 주세요 @alice@mastodon.social. mail@x.com')).toEqual(['kbstar', 'alice@mastodon.social']);
  });

  it('turns a search box into a tsquery with the same tokenizer', () => {
    expect(searchQuery('국민은행에서')).toBe("'국민은행'");
    expect(searchQuery('국민은행 "카드 해지"')).toBe("('국민은행' & ('카드' <-> '해지'))");
    expect(searchQuery('#국민은행 @KBStar')).toBe("('#국민은행' & '@kbstar')");
    // The listening query language: OR, minus, parentheses; English stemmed like the search column.
    expect(searchQuery('해지 OR 먹통')).toBe("('해지' | '먹통')");
    expect(searchQuery('(해지 OR 먹통) -이벤트')).toBe("(('해지' | '먹통') & !'이벤트')");
    expect(searchQuery('app crashed')).toBe("('app' & 'crash')");
    // A field filter is not text: the whole query is no single tsquery.
    expect(searchQuery('해지 channel:x')).toBeNull();
    // Syntax errors say where.
    expect(() => searchQuery('(해지 먹통')).toThrow(expect.objectContaining({ code: 'listening.invalid_query', detail: expect.objectContaining({ code: 'UNBALANCED_PAREN' }) }));
    expect(() => searchQuery('해지 OR')).toThrow(expect.objectContaining({ detail: expect.objectContaining({ code: 'DANGLING_OPERATOR', position: 3 }) }));
    expect(() => searchQuery('... !!')).toThrow(expect.objectContaining({ code: 'listening.invalid_query' }));
  });
});

describe('periods and buckets (Asia/Seoul)', () => {
  const now = new Date('2026-11-23T00:00:00Z');
  it('defaults to 7 days in day buckets and aligns from to its bucket', () => {
    const p = resolvePeriod({}, now);
    expect(p).toEqual({ from: new Date('2026-11-15T15:00:00Z'), to: now, bucket: 'day' });
    expect(resolvePeriod({ from: '2026-11-22T00:30:00Z' }, now)).toEqual({ from: new Date('2026-11-22T00:00:00Z'), to: now, bucket: 'hour' });
    expect(() => resolvePeriod({ from: '2026-01-01T00:00:00Z', bucket: 'hour' }, now)).toThrow(/Hourly buckets/);
    expect(() => resolvePeriod({ from: '2026-11-24T00:00:00Z' }, now)).toThrow(/before/);
  });
  it('reads bucket keys as Seoul hours and days', () => {
    expect(bucketRange('hour', '2026-11-20T09')).toEqual({ from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-20T01:00:00Z') });
    expect(bucketRange('day', '2026-11-20')).toEqual({ from: new Date('2026-11-19T15:00:00Z'), to: new Date('2026-11-20T15:00:00Z') });
    expect(() => bucketRange('day', '2026-11-20T09')).toThrow();
    expect(keywordDays({ from: new Date('2026-11-19T15:00:00Z'), to: new Date('2026-11-21T15:00:00Z'), bucket: 'day' })).toEqual({ from: '2026-11-20', to: '2026-11-21', bgFrom: '2026-11-18' });
  });
  it('schedules reports at the next Seoul weekday and hour', () => {
    // 2026-11-23 09:00 KST is a Monday; at 00:00 UTC (09:00 KST) exactly it is not "after".
    expect(nextRun(Date.parse('2026-11-22T23:00:00Z'), 1, 9).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(nextRun(Date.parse('2026-11-23T00:00:00Z'), 1, 9).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(nextRun(Date.parse('2026-11-23T00:00:00Z'), 5, 18).toISOString()).toBe('2026-11-27T09:00:00.000Z');
  });
});

describe('CSV', () => {
  it('starts with a BOM, quotes per RFC 4180 and defuses formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          ['=cmd()', -3],
        ],
      ),
    ).toBe('\ufeffa,b\r\n"x,y","say ""hi"""\r\n\'=cmd(),-3\r\n');
    expect(contentDisposition('국민은행-volume.csv')).toBe('attachment; filename="____-volume.csv"; filename*=UTF-8\'\'%EA%B5%AD%EB%AF%BC%EC%9D%80%ED%96%89-volume.csv');
    const empty = { shareOfVoice: null } as Parameters<typeof chartCsv>[0];
    expect(chartCsv(empty, 'share_of_voice')).toBe('\ufeffquery_id,name,count,percent,own\r\n');
  });
});
