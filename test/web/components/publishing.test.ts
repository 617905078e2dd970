/**
 * Publishing's screens no e2e test walks through: the per-channel preview (layout by what the channel's
 * own measure declares, the count in its unit) and the analytics panel (figures per variant, totals,
 * "read reactions now", an edit waiting for approval, a take-down through the confirmation dialog).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeApi, type Harness, say, startHarness, WORKSPACE } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ allowStatuses: [] });
}, 120_000);
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const P = `/w/${WORKSPACE.id}/publishing`;

describe('ChannelPreview', () => {
  it('Instagram shows the image first and says it cannot go out without one', async () => {
    const m = await h.mount('pubPreview', { target: 'instagram', accountName: '한빛은행', title: '', text: '새 적금 출시', media: [] }, new FakeApi());
    const fig = m.page.locator('[data-preview="instagram"]');
    await fig.waitFor();
    expect(await fig.getAttribute('data-layout')).toBe('image-first');
    await fig.getByText(say('pub.preview.noImage')).waitFor();
    const withImage = await h.mount('pubPreview', { target: 'instagram', accountName: '한빛은행', title: '', text: '새 적금 출시', media: [{ url: PNG, altText: '금리 표' }] }, new FakeApi());
    await withImage.page.getByRole('img', { name: '금리 표' }).waitFor();
    expect(await withImage.page.getByText(say('pub.preview.noImage')).count()).toBe(0);
  });

  it('X counts Hangul as 2 through its own measure: 141 syllables are over 280', async () => {
    const m = await h.mount('pubPreview', { target: 'x', accountName: '한빛은행', title: '', text: '가'.repeat(141), media: [] }, new FakeApi());
    const count = m.page.locator('[data-preview="x"] [data-count]');
    await count.waitFor();
    expect(await count.getAttribute('data-count')).toBe('282');
    expect(await count.getAttribute('class')).toContain('over');
    const ok = await h.mount('pubPreview', { target: 'x', accountName: '한빛은행', title: '', text: '가'.repeat(140), media: [] }, new FakeApi());
    expect(await ok.page.locator('[data-preview="x"] [data-count]').getAttribute('class')).not.toContain('over');
  });

  it('a long-form target shows an article with its title', async () => {
    const m = await h.mount('pubPreview', { target: 'builtin-blog', accountName: '', title: '적금 가이드', text: '매달 모으는 적금', media: [] }, new FakeApi());
    await m.page.getByRole('heading', { name: '적금 가이드' }).waitFor();
    expect(await m.page.locator('[data-preview="builtin-blog"]').getAttribute('data-layout')).toBe('article');
  });
});

const variant = (over: Record<string, unknown> = {}) => ({
  variantId: 'v-1',
  target: 'mastodon',
  accountId: 'a-1',
  accountName: '한빛은행 마스토돈',
  status: 'published',
  url: 'https://mastodon.example/@hanbit/1',
  publishedAt: '2026-12-07T01:00:00.000Z',
  editedAt: null,
  deletedAt: null,
  pendingEdit: false,
  checks: 2,
  fetchedAt: '2026-12-07T07:00:00.000Z',
  nextCheckAt: '2026-12-08T01:00:00.000Z',
  error: null,
  replies: 3,
  shares: 4,
  likes: 41,
  views: null,
  clicks: 12,
  conversions: 2,
  ...over,
});
const analytics = (v: ReturnType<typeof variant>) => ({
  campaign: null,
  posts: [
    {
      postId: 'p-1',
      title: '겨울 정기예금 특판 오픈',
      campaignId: null,
      product: 'deposit',
      status: 'published',
      scheduledAt: '2026-12-07T01:00:00.000Z',
      variants: [v],
      totals: { replies: 3, shares: 4, likes: 41, views: 0, clicks: 12, conversions: 2 },
    },
  ],
  totals: { replies: 3, shares: 4, likes: 41, views: 0, clicks: 12, conversions: 2 },
});

describe('AnalyticsPanel', () => {
  it('shows each variant’s figures and totals; reads reactions now; approves a pending edit; deletes through the dialog', async () => {
    let current = variant({ pendingEdit: true });
    const api = new FakeApi(['publishing.read', 'publishing.compose', 'publishing.approve', 'publishing.manage'])
      .on('GET', `${P}/campaigns`, { body: { campaigns: [] } })
      .on('GET', `${P}/analytics`, () => ({ body: analytics(current) }))
      .on('POST', `${P}/posts/p-1/engagement/refresh`, () => ({ body: { pulled: 1, analytics: analytics(current) } }))
      .on('POST', `${P}/posts/p-1/variants/v-1/approve-edit`, () => ((current = variant({ editedAt: '2026-12-07T08:00:00.000Z' })), { body: {} }))
      .on('POST', `${P}/posts/p-1/variants/v-1/delete`, () => ((current = variant({ deletedAt: '2026-12-07T09:00:00.000Z' })), { body: {} }));
    const m = await h.mount('pubAnalytics', {}, api);
    const row = m.page.locator('tr[data-variant="v-1"]');
    await row.waitFor();
    expect(await row.locator('[data-figure="likes"]').innerText()).toBe('41');
    expect(await row.locator('[data-figure="views"]').innerText()).toBe('–');
    expect(await row.locator('[data-figure="conversions"]').innerText()).toBe('2');
    expect(await m.page.getByTestId('pub-an-totals').locator('[data-total="clicks"]').innerText()).toBe('12');
    await row.getByText('한빛은행 마스토돈').waitFor();

    await m.page.getByTestId('pub-pull-now').click();
    await m.page
      .getByTestId('pub-an-notice')
      .filter({ hasText: say('pub.an.pulled', { n: 1 }) })
      .waitFor();
    expect(api.callsTo('POST', `${P}/posts/p-1/engagement/refresh`)).toHaveLength(1);

    await row.getByTestId('pub-approve-edit').click();
    await m.page
      .getByTestId('pub-an-notice')
      .filter({ hasText: say('pub.an.editSent') })
      .waitFor();
    await row.getByText(say('pub.an.edited')).waitFor();
    expect(await row.getByTestId('pub-approve-edit').count()).toBe(0);

    await row.getByTestId('pub-delete-published').click();
    await m.page
      .getByRole('dialog')
      .getByRole('button', { name: say('pub.an.delete') })
      .click();
    await m.page
      .getByTestId('pub-an-notice')
      .filter({ hasText: say('pub.an.deleted') })
      .waitFor();
    expect(api.callsTo('POST', `${P}/posts/p-1/variants/v-1/delete`)).toHaveLength(1);
    await row.locator('[data-status="deleted"]').waitFor();
    expect(await row.getByTestId('pub-delete-published').count()).toBe(0);
  });

  it('an analyst reads the figures and gets no action buttons', async () => {
    const api = new FakeApi(['publishing.read']).on('GET', `${P}/campaigns`, { body: { campaigns: [] } }).on('GET', `${P}/analytics`, { body: analytics(variant({ pendingEdit: true })) });
    const m = await h.mount('pubAnalytics', {}, api);
    await m.page.locator('tr[data-variant="v-1"]').waitFor();
    for (const id of ['pub-edit-published', 'pub-approve-edit', 'pub-delete-published', 'pub-pull-now']) expect(await m.page.getByTestId(id).count()).toBe(0);
  });
});
