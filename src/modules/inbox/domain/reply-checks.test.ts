import { describe, expect, it } from 'vitest';
import type { ReplyLimits } from '../../../channels/port.js';
import { xWeightedLength as channelXLength } from '../../../channels/x/index.js';
import { checkReply, lengthIn, xWeightedLength } from './reply-checks.js';

const X_PUBLIC: ReplyLimits = { maxLength: 280, lengthUnit: 'x-weighted', canReplyPublicly: true, canReplyPrivately: true };
const MESSENGER: ReplyLimits = { maxLength: 2000, lengthUnit: 'chars', canReplyPublicly: false, canReplyPrivately: true, privateWindowHours: 24 };
const IG_DM: ReplyLimits = { maxLength: 1000, lengthUnit: 'bytes', canReplyPublicly: false, canReplyPrivately: true, privateWindowHours: 24 };
const YOUTUBE: ReplyLimits = { maxLength: 10_000, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: false };

const now = new Date('2025-02-03T12:00:00Z');
const hoursAgo = (h: number): Date => new Date(now.getTime() - h * 3_600_000);
const codes = (r: ReturnType<typeof checkReply>) => ({ errors: r.errors.map((e) => e.code), warnings: r.warnings.map((w) => w.code) });

describe("X's weighted length", () => {
  it('counts Latin 1, Hangul and CJK 2', () => {
    expect(xWeightedLength('hello')).toBe(5);
    expect(xWeightedLength('안녕하세요')).toBe(10);
    expect(xWeightedLength('漢字かな')).toBe(8);
    expect(xWeightedLength('café — “ok”')).toBe(11); // accents, dashes and quotes are light
  });

  it('counts an emoji sequence as 2, whatever its code points', () => {
    expect(xWeightedLength('👍')).toBe(2);
    expect(xWeightedLength('👍🏽')).toBe(2);
    expect(xWeightedLength('👨‍👩‍👧')).toBe(2);
    expect(xWeightedLength('🇰🇷')).toBe(2);
  });

  it('counts every URL as 23, bare domains included, e-mail addresses not', () => {
    expect(xWeightedLength('https://www.kbstar.com/quics?page=C012345&QSL=F&very=long')).toBe(23);
    expect(xWeightedLength('자세히: http://a.co')).toBe(8 + 23);
    expect(xWeightedLength('kbstar.com에서')).toBe(23 + 4);
    expect(xWeightedLength('help@kbstar.com')).toBe(15);
  });

  it('normalises decomposed Hangul before counting', () => {
    expect(xWeightedLength('한'.normalize('NFD'))).toBe(2);
  });

  it('agrees with the X adapter on texts without bare domains', () => {
    for (const t of ['', 'plain', '안녕하세요 고객님 👋', '문의: https://example.com/a/b?c=d 확인 부탁드립니다 🙏🏻', 'a\nb\tc', '👨‍👩‍👧 가족 https://t.co/x']) {
      expect(xWeightedLength(t)).toBe(channelXLength(t));
    }
  });
});

describe('lengthIn', () => {
  it('chars counts code points, bytes counts UTF-8', () => {
    expect(lengthIn('가a👍', 'chars')).toBe(3);
    expect(lengthIn('가a👍', 'bytes')).toBe(3 + 1 + 4);
  });
});

