import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { PEOPLE, passwordToken, seedPeople } from './support.js';

let server: TestServer;
let kim: string;
let lee: string;
beforeAll(async () => {
  server = await startTestServer();
  await seedPeople(server);
  kim = (await passwordToken(server.url, PEOPLE[0]!.email, PEOPLE[0]!.password)).token;
  lee = (await passwordToken(server.url, PEOPLE[1]!.email, PEOPLE[1]!.password)).token;
}, 180_000);
afterAll(async () => server?.close(), 60_000);

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(64)]);

async function upload(token: string | undefined, data: Buffer, name: string, type = 'application/octet-stream', field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(data)], { type }), name);
  form.append('description', '설명');
  return fetch(`${server.url}/api/v2/media`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
}
const post = (token: string, body: Record<string, unknown>) => fetch(`${server.url}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('microblog media under attack', () => {
  it('needs a token with write scope, a multipart file field, and some bytes under the size limit', async () => {
    expect((await upload(undefined, PNG, 'a.png')).status).toBe(401);
    const noFile = await upload(kim, PNG, 'a.png', 'image/png', 'other');
    expect(noFile.status).toBe(400);
    expect((await noFile.json()).error).toMatch(/file/);
    const json = await fetch(`${server.url}/api/v2/media`, { method: 'POST', headers: { authorization: `Bearer ${kim}`, 'content-type': 'application/json' }, body: '{"file":"x"}' });
    expect(json.status).toBe(400);
    expect((await upload(kim, Buffer.alloc(0), 'empty.png')).status).toBe(400);
    const big = await upload(kim, Buffer.alloc(10 * 1024 * 1024 + 1, 1), 'big.png');
    expect(big.status).toBe(400);
    expect((await big.json()).error).toMatch(/10 MB/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('reads the type from the bytes: a page named .png is served as a download in a sandbox, never as HTML', async () => {
    const r = await upload(kim, Buffer.from('<html><script>alert(document.cookie)</script></html>'), 'cat.png', 'image/png');
    expect(r.status).toBe(200);
    const m = await r.json();
    expect(m.type).toBe('unknown');
    const file = await fetch(m.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toMatch(/sandbox/);
    const img = await (await upload(kim, PNG, 'real.png')).json();
    const served = await fetch(img.url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.compare(Buffer.from(await served.arrayBuffer()), PNG)).toBe(0);
    // A wrong, short or altered token finds nothing.
    const [base, token] = [img.url.slice(0, img.url.lastIndexOf('/')), img.url.slice(img.url.lastIndexOf('/') + 1)];
    for (const bad of [`${base}/${'A'.repeat(32)}`, `${base}/${token.slice(1)}`, `${base}/..%2F..%2Fetc%2Fpasswd`, `${server.url}/media/0/${token}`]) expect((await fetch(bad)).status, bad).toBe(404);
  });

  it("attaches only one's own uploads, each to one post, at most four", async () => {
    const mine = await (await upload(kim, PNG, 'mine.png')).json();
    const theirs = await (await upload(lee, PNG, 'theirs.png')).json();
    const stolen = await post(kim, { status: '남의 사진', media_ids: [theirs.id] });
    expect(stolen.status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/media/${theirs.id}`, { headers: { authorization: `Bearer ${kim}` } })).status).toBe(404);
    const ok = await post(kim, { status: '내 사진', media_ids: [mine.id] });
    expect(ok.status).toBe(200);
    expect((await ok.json()).media_attachments.map((a: { id: string }) => a.id)).toEqual([mine.id]);
    const again = await post(kim, { status: '같은 사진 또', media_ids: [mine.id] });
    expect(again.status).toBe(400);
    expect(JSON.stringify(await again.json())).toMatch(/already/);
    const five = await Promise.all(Array.from({ length: 5 }, async () => (await (await upload(kim, PNG, 'x.png')).json()).id as string));
    expect((await post(kim, { status: '다섯 장', media_ids: five })).status).toBe(400);
    // An image alone is a post (no text needed).
    expect((await post(kim, { status: '', media_ids: five.slice(0, 1) })).status).toBe(200);
  });

  it('holds a post whose file is a spreadsheet or whose name carries a confidentiality marker; the reasons reach the author only', async () => {
    const sheet = await (await upload(kim, Buffer.from('PK\u0003\u0004rest-of-zip'), '명단.xlsx')).json();
    const held = await post(kim, { status: '자료 공유', media_ids: [sheet.id] });
    expect(held.status).toBe(422);
    expect(JSON.stringify(await held.json())).toMatch(/보류|held/);
    const marked = await (await upload(kim, PNG, '대외비_조직도.png')).json();
    expect((await post(kim, { status: '조직도', media_ids: [marked.id] })).status).toBe(422);
    // Neither shows to a colleague.
    const tl = await (await fetch(`${server.url}/api/v1/timelines/public?local=true`, { headers: { authorization: `Bearer ${lee}` } })).json();
    expect(JSON.stringify(tl)).not.toMatch(/명단|조직도/);
  });
});
