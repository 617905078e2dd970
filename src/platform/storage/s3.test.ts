import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Error, S3Storage } from './s3.js';
import { signRequest, EMPTY_SHA256 } from './sigv4.js';
import { storageContract } from './storage.contract.js';
import { startS3TestServer, type S3TestServer } from './testing/s3-server.js';

const KEYS = { SOTONGTESTKEY: 'local-secret/with+symbols=' };
let server: S3TestServer;
const open = (o: Partial<ConstructorParameters<typeof S3Storage>[0]> = {}) =>
  new S3Storage({ endpoint: server.url, bucket: 'sotong-files', region: 'ap-northeast-2', accessKeyId: 'SOTONGTESTKEY', secretAccessKey: KEYS.SOTONGTESTKEY, prefix: 'bank-a/', ...o });

beforeAll(async () => {
  server = await startS3TestServer({ bucket: 'sotong-files', region: 'ap-northeast-2', keys: KEYS });
});
afterAll(() => server.close());

storageContract('S3-compatible (local server, SigV4 checked)', async () => open());

describe('SigV4', () => {
  it('signs the AWS documentation example (GET Object with a Range) to its published signature', () => {
    const h = signRequest(
      { method: 'GET', url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'), headers: { Range: 'bytes=0-9' }, payloadSha256: EMPTY_SHA256, region: 'us-east-1', now: new Date('2013-05-24T00:00:00Z') },
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    );
    expect(h.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });
});

describe('S3 storage against the store', () => {
  it('keeps keys under the prefix, path-style, in the bucket', async () => {
    const s = open();
    await s.put('ws1/photo.png', Buffer.from('png bytes'));
    expect(server.objects.get('bank-a/ws1/photo.png')?.toString()).toBe('png bytes');
    expect(server.requests.at(-1)).toEqual({ method: 'PUT', path: '/sotong-files/bank-a/ws1/photo.png', status: 200 });
  });

  it('a wrong secret is refused by the store and surfaces as an error with the store’s code, nothing stored', async () => {
    const s = open({ secretAccessKey: 'not-the-secret' });
    const before = server.objects.size;
    await expect(s.put('ws1/forged.bin', Buffer.from('x'))).rejects.toMatchObject({ name: 'S3Error', status: 403, s3Code: 'SignatureDoesNotMatch', code: 'storage.unavailable' });
    await expect(s.get('ws1/photo.png')).rejects.toBeInstanceOf(S3Error);
    expect(server.objects.size).toBe(before);
    await expect(open({ accessKeyId: 'UNKNOWN' }).get('ws1/photo.png')).rejects.toMatchObject({ s3Code: 'InvalidAccessKeyId' });
  });

  it('a clock far off is refused (the signature carries the time)', async () => {
    const s = open({ now: () => new Date(Date.now() - 3_600_000) });
    await expect(s.get('ws1/photo.png')).rejects.toMatchObject({ s3Code: 'RequestTimeTooSkewed' });
  });

  it('retries a store that is slow down or failing for a moment, then gives up with the last error', async () => {
    const s = open();
    server.failNext(503, 'SlowDown', 2);
    const bytes = crypto.randomBytes(1000);
    expect((await s.put('ws1/retry.bin', bytes)).size).toBe(1000);
    expect(Buffer.compare(server.objects.get('bank-a/ws1/retry.bin')!, bytes)).toBe(0);
    server.failNext(500, 'InternalError', 3);
    await expect(s.get('ws1/retry.bin')).rejects.toMatchObject({ status: 500, s3Code: 'InternalError' });
    // A refusal that is not passing (403, 400) is not retried.
    const n = server.requests.length;
    server.failNext(403, 'AccessDenied', 1);
    await expect(s.get('ws1/retry.bin')).rejects.toMatchObject({ s3Code: 'AccessDenied' });
    expect(server.requests.length).toBe(n + 1);
  });

  it('a store that cannot be reached fails with a network error, not a hang', async () => {
    const s = new S3Storage({ endpoint: 'http://127.0.0.1:9', bucket: 'sotong-files', region: 'ap-northeast-2', accessKeyId: 'a', secretAccessKey: 'b', timeoutMs: 2000 });
    await expect(s.get('k')).rejects.toMatchObject({ s3Code: 'network' });
  });

  it('refuses bad settings at construction', () => {
    expect(() => open({ bucket: 'Bad_Bucket' })).toThrow(/bucket/);
    expect(() => open({ endpoint: 'ftp://store' })).toThrow(/http/);
    expect(() => open({ prefix: '../other' })).toThrow(/storage key/);
  });
});
