/**
 * A thin XRPC client over fetch: app-password sessions (createSession, refreshSession on ExpiredToken),
 * queries and procedures, rate-limit headers and XRPC error bodies mapped to ChannelError.
 */
import { ChannelError, type AccountContext, type RateLimitState } from '../port.js';

export interface BlueskySettings {
  serviceUrl: string;
  jetstreamUrl: string;
  wantedDids: string[];
  keywords: string[];
  notificationPageSize: number;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : []);

export function readSettings(account: AccountContext): BlueskySettings {
  const s = account.settings;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  return {
    serviceUrl: (str(s.serviceUrl) ?? 'https://bsky.social').replace(/\/+$/, ''),
    jetstreamUrl: (str(s.jetstreamUrl) ?? 'wss://jetstream2.us-east.bsky.network').replace(/\/+$/, ''),
    wantedDids: strings(s.wantedDids),
    keywords: strings(s.keywords),
    notificationPageSize: typeof s.notificationPageSize === 'number' && s.notificationPageSize > 0 ? Math.min(100, s.notificationPageSize) : 50,
  };
}

export interface Session {
  did: string;
  handle: string;
  accessJwt: string;
  refreshJwt: string;
}

export function rateLimitOf(headers: Headers): RateLimitState | undefined {
  const limit = headers.get('ratelimit-limit');
  const remaining = headers.get('ratelimit-remaining');
  const reset = headers.get('ratelimit-reset');
  if (limit === null && remaining === null) return undefined;
  return {
    limit: limit === null ? undefined : Number(limit),
    remaining: remaining === null ? undefined : Number(remaining),
    resetAt: reset && /^\d+$/.test(reset) ? new Date(Number(reset) * 1000) : undefined,
  };
}

export class XrpcError extends ChannelError {
  constructor(
    code: ChannelError['code'],
    message: string,
    retryable: boolean,
    readonly xrpcError: string | undefined,
    retryAfterMs?: number,
  ) {
    super(code, message, retryable, retryAfterMs);
  }
}

function toError(nsid: string, status: number, body: { error?: string; message?: string } | undefined, headers: Headers): XrpcError {
  const name = body?.error;
  const text = `XRPC ${nsid} ${status}${name ? ` ${name}` : ''}: ${body?.message ?? 'request failed'}`;
  if (status === 429) {
    const reset = rateLimitOf(headers)?.resetAt;
    return new XrpcError('rate_limited', text, true, name, reset ? Math.max(1000, reset.getTime() - Date.now()) : 60_000);
  }
  if (status === 401 || name === 'ExpiredToken' || name === 'InvalidToken' || name === 'AuthenticationRequired' || name === 'AuthFactorTokenRequired') return new XrpcError('auth_failed', text, false, name);
  if (status === 403) return new XrpcError('rule_violation', text, false, name);
  if (status === 404 || name === 'NotFound' || name === 'RecordNotFound') return new XrpcError('not_found', text, false, name);
  if (status >= 400 && status < 500) return new XrpcError('invalid_request', text, false, name);
  return new XrpcError('unavailable', text, true, name);
}

export interface XrpcOptions {
  params?: Record<string, string | string[] | undefined>;
  body?: unknown;
  /** A raw body (uploadBlob) instead of JSON, with its content type. */
  raw?: { data: Blob; type: string };
  token?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface XrpcResult<T> {
  data: T;
  rateLimit?: RateLimitState;
}

export async function xrpc<T>(serviceUrl: string, method: 'GET' | 'POST', nsid: string, options: XrpcOptions = {}): Promise<XrpcResult<T>> {
  const url = new URL(`${serviceUrl}/xrpc/${nsid}`);
  for (const [k, v] of Object.entries(options.params ?? {})) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
  }
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.raw) headers['content-type'] = options.raw.type;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method, headers, body: options.raw?.data ?? (options.body === undefined ? undefined : JSON.stringify(options.body)), signal: options.signal });
    text = await res.text();
  } catch (err) {
    const msg = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
    throw new XrpcError('unavailable', `XRPC ${nsid} unreachable: ${msg}`, true, undefined);
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = undefined;
  }
  if (!res.ok) throw toError(nsid, res.status, json as { error?: string; message?: string } | undefined, res.headers);
  if (json === undefined || typeof json !== 'object') throw new ChannelError('malformed_payload', `XRPC ${nsid} returned a non-JSON body`, false);
  return { data: json as T, rateLimit: rateLimitOf(res.headers) };
}

/** Sessions per account and service; refreshed on ExpiredToken, re-created when the refresh fails. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  private key(account: AccountContext, s: BlueskySettings): string {
    return `${account.id}\n${s.serviceUrl}\n${account.credentials.identifier ?? ''}`;
  }

  async get(account: AccountContext, s: BlueskySettings, signal?: AbortSignal): Promise<Session> {
    const known = this.sessions.get(this.key(account, s));
    if (known) return known;
    const { identifier, appPassword } = account.credentials;
    if (!identifier || !appPassword) throw new ChannelError('auth_failed', 'Bluesky needs credentials.identifier and credentials.appPassword', false);
    const { data } = await xrpc<Session>(s.serviceUrl, 'POST', 'com.atproto.server.createSession', { body: { identifier, password: appPassword }, signal });
    if (!data.accessJwt || !data.did) throw new ChannelError('malformed_payload', 'createSession returned no session', false);
    this.sessions.set(this.key(account, s), data);
    return data;
  }

  private async refresh(account: AccountContext, s: BlueskySettings, old: Session, signal?: AbortSignal): Promise<Session> {
    this.sessions.delete(this.key(account, s));
    try {
      const { data } = await xrpc<Session>(s.serviceUrl, 'POST', 'com.atproto.server.refreshSession', { token: old.refreshJwt, signal });
      this.sessions.set(this.key(account, s), data);
      return data;
    } catch (err) {
      if (err instanceof ChannelError && err.code !== 'auth_failed') throw err;
      return this.get(account, s, signal);
    }
  }

  /** An authenticated call; an expired access token is refreshed once. */
  async call<T>(account: AccountContext, s: BlueskySettings, method: 'GET' | 'POST', nsid: string, options: XrpcOptions = {}): Promise<XrpcResult<T> & { session: Session }> {
    let session = await this.get(account, s, options.signal);
    try {
      return { ...(await xrpc<T>(s.serviceUrl, method, nsid, { ...options, token: session.accessJwt })), session };
    } catch (err) {
      if (!(err instanceof XrpcError) || err.code !== 'auth_failed') throw err;
      session = await this.refresh(account, s, session, options.signal);
      return { ...(await xrpc<T>(s.serviceUrl, method, nsid, { ...options, token: session.accessJwt })), session };
    }
  }
}
