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

const post = (token: string, body: unknown) => fetch(`${server.url}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

describe('Mastodon streaming', () => {
  it('server-sent events: a hashtag stream gets the update and the delete, and never a held post', async () => {
    const [kim, lee] = PEOPLE;
    const a = await passwordToken(server.url, kim!.email, kim!.password);
    const b = await passwordToken(server.url, lee!.email, lee!.password);
    expect(await (await fetch(`${server.url}/api/v1/streaming/health`)).text()).toBe('OK');
    const ctl = new AbortController();
    const res = await fetch(`${server.url}/api/v1/streaming/hashtag?tag=${encodeURIComponent('공지사항')}`, { headers: { authorization: `Bearer ${b.token}` }, signal: ctl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const until = async (re: RegExp) => {
      const deadline = Date.now() + 5000;
      while (!re.test(text) && Date.now() < deadline) {
        const { value, done } = await Promise.race([reader.read(), new Promise<{ value: undefined; done: true }>((r) => setTimeout(() => r({ value: undefined, done: true }), 500))]);
        if (value) text += new TextDecoder().decode(value);
        if (done && !value) continue;
      }
      return re.test(text);
    };
    await new Promise((r) => setTimeout(r, 200));
    await post(a.token, { status: '카드 4111 1111 1111 1111 건 #공지사항' });
    const shown = await post(a.token, { status: '시스템 점검 안내 #공지사항' });
    expect(await until(/event: update\ndata: .*시스템 점검 안내/)).toBe(true);
    expect(text).not.toContain('4111');
    await fetch(`${server.url}/api/v1/statuses/${shown.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${a.token}` } });
    expect(await until(new RegExp(`event: delete\\ndata: ${shown.id}\\n`))).toBe(true);
    ctl.abort();
  });

  it('WebSocket with ?stream=user&access_token= (megalodon style) gets notifications; a bad token is refused', async () => {
    const [kim, lee] = PEOPLE;
    const a = await passwordToken(server.url, kim!.email, kim!.password);
    const b = await passwordToken(server.url, lee!.email, lee!.password);
    const wsUrl = server.url.replace(/^http/, 'ws');
    const bad = new WebSocket(`${wsUrl}/api/v1/streaming?stream=user&access_token=nope`);
    const refused = await new Promise<string>((r) => {
      bad.on('unexpected-response', (_req, res) => r(String(res.statusCode)));
      bad.on('error', () => r('error'));
    });
    expect(refused).toBe('401');
    const ws = new WebSocket(`${wsUrl}/api/v1/streaming?stream=user&access_token=${b.token}`);
    const frames: Array<{ stream: string[]; event: string; payload: string }> = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    await new Promise((r) => ws.on('open', r));
    const mine = await post(b.token, { status: '제 글입니다' });
    await fetch(`${server.url}/api/v1/statuses/${mine.id}/favourite`, { method: 'POST', headers: { authorization: `Bearer ${a.token}` } });
    const deadline = Date.now() + 5000;
    while (!frames.some((f) => f.event === 'notification') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const n = frames.find((f) => f.event === 'notification')!;
    expect(n.stream).toEqual(['user']);
    const payload = JSON.parse(n.payload);
    expect(payload.type).toBe('favourite');
    expect(payload.account.display_name).toBe('김민수');
    expect(frames.some((f) => f.event === 'update' && JSON.parse(f.payload).id === mine.id)).toBe(true);
    ws.close();
  });

  it('fans one post out to many streams at once: each person gets what they may see, where, with their own marks', async () => {
    const [kim, lee, park, choi] = PEOPLE;
    const tok = async (p: (typeof PEOPLE)[number]) => (await passwordToken(server.url, p.email, p.password)).token;
    const [a, b, c, d] = await Promise.all([tok(kim!), tok(lee!), tok(park!), tok(choi!)]);
    const auth = (t: string) => ({ authorization: `Bearer ${t}` });
    const me = async (t: string) => (await (await fetch(`${server.url}/api/v1/accounts/verify_credentials`, { headers: auth(t) })).json()).id as string;
    const kimId = await me(a);
    // lee follows kim; park does not; choi follows nobody but watches the public stream.
    await fetch(`${server.url}/api/v1/accounts/${kimId}/follow`, { method: 'POST', headers: auth(b) });
    const wsUrl = server.url.replace(/^http/, 'ws');
    const open = async (token: string, stream: string) => {
      const frames: Array<{ stream: string[]; event: string; payload: string }> = [];
      const ws = new WebSocket(`${wsUrl}/api/v1/streaming?stream=${stream}&access_token=${token}`);
      ws.on('message', (m) => frames.push(JSON.parse(String(m))));
      await new Promise((r) => ws.on('open', r));
      return { ws, frames };
    };
    const streams = { lee: await open(b, 'user'), lee2: await open(b, 'user'), park: await open(c, 'user'), choiPublic: await open(d, 'public:local'), kim: await open(a, 'user') };
    await new Promise((r) => setTimeout(r, 200));
    const updates = (s: { frames: Array<{ event: string; payload: string }> }, id: string) => s.frames.filter((f) => f.event === 'update' && JSON.parse(f.payload).id === id).map((f) => JSON.parse(f.payload));
    const waitFor = async (check: () => boolean) => {
      const deadline = Date.now() + 5000;
      while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };

    // A public post by kim: his own stream, both of lee's (one person, two devices), choi's public stream; not park's home.
    const pub = await post(a, { status: '영업점 마감 시간 변경 안내' });
    await waitFor(() => updates(streams.lee2, pub.id).length > 0 && updates(streams.choiPublic, pub.id).length > 0 && updates(streams.kim, pub.id).length > 0);
    expect(updates(streams.lee, pub.id)).toHaveLength(1);
    expect(updates(streams.lee2, pub.id)).toHaveLength(1);
    expect(updates(streams.kim, pub.id)).toHaveLength(1);
    expect(updates(streams.choiPublic, pub.id)).toHaveLength(1);
    expect(updates(streams.park, pub.id)).toHaveLength(0);

    // A direct post to park: kim's own stream has it and park is notified; lee (a follower of kim, not
    // mentioned) and the public stream never see it.
    const dm = await post(a, { status: `@${park!.email.split('@')[0]!.replace('.', '_')} 내일 회의 자료 부탁해요`, visibility: 'direct' });
    const mentioned = () => streams.park.frames.filter((f) => f.event === 'notification' && JSON.parse(f.payload).status?.id === dm.id);
    await waitFor(() => updates(streams.kim, dm.id).length > 0 && mentioned().length > 0);
    expect(JSON.parse(mentioned()[0]!.payload).type).toBe('mention');
    expect(updates(streams.kim, dm.id)).toHaveLength(1);
    expect(updates(streams.lee, dm.id)).toHaveLength(0);
    expect(updates(streams.choiPublic, dm.id)).toHaveLength(0);

    // lee favourites kim's post; lee boosts it: on lee's stream the boost carries lee's own marks, on kim's not lee's.
    await fetch(`${server.url}/api/v1/statuses/${pub.id}/favourite`, { method: 'POST', headers: auth(b) });
    const boost = await (await fetch(`${server.url}/api/v1/statuses/${pub.id}/reblog`, { method: 'POST', headers: auth(b) })).json();
    await waitFor(() => updates(streams.lee, boost.id).length > 0);
    const seenByLee = updates(streams.lee, boost.id)[0];
    expect(seenByLee.reblog.id).toBe(pub.id);
    expect(seenByLee.reblog.favourited).toBe(true);
    expect(seenByLee.reblog.reblogged).toBe(true);
    expect(updates(streams.park, boost.id)).toHaveLength(0);
    for (const s of Object.values(streams)) s.ws.close();
  });
});
