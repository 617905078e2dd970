import crypto from 'node:crypto';

/**
 * AWS Signature Version 4 for S3-compatible object stores (AWS S3, MinIO, Ceph RGW, NCloud, KT Cloud…):
 * headers only, the payload's SHA-256 signed (`x-amz-content-sha256`), so the store refuses a body changed
 * on the way. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

export interface SigV4Request {
  method: string;
  url: URL;
  /** Headers to sign besides host, x-amz-date and x-amz-content-sha256 (e.g. range), lower- or any-case. */
  headers?: Record<string, string>;
  payloadSha256: string;
  region: string;
  service?: string;
  now: Date;
}

export const EMPTY_SHA256 = crypto.createHash('sha256').update('').digest('hex');
const hmac = (key: crypto.BinaryLike, text: string) => crypto.createHmac('sha256', key).update(text, 'utf8').digest();
const hex = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** RFC 3986 encoding as SigV4 wants it: everything but A–Z a–z 0–9 - _ . ~ (and `/` in paths). */
export function uriEncode(text: string, keepSlash: boolean): string {
  let out = '';
  for (const b of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) || (keepSlash && c === '/') ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export const amzDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The canonical query string: names and values encoded, sorted by name then value. */
function canonicalQuery(url: URL): string {
  return [...url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k, false), uriEncode(v, false)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** The headers to send (x-amz-date, x-amz-content-sha256, the token, authorization) for a request. */
export function signRequest(req: SigV4Request, creds: SigV4Credentials): Record<string, string> {
  const service = req.service ?? 's3';
  const date = amzDate(req.now);
  const day = date.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  headers.host = req.url.host;
  headers['x-amz-date'] = date;
  headers['x-amz-content-sha256'] = req.payloadSha256;
  if (creds.sessionToken) headers['x-amz-security-token'] = creds.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = [
    req.method.toUpperCase(),
    // S3 paths are encoded once (the URL's own percent-encoding is undone first, then done the SigV4 way).
    uriEncode(decodeURIComponent(req.url.pathname), true),
    canonicalQuery(req.url),
    names.map((n) => `${n}:${headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join(''),
    names.join(';'),
    req.payloadSha256,
  ].join('\n');
  const scope = `${day}/${req.region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day), req.region), service), 'aws4_request');
  const signature = crypto.createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  const { host: _host, ...send } = headers;
  return { ...send, authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope},SignedHeaders=${names.join(';')},Signature=${signature}` };
}
