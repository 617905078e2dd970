import { describe, expect, it } from 'vitest';
import { accountChannelLabel, accountTitle, channelLabel } from '../../web/src/channelLabel.js';
import { en } from '../../web/src/i18n/en.js';
import { ko } from '../../web/src/i18n/ko.js';

const i18nOf = (dict: Record<string, string>) => ({
  t: ((key: string) => dict[key] ?? key) as never,
  tMaybe: (key: string) => (Object.hasOwn(dict, key) ? dict[key] : undefined),
});

describe('account labels', () => {
  const kakao = { type: 'webhook', name: 'Demo · Signed webhook', settings: { demo: true, source: 'kakaotalk' } };

  it('names a webhook bridge by its source: the demo KakaoTalk account is 카카오톡 / KakaoTalk, not 서명 웹훅', () => {
    const k = i18nOf(ko as Record<string, string>);
    const e = i18nOf(en as Record<string, string>);
    expect(accountChannelLabel(k.tMaybe, kakao)).toBe('카카오톡');
    expect(accountChannelLabel(e.tMaybe, kakao)).toBe('KakaoTalk');
    expect(accountTitle(k, kakao)).toBe('데모 데이터 · 카카오톡');
    expect(accountTitle(e, kakao)).toBe('Demo data · KakaoTalk');
    expect(accountTitle(k, kakao)).not.toContain(channelLabel(k.tMaybe, 'webhook'));
  });

  it('falls back to the channel for accounts without a known source, and keeps a named account’s name', () => {
    const k = i18nOf(ko as Record<string, string>);
    expect(accountChannelLabel(k.tMaybe, { type: 'webhook', name: 'x', settings: {} })).toBe('서명 웹훅');
    expect(accountChannelLabel(k.tMaybe, { type: 'webhook', name: 'x', settings: { source: 'something-else' } })).toBe('서명 웹훅');
    expect(accountChannelLabel(k.tMaybe, { type: 'x', name: 'x', settings: { demo: true } })).toBe('X (트위터)');
    expect(accountTitle(k, { type: 'webhook', name: '카카오 상담봇', settings: { source: 'kakaotalk' } })).toBe('카카오 상담봇');
    expect(accountTitle(k, { type: 'meta', name: 'Import · Meta', settings: { import: true } })).toBe('파일 가져오기 · 메타 (페이스북·인스타그램)');
  });
});
