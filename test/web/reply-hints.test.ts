import { describe, expect, it } from 'vitest';
import { loadAdapters, measurerFor } from '../../src/channels/registry.js';
import type { ReplyLimits } from '../../src/channels/port.js';
import { checkReply } from '../../src/modules/inbox/domain/index.js';
import { measuredTargets } from '../../web/src/channelMeasure.js';
import { replyHints } from '../../web/src/pages/inbox/replyLength.js';

const now = new Date('2026-12-06T00:00:00Z');
const texts = ['안녕하세요 고객님, 확인 후 DM 드리겠습니다.', '자세히: kbstar.com 참고 https://example.com/a?b=c 👍🏽', 'café — “ok” @user@social.example', '한'.normalize('NFD').repeat(141)];

describe('the composer counts as the server checks', () => {
  it('finds every channel counter the server has, by folder', async () => {
    const registry = await loadAdapters();
    const serverTargets = [...new Set(registry.all().flatMap((a) => (a.measure ? (a.publishTargets ?? []) : [])))].sort();
    expect(measuredTargets()).toEqual(serverTargets);
  });

  it('gives the same count and verdict as the outbox check, for every measured target and plain units', async () => {
    const registry = await loadAdapters();
    const serverMeasureFor = (t: string) => measurerFor(registry, t);
    const limitsList: ReplyLimits[] = [
      ...measuredTargets().map((t): ReplyLimits => ({ maxLength: 280, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: true, measureTarget: t })),
      { maxLength: 1000, lengthUnit: 'bytes', canReplyPublicly: false, canReplyPrivately: true },
      { maxLength: 300, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: true },
    ];
    for (const limits of limitsList) {
      const hints = replyHints({ isPrivate: false }, limits);
      for (const text of texts) {
        const server = checkReply({ limits, text, private: false, now, measureFor: serverMeasureFor });
        expect(hints.count(text), `${limits.measureTarget ?? limits.lengthUnit}: ${text}`).toBe(server.length.count);
        expect(hints.count(text) > (hints.limit ?? Infinity)).toBe(server.errors.some((e) => e.code === 'too_long'));
      }
    }
  });

  it('an X public reply counts bare domains and Hangul as X does; a private conversation offers no public reply', () => {
    const x: ReplyLimits = { maxLength: 280, lengthUnit: 'x-weighted', canReplyPublicly: true, canReplyPrivately: true, measureTarget: 'x' };
    expect(replyHints({ isPrivate: false }, x).count('kbstar.com에서')).toBe(23 + 4);
    expect(replyHints({ isPrivate: true }, x).canPublic).toBe(false);
    expect(replyHints({ isPrivate: false }, null)).toMatchObject({ canPublic: false, canPrivate: false });
  });
});
