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
});
