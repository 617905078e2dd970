import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local S3-compatible server for tests: PUT/GET/DELETE Object, path-style, speaking S3's wire format
 * (XML errors, `x-amz-content-sha256` checked against the body, SigV4 checked with its own code, not the
 * client's). `failNext` makes the next requests answer an error (503 SlowDown, 500…) to exercise retries.
 */
export interface S3TestServer {
  url: string;
  objects: Map<string, Buffer>;
  requests: { method: string; path: string; status: number }[];
  failNext(status: number, code: string, times?: number): void;
  close(): Promise<void>;
}

const hmac = (key: crypto.BinaryLike, text: string) => crypto.createHmac('sha256', key).update(text).digest();
const sha = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');
const enc = (s: string, slash: boolean) =>
  encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, slash ? '/' : '%2F');

function xmlError(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

/** Checks the request's SigV4 Authorization header; returns the reason it fails, or null. */
function verify(req: http.IncomingMessage, body: Buffer, keys: Record<string, string>, region: string): string | null {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return 'AuthorizationHeaderMalformed';
  const [, keyId, day, reg, signed, signature] = m as unknown as [string, string, string, string, string, string];
  const secret = keys[keyId];
  if (!secret) return 'InvalidAccessKeyId';
  if (reg !== region) return 'AuthorizationHeaderMalformed';
  const date = String(req.headers['x-amz-date'] ?? '');
  if (!date.startsWith(day)) return 'SignatureDoesNotMatch';
  const skew = Math.abs(Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`) - Date.now());
  if (!(skew < 15 * 60_000)) return 'RequestTimeTooSkewed';
  const payload = String(req.headers['x-amz-content-sha256'] ?? '');
  if (payload !== 'UNSIGNED-PAYLOAD' && payload !== sha(body)) return 'XAmzContentSHA256Mismatch';
  const names = signed.split(';');
  for (const must of ['host', 'x-amz-date', 'x-amz-content-sha256']) if (!names.includes(must)) return 'SignatureDoesNotMatch';
  const url = new URL(req.url ?? '/', 'http://x');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => `${enc(k, false)}=${enc(v, false)}`)
    .sort()
    .join('&');
  const headerLines = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonical = `${req.method}\n${enc(decodeURIComponent(url.pathname), true)}\n${query}\n${headerLines}\n${signed}\n${payload}`;
  const toSign = `AWS4-HMAC-SHA256\n${date}\n${day}/${region}/s3/aws4_request\n${sha(canonical)}`;
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
  const expected = crypto.createHmac('sha256', key).update(toSign).digest('hex');
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature)) ? null : 'SignatureDoesNotMatch';
}

export async function startS3TestServer(opts: { bucket: string; region: string; keys: Record<string, string> }): Promise<S3TestServer> {
  const objects = new Map<string, Buffer>();
  const requests: S3TestServer['requests'] = [];
  const failures: { status: number; code: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      const answer = (status: number) => requests.push({ method: req.method ?? '', path: url.pathname, status });
      const fail = failures.shift();
      if (fail) {
        answer(fail.status);
        return xmlError(res, fail.status, fail.code, 'injected');
      }
      const problem = verify(req, body, opts.keys, opts.region);
      if (problem) {
        answer(403);
        return xmlError(res, problem === 'AuthorizationHeaderMalformed' ? 400 : 403, problem, 'refused');
      }
      const [, bucket, ...rest] = decodeURIComponent(url.pathname).split('/');
      const key = rest.join('/');
      if (bucket !== opts.bucket) {
        answer(404);
        return xmlError(res, 404, 'NoSuchBucket', 'no such bucket');
      }
      if (!key) {
        answer(400);
        return xmlError(res, 400, 'InvalidRequest', 'an object key is needed');
      }
      if (req.method === 'PUT') {
        objects.set(key, body);
        answer(200);
        res.writeHead(200, { etag: `"${crypto.createHash('md5').update(body).digest('hex')}"` });
        return res.end();
      }
      if (req.method === 'GET') {
        const o = objects.get(key);
        if (!o) {
          answer(404);
          return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
        }
        answer(200);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': o.length });
        return res.end(o);
      }
      if (req.method === 'DELETE') {
        objects.delete(key);
        answer(204);
        res.writeHead(204);
        return res.end();
      }
      answer(405);
      return xmlError(res, 405, 'MethodNotAllowed', 'not here');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    requests,
    failNext: (status, code, times = 1) => {
      for (let i = 0; i < times; i++) failures.push({ status, code });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
