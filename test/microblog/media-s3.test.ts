import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3TestServer, type S3TestServer } from '../../src/platform/storage/testing/s3-server.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PEOPLE, passwordToken, seedPeople } from './support.js';

// The program with SOTONG_S3_* set keeps uploads in an S3-compatible bucket (a local server speaking S3's
// wire format and checking SigV4), not in the data folder.
let s3: S3TestServer;
let server: TestServer;
let kim: string;
beforeAll(async () => {
  s3 = await startS3TestServer({ bucket: 'bank-files', region: 'ap-northeast-2', keys: { SOTONGAPP: 's3cret/key' } });
  server = await startTestServer({
    env: { SOTONG_S3_ENDPOINT: s3.url, SOTONG_S3_BUCKET: 'bank-files', SOTONG_S3_REGION: 'ap-northeast-2', SOTONG_S3_ACCESS_KEY_ID: 'SOTONGAPP', SOTONG_S3_SECRET_ACCESS_KEY: 's3cret/key', SOTONG_S3_PREFIX: 'sotong/' },
  });
  await seedPeople(server);
  kim = (await passwordToken(server.url, PEOPLE[0]!.email, PEOPLE[0]!.password)).token;
}, 180_000);
afterAll(async () => {
  await server?.close();
  await s3?.close();
}, 60_000);

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(256)]);
async function upload(data: Buffer, name: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type: 'image/png' }), name);
  form.append('description', '지점 안내 사진');
  return fetch(`${server.url}/api/v2/media`, { method: 'POST', headers: { authorization: `Bearer ${kim}` }, body: form });
}

describe('microblog media in an S3-compatible bucket', () => {
  it('stores the upload in the bucket under the prefix and serves the same bytes back', async () => {
    const r = await upload(PNG, '지점.png');
    expect(r.status).toBe(200);
    const media = (await r.json()) as { id: string; url: string };
    const stored = [...s3.objects.entries()].filter(([k]) => k.startsWith('sotong/'));
    expect(stored.length).toBe(1);
    expect(Buffer.compare(stored[0]![1], PNG)).toBe(0);
    const post = await fetch(`${server.url}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${kim}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: '새 지점 사진', media_ids: [media.id] }) });
    expect(post.status).toBe(200);
    const got = await fetch(media.url);
    expect(got.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await got.arrayBuffer()), PNG)).toBe(0);
  });

  it('a bucket that keeps failing answers a clear 503 and stores no half upload; the next upload works', async () => {
    const before = s3.objects.size;
    s3.failNext(503, 'SlowDown', 3);
    const r = await upload(PNG, 'busy.png');
    expect(r.status).toBe(503);
    const body = (await r.json()) as { error: string };
    expect(body.error).toMatch(/file storage/i);
    expect(s3.objects.size).toBe(before);
    expect((await upload(PNG, 'again.png')).status).toBe(200);
    expect(s3.objects.size).toBe(before + 1);
  });
});
