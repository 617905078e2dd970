import { afterEach, describe, expect, it } from 'vitest';
import { TINY_PNG } from '../testing/inbound.js';
import { createXAdapter } from './index.js';
import { xAccount } from './testing/harness.js';
import { startFakeX, type FakeX } from './testing/fake-x.js';

describe('x publishing', () => {
  let fake: FakeX;
  afterEach(async () => fake?.close());

  it('uploads the image, sets its alt text, and posts with media_ids', async () => {
    fake = await startFakeX();
    const adapter = createXAdapter();
    const r = await adapter.publish!(xAccount(fake.url), { target: 'x', text: '한빛 적금 출시 https://blog.example/a', idempotencyKey: 'k', media: [{ url: TINY_PNG, altText: '금리 표', mimeType: 'image/png' }] });
    const [mediaId, m] = [...fake.media.entries()][0]!;
    expect(m.altText).toBe('금리 표');
    expect(fake.tweets.get(r.nativeId)).toMatchObject({ mediaIds: [mediaId] });
    expect(r.url).toBe(`https://x.com/sotongbank/status/${r.nativeId}`);
  });

  it('a retry refused as duplicate content answers with the earlier post; other 403s stay errors', async () => {
    fake = await startFakeX();
    const adapter = createXAdapter();
    const account = xAccount(fake.url);
    const first = await adapter.publish!(account, { target: 'x', text: '오늘의 금융 팁', idempotencyKey: 'a' });
    const again = await adapter.publish!(account, { target: 'x', text: '오늘의 금융 팁', idempotencyKey: 'a' });
    expect(again.nativeId).toBe(first.nativeId);
    expect(fake.tweets.size).toBe(1);
    // 140 Hangul syllables weigh 280: allowed; 141 weigh 282: refused before any call.
    await expect(adapter.publish!(account, { target: 'x', text: '가'.repeat(140), idempotencyKey: 'b' })).resolves.toBeDefined();
    const calls = fake.server.requests.length;
    await expect(adapter.publish!(account, { target: 'x', text: '가'.repeat(141), idempotencyKey: 'c' })).rejects.toMatchObject({ code: 'rule_violation', retryable: false });
    expect(fake.server.requests.length).toBe(calls);
  });

  it('reads public_metrics as engagement and declares that it cannot edit or find by key', async () => {
    fake = await startFakeX();
    const adapter = createXAdapter();
    const account = xAccount(fake.url);
    const r = await adapter.publish!(account, { target: 'x', text: '이벤트 안내', idempotencyKey: 'e' });
    expect(await adapter.engagement!(account, 'x', r.nativeId)).toEqual({ replies: 2, shares: 5, likes: 11, views: 310 });
    expect(adapter.editPublished).toBeUndefined();
    expect(adapter.findPublished).toBeUndefined();
    await adapter.deletePublished!(account, 'x', r.nativeId);
    await expect(adapter.engagement!(account, 'x', r.nativeId)).rejects.toMatchObject({ code: 'not_found' });
  });
});
