/**
 * After publishing, against the local channel server (test/support/publish-channel.ts): engagement pulled
 * back at 1 h, 6 h, 24 h and 72 h and then no more, the figures in the analytics and in the best-time
 * advice; an edit screened again and approved by compliance (not by its maker) before it reaches the
 * channel; a take-down; a blog post spawning short linked drafts; Instagram refusing a post without an
 * image. Hostile: another workspace, missing permissions, a token. Two pullers racing (PostgreSQL).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAdapters, loadAdapters } from '../../src/channels/registry.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import type { Scope } from '../../src/platform/access/scope.js';
import type { Services } from '../../src/app/services.js';
import { PublishSender } from '../../src/flows/publish/index.js';
import { keywords, pullEngagement, spawnShortPost } from '../../src/modules/publishing/index.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { publishTestAdapter, startPublishServer, type PublishServer } from '../support/publish-channel.js';

const DEPOSIT = '정기예금 특판 연 3.1% (세전). 이 예금은 예금자보호법에 따라 1인당 1억 원까지 보호됩니다. 상품설명서를 확인하세요.';
const HOUR = 3_600_000;

function setup(store: 'pglite' | 'postgres') {
  const ctx = {} as { server: TestServer; channel: PublishServer; s: Services; clock: ManualClock; accountId: string; maker: Scope; lead: Scope; comp: Scope; agent: Scope; admin: Scope };
  const person = (role: Scope['role']): Scope => {
    const id = crypto.randomUUID();
    return { workspaceId: ctx.server.admin.workspaceId, actor: { userId: id, label: `${role}-${id.slice(0, 4)}@bank.test` }, role, tokenScopes: null };
  };
  beforeAll(async () => {
    ctx.clock = new ManualClock(new Date());
    ctx.channel = await startPublishServer();
    ctx.server = await startTestServer({ store, clock: ctx.clock, roles: ['web'], adapters: fromAdapters([...(await loadAdapters()).all(), publishTestAdapter()]) });
    ctx.s = ctx.server.runtime.services;
    ctx.maker = person('manager');
    ctx.lead = person('manager');
    ctx.comp = person('compliance');
    ctx.agent = person('agent');
    ctx.admin = person('admin');
    ctx.accountId = (await ctx.s.accounts.connect(ctx.admin, { type: 'pubtest', name: '공식 계정', settings: { baseUrl: ctx.channel.url }, credentials: { token: 'pub-token' } })).id;
  }, 120_000);
  afterAll(async () => {
    await ctx.server?.close();
    await ctx.channel?.close();
  });
  /** A post approved and sent through the publish flow: its id and the channel's native id. */
  const published = async (product: 'deposit' | null = 'deposit', text = DEPOSIT) => {
    const { s, clock } = ctx;
    const post = await s.publishing.posts.create(ctx.maker, {
      title: '겨울 특판',
      masterText: text,
      product,
      scheduledAt: new Date(clock.now().getTime() + 60_000).toISOString(),
      variants: [{ accountId: ctx.accountId, target: 'pubtest' }],
    });
    await s.publishing.approvals.submit(ctx.maker, post.id);
    await s.publishing.approvals.approve(ctx.lead, post.id);
    if (product) await s.publishing.approvals.approve(ctx.comp, post.id, { reviewNumber: '2026-0777', validFrom: '2026-01-01', validUntil: '2099-12-31' });
    clock.advance(61_000);
    await sender().runDue();
    const view = await s.publishing.posts.get(ctx.maker, post.id, false);
    expect(view.status).toBe('published');
    return { postId: post.id, variantId: view.variants[0]!.id, nativeId: view.variants[0]!.nativeId! };
  };
  const sender = () =>
    new PublishSender({ delivery: ctx.s.publishing.delivery, accounts: ctx.s.accounts, adapters: ctx.s.adapters, screening: ctx.s.screening, crisisActive: async () => false, clock: ctx.clock, logger: silentLogger, blog: ctx.s.blog });
  const pull = () => pullEngagement(ctx.s.publishing.deps, ctx.s.publishing.engagement);
  return { ctx, person, published, pull, sender };
}

