/**
 * The demo's publishing end to end (the program as `--demo` starts it, with its channel simulators): the
 * seeded deposit promotion goes out to the Mastodon and Bluesky simulators at its slot, "read reactions
 * now" brings the simulated audience's figures into the analytics, the seeded blog post is published on the
 * built-in blog and spawns a short linked draft, the pending post is in the approvals queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('demo publishing, end to end', () => {
  let server: TestServer;
  let api: ApiClient;
  let base: string;
  beforeAll(async () => {
    // A first start with a day of history: the demo seeds its publishing and runs its simulators.
    server = await startTestServer({ demoHistoryDays: 1, demoRate: 0 });
    api = new ApiClient(server.url);
    await api.login(server.admin.email, server.admin.password);
    base = `/api/v1/w/${server.admin.workspaceId}/publishing`;
  }, 180_000);
  afterAll(async () => server?.close());

  it('the promotion reaches the simulators, its reactions are read, the blog post spawns a draft', async () => {
    const find = async (title: string) => ((await api.get(`${base}/posts?limit=50`)).body.posts as Array<{ id: string; title: string; status: string }>).find((p) => p.title === title);
    // Seeded after the history (which makes the demo's accounts), then sent at its slot.
    await expect.poll(async () => (await find('겨울 정기예금 특판 오픈'))?.status, { timeout: 120_000, interval: 1000 }).toBe('published');
    const promo = (await find('겨울 정기예금 특판 오픈'))!;
    const read = await api.post(`${base}/posts/${promo.id}/engagement/refresh`, {});
    expect(read.status).toBe(200);
    // Mastodon and Bluesky, those of them the demo's history made an account for (a day of it: at least one).
    const variants = read.body.analytics.posts[0].variants as Array<{ target: string; accountId: string }>;
    expect(variants.length).toBeGreaterThanOrEqual(1);
    expect(read.body.pulled).toBe(variants.length);
    for (const v of variants) expect(['bluesky', 'mastodon']).toContain(v.target);
    for (const v of read.body.analytics.posts[0].variants) {
      expect(v.fetchedAt).not.toBeNull();
      expect(typeof v.likes).toBe('number');
    }
    await expect.poll(async () => (await find('사회초년생을 위한 적금 가이드'))?.status, { timeout: 60_000, interval: 1000 }).toBe('published');
    const blog = (await find('사회초년생을 위한 적금 가이드'))!;
    const draft = await api.post(`${base}/posts/${blog.id}/spawn`, { variants: [{ accountId: variants[0]!.accountId, target: variants[0]!.target }] });
    expect(draft.status).toBe(201);
    expect(draft.body.variants[0].text).toContain('/blog/');
    expect(draft.body.variants[0].check.ok).toBe(true);
    const pending = (await api.get(`${base}/posts?status=in_review`)).body.posts;
    expect(pending.map((p: { title: string }) => p.title)).toEqual(['겨울 정기예금 특판 안내']);
  }, 200_000);
});
