import { describe, expect, it } from 'vitest';
import { applyUtm, findUrls, newCode, withParam, CODE_PATTERN } from './urls.js';
import { deviceOf, isBotAgent, isPrefetch, referrerHost, UNFURLERS } from './classify.js';
import { csvCell } from './analytics.js';
import { validateConversion } from './conversions.service.js';

describe('links: urls', () => {
  it('finds links in Korean text without the sentence punctuation around them', () => {
    const text = '자세한 내용은 https://bank.example/a?b=1.에서, (https://bank.example/b) 또는 https://bank.example/c_(d)! 확인하세요。javascript:alert(1)';
    expect(findUrls(text).map((f) => f.url)).toEqual(['https://bank.example/a?b=1', 'https://bank.example/b', 'https://bank.example/c_(d)']);
    for (const f of findUrls(text)) expect(text.slice(f.start, f.end)).toBe(f.url);
  });

  it('adds the click id before the fragment and fills UTM placeholders without overriding the target', () => {
    expect(withParam('https://a.example/p#x', 'sotong_cid', 'c1')).toBe('https://a.example/p?sotong_cid=c1#x');
    expect(withParam('https://a.example/p?q=1', 'sotong_cid', 'c 1')).toBe('https://a.example/p?q=1&sotong_cid=c%201');
    const u = new URL(applyUtm('https://a.example/?utm_source=mine', { utm_source: '{channel}', utm_campaign: '{campaign}-{variant}', utm_content: '{post}' }, { channel: 'x', campaign: '봄', variant: 'B' }));
    expect(u.searchParams.get('utm_source')).toBe('mine');
    expect(u.searchParams.get('utm_campaign')).toBe('봄-B');
    expect(u.searchParams.has('utm_content')).toBe(false);
  });

  it('makes codes that the redirect accepts, all different', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newCode()));
    expect(codes.size).toBe(2000);
    for (const c of codes) expect(c).toMatch(CODE_PATTERN);
    expect([...codes].join('')).not.toMatch(/[0O1lI]/);
  });
});

describe('links: classify', () => {
  it('knows the unfurlers, prefetches and device classes', () => {
    for (const ua of ['Twitterbot/1.0', 'kakaotalk-scrap/1.0', 'facebookexternalhit/1.1', 'Slackbot-LinkExpanding 1.0', 'LinkedInBot/1.0', 'TelegramBot (like TwitterBot)', '']) expect(isBotAgent(ua), ua).toBe(true);
    expect(UNFURLERS).toContain('Discordbot');
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    const kakaoInApp = 'Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 KAKAOTALK 10.4.5';
    expect(isBotAgent(iphone)).toBe(false);
    expect(isBotAgent(kakaoInApp)).toBe(false);
    expect(deviceOf(iphone, false)).toBe('mobile');
    expect(deviceOf(kakaoInApp, false)).toBe('mobile');
    expect(deviceOf('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)', false)).toBe('tablet');
    expect(deviceOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Safari/605', false)).toBe('desktop');
    expect(isPrefetch({ 'sec-purpose': 'prefetch;prerender' })).toBe(true);
    expect(isPrefetch({ purpose: 'prefetch' })).toBe(true);
    expect(isPrefetch({ 'x-moz': 'prefetch' })).toBe(true);
    expect(isPrefetch({})).toBe(false);
    expect(referrerHost('https://T.CO/abc')).toBe('t.co');
    expect(referrerHost('android-app://com.kakao.talk/')).toBeNull();
    expect(referrerHost('not a url')).toBeNull();
  });
});

describe('links: CSV and conversions', () => {
  it('neutralises formula-leading cells', () => {
    for (const v of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(v).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
  });

  it('takes ids only', () => {
    expect(validateConversion({ eventId: 'A-1', type: 'loan_started' })).toMatchObject({ eventId: 'A-1' });
    const code = (body: unknown) => {
      try {
        validateConversion(body);
        return 'ok';
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(code({ eventId: 'A-1', type: 'x1', residentNumber: '900101-1234567' })).toBe('conversion.personal_data');
    expect(code({ eventId: '900101-1234567', type: 'account_opened' })).toBe('conversion.personal_data');
    expect(code({ eventId: '4111-1111-1111-1111', type: 'account_opened' })).toBe('conversion.personal_data');
    expect(code({ eventId: 'A-1', type: 'account_opened', value: -1 })).toBe('conversion.invalid');
    expect(code([1, 2])).toBe('conversion.invalid');
    expect(code(null)).toBe('conversion.invalid');
  });
});