describe('publishing after the slot: engagement, edits, deletes, spawned posts', () => {
  const { ctx, published, pull, sender } = setup('pglite');

  it('pulls engagement at 1 h, 6 h, 24 h, 72 h, then stops; analytics and best times use it', async () => {
    const { postId, variantId, nativeId } = await published();
    ctx.channel.metrics.set(nativeId, { replies: 2, reposts: 3, favourites: 10, views: 400 });
    expect(await pull()).toBe(0); // not due before an hour
    ctx.clock.advance(HOUR);
    expect(await pull()).toBe(1);
    expect(await pull()).toBe(0); // the next step is 6 h after publishing
    let a = await ctx.s.publishing.engagement.analytics(ctx.lead, { postId });
    expect(a.posts[0]!.variants[0]).toMatchObject({ variantId, replies: 2, shares: 3, likes: 10, views: 400, checks: 1 });
    expect(a.totals).toMatchObject({ replies: 2, shares: 3, likes: 10, views: 400 });
    const publishedAt = Date.parse(a.posts[0]!.variants[0]!.publishedAt!);
    for (const [at, likes] of [
      [6, 25],
      [24, 40],
      [72, 41],
    ] as const) {
      ctx.channel.metrics.set(nativeId, { replies: 3, reposts: 4, favourites: likes, views: 900 });
      ctx.clock.set(publishedAt + at * HOUR - 60_000);
      expect(await pull()).toBe(0); // a minute early: nothing
      ctx.clock.set(publishedAt + at * HOUR + 1000);
      expect(await pull()).toBe(1);
      a = await ctx.s.publishing.engagement.analytics(ctx.lead, { postId });
      expect(a.posts[0]!.variants[0]!.likes).toBe(likes);
    }
    expect(a.posts[0]!.variants[0]).toMatchObject({ checks: 4, nextCheckAt: null });
    ctx.clock.advance(100 * HOUR);
    expect(await pull()).toBe(0);
    expect(ctx.channel.metricReads.get(nativeId)).toBe(4);
    const samples = await ctx.s.store.db
      .selectFrom('publishing_engagement_samples' as never)
      .selectAll()
      .where('variant_id' as never, '=', variantId as never)
      .execute();
    expect(samples).toHaveLength(4);
    // Best times: the reactions pulled back count in the score (3 replies + 4 shares + 41 likes for this hour).
    const best = await ctx.s.publishing.calendar.bestTimes(ctx.lead, { days: 30, top: 24 });
    expect(best.basis).toBe('engagement');
    const slot = best.times.find((t) => t.channel === 'pubtest');
    expect(slot!.score).toBeGreaterThanOrEqual(48);
  });

  it('an edit after publishing: screened, approved by compliance (not its maker), then sent through the adapter; audited', async () => {
    const { postId, variantId, nativeId } = await published();
    const s = ctx.s;
    // The screen still blocks a bad text.
    await expect(s.publishing.published.edit(ctx.maker, postId, variantId, '원금 보장! 무조건 수익')).rejects.toMatchObject({ code: 'publishing.check_failed' });
    const pending = await s.publishing.published.edit(ctx.maker, postId, variantId, `${DEPOSIT} (1월 31일까지)`);
    expect(pending.variants[0]!.pendingText).toBe(`${DEPOSIT} (1월 31일까지)`);
    expect(ctx.channel.deliveries.find((d) => d.id === nativeId)!.edits).toBeUndefined();
    await expect(s.publishing.published.approveEdit(ctx.maker, postId, variantId)).rejects.toMatchObject({ code: 'publishing.self_approval' });
    await expect(s.publishing.published.approveEdit(ctx.lead, postId, variantId)).rejects.toMatchObject({ code: 'publishing.wrong_approver' });
    await expect(s.publishing.published.approveEdit(ctx.agent, postId, variantId)).rejects.toMatchObject({ code: 'auth.forbidden' });
    const done = await s.publishing.published.approveEdit(ctx.comp, postId, variantId);
    expect(done.variants[0]).toMatchObject({ pendingText: null, text: `${DEPOSIT} (1월 31일까지)` });
    expect(done.variants[0]!.editedAt).not.toBeNull();
    const delivered = ctx.channel.deliveries.find((d) => d.id === nativeId)!;
    expect(delivered.edits).toHaveLength(1);
    expect(delivered.text).toContain('(1월 31일까지)');
    expect(delivered.text).toContain('심의필 제2026-0777호'); // the stamp stays
    // A post without a product follows the chain without a compliance step: the edit goes out at once.
    const plain = await published(null, '한빛은행 고객센터 운영 시간이 바뀝니다.');
    const now = await s.publishing.published.edit(ctx.maker, plain.postId, plain.variantId, '한빛은행 고객센터 운영 시간이 1월부터 바뀝니다.');
    expect(now.variants[0]!.pendingText).toBeNull();
    expect(ctx.channel.deliveries.find((d) => d.id === plain.nativeId)!.text).toBe('한빛은행 고객센터 운영 시간이 1월부터 바뀝니다.');
    const audit = (await s.store.db
      .selectFrom('audit_log' as never)
      .select(['action' as never])
      .where('target_id' as never, '=', variantId as never)
      .execute()) as Array<{ action: string }>;
    expect(audit.map((x) => x.action)).toEqual(expect.arrayContaining(['publishing.edit_requested', 'publishing.edit_approved']));
  });

  it('a take-down goes through the adapter (publishing.manage); its engagement is no longer pulled', async () => {
    const { postId, variantId, nativeId } = await published();
    await expect(ctx.s.publishing.published.delete(ctx.agent, postId, variantId)).rejects.toMatchObject({ code: 'auth.forbidden' });
    const view = await ctx.s.publishing.published.delete(ctx.admin, postId, variantId);
    expect(view.variants[0]!.deletedAt).not.toBeNull();
    expect(ctx.channel.deliveries.find((d) => d.id === nativeId)!.deleted).toBe(true);
    await expect(ctx.s.publishing.published.delete(ctx.admin, postId, variantId)).rejects.toMatchObject({ code: 'publishing.not_published' });
    const reads = ctx.channel.metricReads.get(nativeId) ?? 0;
    ctx.clock.advance(2 * HOUR);
    await pull();
    expect(ctx.channel.metricReads.get(nativeId) ?? 0).toBe(reads);
  });

  it('a published blog post spawns short drafts that link back to it and fit each channel', async () => {
    const s = ctx.s;
    const long = `한빛 적금은 매달 자동이체로 목돈을 모으는 상품입니다. 적금 금리는 우대 조건에 따라 달라집니다. ${'적금 가입 전 상품설명서를 꼭 확인하세요. '.repeat(30)}`;
    const post = await s.publishing.posts.create(ctx.maker, { title: '한빛 적금 안내', masterText: long, product: null, scheduledAt: new Date(ctx.clock.now().getTime() + 60_000).toISOString(), variants: [{ target: 'builtin-blog' }] });
    const spawn = (id: string) => spawnShortPost(s.publishing.deps, s.publishing.posts, ctx.maker, id, [{ accountId: ctx.accountId, target: 'pubtest' }]);
    // Not yet published: no link to carry.
    await expect(spawn(post.id)).rejects.toMatchObject({ code: 'publishing.blog_not_published' });
    await s.publishing.approvals.submit(ctx.maker, post.id);
    await s.publishing.approvals.approve(ctx.lead, post.id);
    ctx.clock.advance(61_000);
    await sender().runDue();
    const blog = (await s.publishing.posts.get(ctx.maker, post.id, false)).variants[0]!;
    expect(blog.status).toBe('published');
    expect(blog.url).toMatch(/^https?:\/\//);
    const draft = await spawn(post.id);
    expect(draft.status).toBe('draft');
    expect(draft.id).not.toBe(post.id);
    const text = draft.variants[0]!.text;
    expect(text).toContain(blog.url!);
    expect(text).toContain('#적금');
    expect(text.startsWith('한빛 적금 안내')).toBe(true);
    expect(text).toContain('…'); // the long text was cut to fit
    const check = (await s.publishing.posts.get(ctx.maker, draft.id)).variants[0]!.check!;
    expect(check.measure!.length).toBeLessThanOrEqual(check.measure!.limit!);
    // Editable before approval, like any draft.
    const edited = await s.publishing.posts.update(ctx.maker, draft.id, { title: draft.title, masterText: draft.masterText, variants: [{ accountId: ctx.accountId, target: 'pubtest', text: `${text} 지금 확인하세요` }] });
    expect(edited.variants[0]!.text.endsWith('지금 확인하세요')).toBe(true);
    // A post with no blog variant spawns nothing.
    const plain = await published(null, '한빛은행 공지');
    await expect(spawn(plain.postId)).rejects.toMatchObject({ code: 'publishing.not_a_blog_post' });
  });

  it('keywords of a Korean text drop particles and count the title double', () => {
    expect(keywords('한빛 적금 안내', '적금은 매달 자동이체로 목돈을 모읍니다. 적금 금리는 우대 조건에 따라')).toEqual(expect.arrayContaining(['적금']));
    expect(keywords('', '그리고 그리고 그리고')).toEqual([]);
  });

  it('Instagram: the adapter declares an image required; the check refuses a caption without one', async () => {
    const none = await ctx.s.publishing.posts.check(ctx.agent, { target: 'instagram', text: '한빛은행 새 적금 출시' });
    expect(none.ok).toBe(false);
    expect(none.problems).toContain('image_required');
    const withImage = await ctx.s.publishing.posts.check(ctx.agent, { target: 'instagram', text: '한빛은행 새 적금 출시', media: [{ url: 'https://cdn.bank.test/a.png', altText: '적금 금리 표' }] });
    expect(withImage.problems).not.toContain('image_required');
    const facebook = await ctx.s.publishing.posts.check(ctx.agent, { target: 'facebook', text: '한빛은행 새 적금 출시' });
    expect(facebook.problems).not.toContain('image_required');
  });

  it('over HTTP: another workspace gets 404, an agent cannot delete, a token cannot approve an edit, bad ids are 400', async () => {
    const admin = new ApiClient(ctx.server.url);
    await admin.login(ctx.server.admin.email, ctx.server.admin.password);
    const ws = ctx.server.admin.workspaceId;
    const { postId, variantId } = await published(null, '한빛은행 앱 점검 안내: 오늘 밤 2시부터 30분.');
    const base = `/api/v1/w/${ws}/publishing`;
    const a = await admin.get(`${base}/analytics?postId=${postId}`);
    expect(a.status).toBe(200);
    expect(a.body.posts[0].variants[0].variantId).toBe(variantId);
    const other = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: `other-${crypto.randomUUID().slice(0, 6)}` })).body.workspace.id;
    expect((await admin.get(`/api/v1/w/${other}/publishing/analytics?postId=${postId}`)).status).toBe(404);
    expect((await admin.post(`/api/v1/w/${other}/publishing/posts/${postId}/variants/${variantId}/delete`, {})).status).toBe(404);
    expect((await admin.post(`/api/v1/w/${other}/publishing/posts/${postId}/variants/${variantId}/edit`, { text: '바꾼 글' })).status).toBe(404);
    expect((await admin.post(`/api/v1/w/${other}/publishing/posts/${postId}/spawn`, { variants: [{ target: 'pubtest', accountId: ctx.accountId }] })).status).toBe(404);
    expect((await admin.get(`${base}/analytics?postId=nope`)).status).toBe(400);
    expect((await admin.post(`${base}/posts/${postId}/variants/${variantId}/edit`, { text: '' })).status).toBe(400);
    expect((await admin.post(`${base}/posts/${postId}/variants/${variantId}/edit`, { text: 'x'.repeat(100_001) })).status).toBe(400);
    const tok = await admin.post(`/api/v1/w/${ws}/tokens`, { name: '편집 토큰', scopes: ['write'] });
    expect(tok.status).toBe(201);
    const bot = new ApiClient(ctx.server.url);
    const r = await bot.request('POST', `${base}/posts/${postId}/variants/${variantId}/approve-edit`, {}, { authorization: `Bearer ${tok.body.secret}` });
    expect(r.status).toBe(403);
  });
});

describe('engagement pulls racing (PostgreSQL)', () => {
  const { ctx, published, pull } = setup('postgres');

  it('two workers pulling at once read each due figure once (FOR UPDATE SKIP LOCKED)', async () => {
    const posts = [];
    for (let i = 0; i < 6; i++) posts.push(await published(null, `한빛은행 공지 ${i}번`));
    ctx.clock.advance(HOUR + 1000);
    const [a, b] = await Promise.all([pull(), pull()]);
    expect(a + b).toBe(6);
    for (const p of posts) expect(ctx.channel.metricReads.get(p.nativeId)).toBe(1);
    expect(await pull()).toBe(0);
  }, 60_000);
});
