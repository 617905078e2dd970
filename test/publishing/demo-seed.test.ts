import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoPublishing, DEMO_CAMPAIGNS } from '../../src/app/demo-publishing.js';
import { systemActor } from '../../src/platform/actor.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('demo publishing seed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ roles: ['web'] });
  }, 120_000);
  afterAll(async () => server?.close());

  it('campaigns across the demo channels, one post waiting for approval, approved posts on the calendar this week and month', async () => {
    const s = server.runtime.services;
    const scope = { workspaceId: server.admin.workspaceId, actor: systemActor, role: 'admin' as const, tokenScopes: null };
    // The demo's accounts, as its history makes them (marked demo), then the seed.
    for (const type of ['mastodon', 'bluesky', 'x', 'meta']) await s.accounts.connect(scope, { type, name: `Demo · ${type}`, settings: { demo: true }, credentials: {} }, { skipValidation: true });
    await seedDemoPublishing(s, scope);
    expect((await s.publishing.posts.campaigns(scope)).map((c) => c.name).sort()).toEqual([...DEMO_CAMPAIGNS].sort());
    const pending = await s.publishing.posts.list(scope, { status: 'in_review' });
    expect(pending).toHaveLength(1);
    expect(pending[0]!.chain.map((c) => c.name)).toEqual(['마케팅 책임자', '준법감시인']);
    const approved = await s.publishing.posts.list(scope, { status: 'approved' });
    // Two going out seconds after the start (Mastodon and Bluesky; the blog), one tomorrow, one this week.
    expect(approved.length).toBe(4);
    const targets = new Set(approved.flatMap((p) => p.variants.map((v) => v.target)));
    for (const t of ['mastodon', 'bluesky', 'x', 'facebook', 'builtin-blog']) expect(targets).toContain(t);
    // The stamped ones carry the 심의필, and nobody approved their own post.
    const stamped = approved.filter((p) => p.product === 'deposit');
    expect(stamped.every((p) => p.review?.stamp?.startsWith('준법감시인 심의필 제2026-0412호'))).toBe(true);
    const reviews = await s.publishing.approvals.reviews(scope, stamped[0]!.id);
    expect(reviews.filter((r) => r.action === 'approved').map((r) => r.user)).toEqual(['김하늘 (마케팅 책임자)', '박정민 (준법감시인)']);
    const now = Date.now();
    const cal = await s.publishing.calendar.entries(scope, { from: new Date(now - 86_400_000).toISOString(), to: new Date(now + 10 * 86_400_000).toISOString() });
    expect(cal.entries.length).toBe(6);
    // The Instagram draft carries its image (Instagram takes none without).
    const drafts = await s.publishing.posts.list(scope, { status: 'draft' });
    const insta = drafts.flatMap((p) => p.variants).find((v) => v.target === 'instagram');
    expect(insta?.media).toHaveLength(1);
  });
});
