import { describe, expect, it } from 'vitest';
import type { ReplyLimits } from '../../../channels/port.js';
import { fromAdapters, measurerFor } from '../../../channels/registry.js';
import { adapter as x } from '../../../channels/x/index.js';
import { checkReply } from './reply-checks.js';

// The channels' own counters, as the outbox hands them over (X's weighted count for public X replies).
const registry = fromAdapters([x]);
const measureFor = (target: string) => measurerFor(registry, target);

const X_PUBLIC: ReplyLimits = { maxLength: 280, lengthUnit: 'x-weighted', canReplyPublicly: true, canReplyPrivately: true, measureTarget: 'x' };
const MESSENGER: ReplyLimits = { maxLength: 2000, lengthUnit: 'chars', canReplyPublicly: false, canReplyPrivately: true, privateWindowHours: 24 };
const IG_DM: ReplyLimits = { maxLength: 1000, lengthUnit: 'bytes', canReplyPublicly: false, canReplyPrivately: true, privateWindowHours: 24 };
const YOUTUBE: ReplyLimits = { maxLength: 10_000, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: false };

const now = new Date('2025-02-03T12:00:00Z');
const hoursAgo = (h: number): Date => new Date(now.getTime() - h * 3_600_000);
const codes = (r: ReturnType<typeof checkReply>) => ({ errors: r.errors.map((e) => e.code), warnings: r.warnings.map((w) => w.code) });

describe('checkReply', () => {
  it('passes a normal public reply and reports its length in the channel unit', () => {
    const r = checkReply({ measureFor, limits: X_PUBLIC, text: '안녕하세요, 확인 후 DM 드리겠습니다.', private: false, now });
    expect(r).toMatchObject({ ok: true, errors: [], warnings: [], length: { count: 36, limit: 280, unit: 'x-weighted' } });
  });

  it('too long in X weight: 140 Hangul fit, 141 do not', () => {
    expect(checkReply({ measureFor, limits: X_PUBLIC, text: '가'.repeat(140), private: false, now }).ok).toBe(true);
    const r = checkReply({ measureFor, limits: X_PUBLIC, text: '가'.repeat(141), private: false, now });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'too_long', count: 282, limit: 280, unit: 'x-weighted' })]);
    expect(r.errors[0]!.message).toContain('282/280');
  });

  it('too long in bytes (Instagram DM): 333 Hangul = 999 bytes fit, 334 do not', () => {
    const last = hoursAgo(1);
    expect(checkReply({ measureFor, limits: IG_DM, text: '가'.repeat(333), private: true, now, lastCustomerMessageAt: last }).ok).toBe(true);
    const r = checkReply({ measureFor, limits: IG_DM, text: '가'.repeat(334), private: true, now, lastCustomerMessageAt: last });
    expect(r.errors[0]).toMatchObject({ code: 'too_long', count: 1002, limit: 1000, unit: 'bytes' });
  });

  it('too long in characters counts emoji once', () => {
    const limits = { ...YOUTUBE, maxLength: 3 };
    expect(checkReply({ measureFor, limits, text: '👍👍👍', private: false, now }).ok).toBe(true);
    expect(codes(checkReply({ measureFor, limits, text: '👍👍👍👍', private: false, now })).errors).toEqual(['too_long']);
  });

  it('rejects empty replies', () => {
    expect(codes(checkReply({ measureFor, limits: X_PUBLIC, text: ' \n ', private: false, now })).errors).toEqual(['empty']);
  });

  it('blocks the direction the channel cannot take', () => {
    expect(codes(checkReply({ measureFor, limits: YOUTUBE, text: 'hi', private: true, now })).errors).toEqual(['private_reply_unsupported']);
    expect(codes(checkReply({ measureFor, limits: MESSENGER, text: 'hi', private: false, now })).errors).toEqual(['public_reply_unsupported']);
  });

  it('enforces the private-reply window: open, closing soon, closed at exactly 24 h, unknown last message', () => {
    const at = (h: number) => checkReply({ measureFor, limits: MESSENGER, text: 'hi', private: true, now, lastCustomerMessageAt: hoursAgo(h) });
    expect(codes(at(22))).toEqual({ errors: [], warnings: [] });
    const closing = at(23.5);
    expect(codes(closing)).toEqual({ errors: [], warnings: ['private_window_closing'] });
    expect(closing.warnings[0]!.message).toContain('30 min');
    expect(codes(at(24))).toEqual({ errors: ['private_window_closed'], warnings: [] });
    const closed = at(30);
    expect(closed.errors[0]!.windowEndsAt!.toISOString()).toBe('2025-02-03T06:00:00.000Z');
    expect(codes(checkReply({ measureFor, limits: MESSENGER, text: 'hi', private: true, now })).errors).toEqual(['private_window_closed']);
    expect(codes(checkReply({ measureFor, limits: MESSENGER, text: 'hi', private: true, now, lastCustomerMessageAt: hoursAgo(23.5), windowWarningMs: 0 })).warnings).toEqual([]);
  });

  it('a channel without a window lets private replies through at any age', () => {
    expect(checkReply({ measureFor, limits: X_PUBLIC, text: 'hi', private: true, now, lastCustomerMessageAt: hoursAgo(24 * 30) }).ok).toBe(true);
  });

  it('warns about personal data in a public reply, with types and spans; not in a private one', () => {
    const text = '고객님 연락처 010-1234-5678, 메일 a@b.kr 로 안내드렸습니다.';
    const pii = [
      { type: 'phone' as const, start: 8, end: 21 },
      { type: 'email' as const, start: 26, end: 32 },
    ];
    const r = checkReply({ measureFor, limits: X_PUBLIC, text, private: false, now, pii });
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'pii_in_public_reply', piiTypes: ['phone', 'email'], spans: pii })]);
    expect(checkReply({ measureFor, limits: X_PUBLIC, text, private: true, now, pii }).warnings).toEqual([]);
  });

  it('can block chosen PII types in public replies', () => {
    const text = '주민번호 900101-1234567 와 010-1234-5678';
    const pii = [
      { type: 'phone' as const, start: 22, end: 35 },
      { type: 'rrn' as const, start: 5, end: 19 },
    ];
    const r = checkReply({ measureFor, limits: X_PUBLIC, text, private: false, now, pii, blockPublicPii: ['rrn', 'card'] });
    expect(codes(r)).toEqual({ errors: ['pii_blocked_in_public_reply'], warnings: ['pii_in_public_reply'] });
    expect(r.errors[0]!.spans).toEqual([{ type: 'rrn', start: 5, end: 19 }]);
    expect(r.ok).toBe(false);
  });

  it('ignores findings that do not fit the text and clips the ones that overrun it', () => {
    const r = checkReply({
      measureFor,
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
    const r = checkReply({ measureFor, limits: { ...YOUTUBE, maxLength: 2 }, text: 'abc', private: true, now });
    expect(codes(r).errors).toEqual(['too_long', 'private_reply_unsupported']);
  });
});
