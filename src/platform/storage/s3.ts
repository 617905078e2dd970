import crypto from 'node:crypto';
import { EMPTY_SHA256, signRequest, uriEncode, type SigV4Credentials } from './sigv4.js';
import { assertKey, type BlobStorage, type StoredBlob } from './storage.js';
import { DomainError } from '../errors.js';

/** Where and as whom an S3-compatible bucket is reached (SOTONG_S3_*; docs/storage.md). */
export interface S3Options extends SigV4Credentials {
  /** e.g. https://s3.ap-northeast-2.amazonaws.com, https://kr.object.ncloudstorage.com, http://minio.bank.internal:9000 */
  endpoint: string;
  bucket: string;
  region: string;
  /** Keys are stored under this prefix (e.g. `sotong/`), so one bucket can hold other things. */
  prefix?: string | undefined;
  /** Path-style addressing (`endpoint/bucket/key`, what MinIO and most on-premises stores want) or virtual-hosted (`bucket.endpoint/key`). */
  pathStyle?: boolean | undefined;
  /** Per attempt. */
  timeoutMs?: number | undefined;
  now?: () => Date;
}

/**
 * A request the store answered with an error, or that never got an answer after the retries: to callers
 * the file store is unavailable (503 `storage.unavailable`); `status` and `s3Code` say what the store said.
 */
export class S3Error extends DomainError {
  constructor(
    message: string,
    readonly status: number,
    readonly s3Code: string,
  ) {
    super('unavailable', 'storage.unavailable', `The file storage did not accept the request (${message}). Try again shortly; if it persists, the administrator should check the SOTONG_S3_* settings.`, { retryAfterSeconds: 5 });
    this.name = 'S3Error';
  }
}

const RETRYABLE = new Set([500, 502, 503, 504]);
const ATTEMPTS = 3;

/** The storage port over an S3-compatible object store: PUT, GET and DELETE Object, signed with SigV4. */
export class S3Storage implements BlobStorage {
  readonly kind = 's3' as const;
  private readonly base: URL;
  private readonly prefix: string;

  constructor(private readonly o: S3Options) {
    const endpoint = new URL(o.endpoint);
    if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') throw new Error('the S3 endpoint must be an http(s) URL');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(o.bucket)) throw new Error(`not an S3 bucket name: ${JSON.stringify(o.bucket)}`);
    const pathStyle = o.pathStyle ?? true;
    this.base = pathStyle ? new URL(`${endpoint.origin}/${o.bucket}/`) : new URL(`${endpoint.protocol}//${o.bucket}.${endpoint.host}/`);
    const prefix = (o.prefix ?? '').replace(/^\/+/, '');
    if (prefix) assertKey(prefix.replace(/\/+$/, ''));
    this.prefix = prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
  }

  async put(key: string, data: Uint8Array): Promise<StoredBlob> {
    assertKey(key);
    const body = new Uint8Array(data);
    const sha256 = crypto.createHash('sha256').update(body).digest('hex');
    await this.send('PUT', key, { body, sha256, headers: { 'content-type': 'application/octet-stream' } });
    return { key, size: body.length, sha256 };
  }

  async get(key: string): Promise<Buffer | undefined> {
    assertKey(key);
    const r = await this.send('GET', key, { okMissing: true });
    return r === undefined ? undefined : Buffer.from(await r.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.send('DELETE', key, { okMissing: true });
  }

  private url(key: string): URL {
    return new URL(uriEncode(this.prefix + key, true), this.base);
  }

  private async send(method: string, key: string, opts: { body?: Uint8Array<ArrayBuffer>; sha256?: string; headers?: Record<string, string>; okMissing?: boolean }): Promise<Response | undefined> {
    const url = this.url(key);
    let last: S3Error | undefined;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const headers = signRequest({ method, url, headers: opts.headers ?? {}, payloadSha256: opts.sha256 ?? EMPTY_SHA256, region: this.o.region, now: (this.o.now ?? (() => new Date()))() }, this.o);
      let r: Response;
      try {
        r = await fetch(url, { method, headers, ...(opts.body ? { body: opts.body } : {}), signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000), redirect: 'error' });
      } catch (err) {
        last = new S3Error(`S3 ${method} ${key}: ${err instanceof Error ? err.message : String(err)}`, 0, 'network');
        await pause(attempt);
        continue;
      }
      if (r.ok) return r;
      const text = await r.text().catch(() => '');
      const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1] ?? `http_${r.status}`;
      if (opts.okMissing && (r.status === 404 || code === 'NoSuchKey')) return undefined;
      last = new S3Error(`S3 ${method} ${key}: ${r.status} ${code}`, r.status, code);
      if (!RETRYABLE.has(r.status) && code !== 'SlowDown') throw last;
      await pause(attempt);
    }
    throw last!;
  }
}

const pause = (attempt: number) => (attempt < ATTEMPTS ? new Promise((r) => setTimeout(r, 100 * 3 ** (attempt - 1))) : Promise.resolve());