describe('checkReply', () => {
  it('passes a normal public reply and reports its length in the channel unit', () => {
    const r = checkReply({ limits: X_PUBLIC, text: '안녕하세요, 확인 후 DM 드리겠습니다.', private: false, now });
    expect(r).toMatchObject({ ok: true, errors: [], warnings: [], length: { count: 36, limit: 280, unit: 'x-weighted' } });
  });

  it('too long in X weight: 140 Hangul fit, 141 do not', () => {
    expect(checkReply({ limits: X_PUBLIC, text: '가'.repeat(140), private: false, now }).ok).toBe(true);
    const r = checkReply({ limits: X_PUBLIC, text: '가'.repeat(141), private: false, now });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'too_long', count: 282, limit: 280, unit: 'x-weighted' })]);
    expect(r.errors[0]!.message).toContain('282/280');
  });

  it('too long in bytes (Instagram DM): 333 Hangul = 999 bytes fit, 334 do not', () => {
    const last = hoursAgo(1);
    expect(checkReply({ limits: IG_DM, text: '가'.repeat(333), private: true, now, lastCustomerMessageAt: last }).ok).toBe(true);
    const r = checkReply({ limits: IG_DM, text: '가'.repeat(334), private: true, now, lastCustomerMessageAt: last });
    expect(r.errors[0]).toMatchObject({ code: 'too_long', count: 1002, limit: 1000, unit: 'bytes' });
  });

  it('too long in characters counts emoji once', () => {
    const limits = { ...YOUTUBE, maxLength: 3 };
    expect(checkReply({ limits, text: '👍👍👍', private: false, now }).ok).toBe(true);
    expect(codes(checkReply({ limits, text: '👍👍👍👍', private: false, now })).errors).toEqual(['too_long']);
  });

  it('rejects empty replies', () => {
    expect(codes(checkReply({ limits: X_PUBLIC, text: ' \n ', private: false, now })).errors).toEqual(['empty']);
  });

  it('blocks the direction the channel cannot take', () => {
    expect(codes(checkReply({ limits: YOUTUBE, text: 'hi', private: true, now })).errors).toEqual(['private_reply_unsupported']);
    expect(codes(checkReply({ limits: MESSENGER, text: 'hi', private: false, now })).errors).toEqual(['public_reply_unsupported']);
  });

  it('enforces the private-reply window: open, closing soon, closed at exactly 24 h, unknown last message', () => {
    const at = (h: number) => checkReply({ limits: MESSENGER, text: 'hi', private: true, now, lastCustomerMessageAt: hoursAgo(h) });
    expect(codes(at(22))).toEqual({ errors: [], warnings: [] });
    const closing = at(23.5);
    expect(codes(closing)).toEqual({ errors: [], warnings: ['private_window_closing'] });
    expect(closing.warnings[0]!.message).toContain('30 min');
    expect(codes(at(24))).toEqual({ errors: ['private_window_closed'], warnings: [] });
    const closed = at(30);
    expect(closed.errors[0]!.windowEndsAt!.toISOString()).toBe('2025-02-03T06:00:00.000Z');
    expect(codes(checkReply({ limits: MESSENGER, text: 'hi', private: true, now })).errors).toEqual(['private_window_closed']);
    expect(codes(checkReply({ limits: MESSENGER, text: 'hi', private: true, now, lastCustomerMessageAt: hoursAgo(23.5), windowWarningMs: 0 })).warnings).toEqual([]);
  });

  it('a channel without a window lets private replies through at any age', () => {
    expect(checkReply({ limits: X_PUBLIC, text: 'hi', private: true, now, lastCustomerMessageAt: hoursAgo(24 * 30) }).ok).toBe(true);
  });

  it('warns about personal data in a public reply, with types and spans; not in a private one', () => {
    const text = '고객님 연락처 010-1234-5678, 메일 a@b.kr 로 안내드렸습니다.';
    const pii = [
      { type: 'phone' as const, start: 8, end: 21 },
      { type: 'email' as const, start: 26, end: 32 },
    ];
    const r = checkReply({ limits: X_PUBLIC, text, private: false, now, pii });
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'pii_in_public_reply', piiTypes: ['phone', 'email'], spans: pii })]);
    expect(checkReply({ limits: X_PUBLIC, text, private: true, now, pii }).warnings).toEqual([]);
  });

  it('can block chosen PII types in public replies', () => {
    const text = '주민번호 900101-1234567 와 010-1234-5678';
    const pii = [
      { type: 'phone' as const, start: 22, end: 35 },
      { type: 'rrn' as const, start: 5, end: 19 },
    ];
    const r = checkReply({ limits: X_PUBLIC, text, private: false, now, pii, blockPublicPii: ['rrn', 'card'] });
    expect(codes(r)).toEqual({ errors: ['pii_blocked_in_public_reply'], warnings: ['pii_in_public_reply'] });
    expect(r.errors[0]!.spans).toEqual([{ type: 'rrn', start: 5, end: 19 }]);
    expect(r.ok).toBe(false);
  });

  it('ignores findings that do not fit the text and clips the ones that overrun it', () => {
    const r = checkReply({
      limits: X_PUBLIC,
      text: 'abc',
      private: false,
      now,
      pii: [
        { type: 'email', start: 5, end: 9 },
        { type: 'phone', start: 2, end: 1 },
        { type: 'card', start: 1, end: 99 },
      ],
    });
    expect(r.warnings[0]!.spans).toEqual([{ type: 'card', start: 1, end: 3 }]);
  });

  it('reports several problems at once', () => {
    const r = checkReply({ limits: { ...YOUTUBE, maxLength: 2 }, text: 'abc', private: true, now });
    expect(codes(r).errors).toEqual(['too_long', 'private_reply_unsupported']);
  });
});
