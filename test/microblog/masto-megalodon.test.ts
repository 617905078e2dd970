import { createRestAPIClient, createStreamingAPIClient } from 'masto';
import { Mastodon, detector } from 'megalodon';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { PEOPLE, passwordToken, seedPeople } from './support.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await seedPeople(server);
}, 180_000);
afterAll(async () => server?.close(), 60_000);

describe('masto@7 against the Mastodon client API', () => {
  it('logs in, posts with a poll, votes, follows by search, pages the home and tag timelines, and streams an update', async () => {
    const [kim, lee] = PEOPLE;
    const a = await passwordToken(server.url, kim!.email, kim!.password);
    const b = await passwordToken(server.url, lee!.email, lee!.password);
    const kimApi = createRestAPIClient({ url: server.url, accessToken: a.token });
    const leeApi = createRestAPIClient({ url: server.url, accessToken: b.token });

    const me = await kimApi.v1.accounts.verifyCredentials();
    expect(me.displayName).toBe('김민수');
    expect(me.fields.map((f) => f.value)).toContain('디지털금융부');
    const instance = await kimApi.v2.instance.fetch();
    expect(instance.configuration.urls.streaming).toMatch(/^ws:/);

    // Lee finds Kim by search and follows him; follows the tag too.
    const found = await leeApi.v2.search.list({ q: '김민수', type: 'accounts' });
    expect(found.accounts.map((x) => x.id)).toContain(me.id);
    const rel = await leeApi.v1.accounts.$select(me.id).follow();
    expect(rel.following).toBe(true);

    // Lee opens a user stream before Kim posts.
    const streaming = createStreamingAPIClient({ streamingApiUrl: instance.configuration.urls.streaming, accessToken: b.token, implementation: WebSocket as never });
    const sub = streaming.user.subscribe();
    const got = (async () => {
      for await (const e of sub) if (e.event === 'update' && e.payload.content.includes('스트림')) return e.payload;
      return null;
    })();
    await new Promise((r) => setTimeout(r, 1000));

    // Kim posts a poll, then 25 posts with a Korean hashtag.
    const withPoll = await kimApi.v1.statuses.create({ status: '점심 메뉴 투표 #점심', poll: { options: ['김치찌개', '비빔밥'], expiresIn: 3600 } }, { requestInit: { headers: { 'Idempotency-Key': 'poll-1' } } });
    const again = await kimApi.v1.statuses.create({ status: '점심 메뉴 투표 #점심', poll: { options: ['김치찌개', '비빔밥'], expiresIn: 3600 } }, { requestInit: { headers: { 'Idempotency-Key': 'poll-1' } } });
    expect(again.id).toBe(withPoll.id);
    expect(withPoll.poll?.options.map((o) => o.title)).toEqual(['김치찌개', '비빔밥']);
    const voted = await leeApi.v1.polls.$select(withPoll.poll!.id).votes.create({ choices: [1] });
    expect(voted.ownVotes).toEqual([1]);
    expect(voted.options[1]!.votesCount).toBe(1);
    await expect(leeApi.v1.polls.$select(withPoll.poll!.id).votes.create({ choices: [0] })).rejects.toThrow();

    for (let i = 0; i < 25; i++) await kimApi.v1.statuses.create({ status: `업무 팁 ${i} #디지털전환 에서 배운 것` });
    const live = await kimApi.v1.statuses.create({ status: '스트림 테스트' });
    try {
      const streamed = await Promise.race([got, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
      expect((streamed as { id: string }).id).toBe(live.id);
    } finally {
      sub.unsubscribe();
      streaming.close();
    }

    // Home across pages with the Link header (masto's iterator follows rel="next").
    const seen: string[] = [];
    for await (const pageOf of leeApi.v1.timelines.home.list({ limit: 10 })) {
      seen.push(...pageOf.map((s) => s.id));
      if (seen.length > 100) break;
    }
    expect(seen.length).toBe(27);
    expect(new Set(seen).size).toBe(27);
    expect([...seen].sort((x, y) => Number(y) - Number(x))).toEqual(seen);

    const tagSeen: string[] = [];
    for await (const pageOf of leeApi.v1.timelines.tag.$select('디지털전환').list({ limit: 7 })) tagSeen.push(...pageOf.map((s) => s.id));
    expect(tagSeen.length).toBe(25);

    // Korean-aware search: 디지털전환에서 finds the tag's posts by lemma.
    const search = await leeApi.v2.search.list({ q: '업무 팁', type: 'statuses' });
    expect(search.statuses.length).toBeGreaterThan(0);
    const notes = await kimApi.v1.notifications.list();
    expect(notes.map((n) => n.type)).toContain('follow');
  }, 60_000);

  it('holds a post carrying a card number and tells the client why; nobody else sees it', async () => {
    const [kim, lee, , choi] = PEOPLE;
    const a = await passwordToken(server.url, kim!.email, kim!.password);
    const kimApi = createRestAPIClient({ url: server.url, accessToken: a.token });
    await expect(kimApi.v1.statuses.create({ status: '고객 카드 4111 1111 1111 1111 재발급 부탁' })).rejects.toThrow(/보류|held/);
    const b = await passwordToken(server.url, lee!.email, lee!.password);
    const leeApi = createRestAPIClient({ url: server.url, accessToken: b.token });
    const pub = await leeApi.v1.timelines.public.list({ local: true, limit: 40 });
    expect(pub.some((s) => s.content.includes('4111'))).toBe(false);
    // The compliance officer sees it in the moderation queue (web API) with its reasons.
    const { ApiClient } = await import('../support/client.js');
    const c = new ApiClient(server.url);
    await c.login(choi!.email, choi!.password);
    const q = await c.get(`/api/v1/w/${server.admin.workspaceId}/microblog/moderation`);
    expect(q.status).toBe(200);
    const held = q.body.posts.find((p: { text: string }) => p.text.includes('4111'));
    expect(held.holdReasons.map((r: { kind: string }) => r.kind)).toContain('card');
  }, 30_000);
});

describe('megalodon@10.0.5 against the Mastodon client API', () => {
  it('detects Mastodon, logs in with the authorization code flow, posts and reads the tag timeline', async () => {
    expect(await detector(server.url)).toBe('mastodon');
    const [, , park] = PEOPLE;
    const anon = new Mastodon(server.url);
    const app = await anon.registerApp('megalodon-test', { scopes: ['read', 'write', 'follow'], redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' });
    const page = await fetch(app.url!);
    expect(page.status).toBe(200);
    const form = await fetch(`${server.url}/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: app.client_id, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', scope: 'read write follow', email: park!.email, password: park!.password }),
    });
    const code = /<code id="code">([^<]+)<\/code>/.exec(await form.text())?.[1];
    expect(code).toBeTruthy();
    const token = await anon.fetchAccessToken(app.client_id, app.client_secret, code!, 'urn:ietf:wg:oauth:2.0:oob');
    // A code is good once.
    await expect(anon.fetchAccessToken(app.client_id, app.client_secret, code!, 'urn:ietf:wg:oauth:2.0:oob')).rejects.toThrow();
    const client = new Mastodon(server.url, token.access_token);
    const me = await client.verifyAccountCredentials();
    expect(me.data.display_name).toBe('박준호');
    const posted = await client.postStatus('장애 대응 회고 #장애대응 #IT운영', { poll: { options: ['좋음', '보통', '나쁨'], expires_in: 600, multiple: true } });
    expect((posted.data as { poll: { options: unknown[] } }).poll.options).toHaveLength(3);
    const tag = await client.getTagTimeline('장애대응');
    expect(tag.data.map((s) => s.id)).toContain((posted.data as { id: string }).id);
    const found = await client.search('김민수', { type: 'accounts' });
    const kimId = found.data.accounts[0]!.id;
    const rel = await client.followAccount(kimId);
    expect(rel.data.following).toBe(true);
    const home = await client.getHomeTimeline({ limit: 5 });
    expect(home.data.length).toBe(5);
    const link = home.headers.link as string;
    expect(link).toMatch(/rel="next"/);
    const next = await client.getHomeTimeline({ limit: 5, max_id: home.data[4]!.id });
    expect(Number(next.data[0]!.id)).toBeLessThan(Number(home.data[4]!.id));
  }, 60_000);
});
