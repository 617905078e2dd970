/** A thin fetch client for the Mastodon REST API: bearer token, rate-limit headers, Link paging, errors. */
import { ChannelError, type AccountContext, type RateLimitState } from '../port.js';

export interface MastodonSettings {
  instanceUrl: string;
  streamingUrl: string;
  hashtags: string[];
  listenUser: boolean;
  transport: 'websocket' | 'sse';
  maxCharacters: number;
  pageLimit: number;
  replyVisibility: 'public' | 'unlisted' | 'private';
}

export function readSettings(account: AccountContext): MastodonSettings {
  const s = account.settings;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const instanceUrl = str(s.instanceUrl);
  if (!instanceUrl) throw new ChannelError('invalid_request', 'Mastodon needs settings.instanceUrl', false);
  const tags = Array.isArray(s.hashtags) ? s.hashtags.filter((t): t is string => typeof t === 'string' && t.trim() !== '').map((t) => t.trim().replace(/^#/, '')) : [];
  const visibility = str(s.replyVisibility);
  return {
    instanceUrl: instanceUrl.replace(/\/+$/, ''),
    streamingUrl: (str(s.streamingUrl) ?? instanceUrl).replace(/\/+$/, ''),
    hashtags: tags,
    listenUser: s.listenUser !== false,
    transport: s.transport === 'sse' ? 'sse' : 'websocket',
    maxCharacters: typeof s.maxCharacters === 'number' && s.maxCharacters > 0 ? s.maxCharacters : 500,
    pageLimit: typeof s.pageLimit === 'number' && s.pageLimit > 0 ? Math.min(80, s.pageLimit) : 40,
    replyVisibility: visibility === 'unlisted' || visibility === 'private' ? visibility : 'public',
  };
}

export function token(account: AccountContext): string {
  const t = account.credentials.accessToken;
  if (!t) throw new ChannelError('auth_failed', 'Mastodon needs credentials.accessToken', false);
  return t;
}

export function rateLimitOf(headers: Headers): RateLimitState | undefined {
  const limit = headers.get('x-ratelimit-limit');
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = headers.get('x-ratelimit-reset');
  if (limit === null && remaining === null) return undefined;
  const resetAt = reset ? new Date(reset) : undefined;
  return {
    limit: limit === null ? undefined : Number(limit),
    remaining: remaining === null ? undefined : Number(remaining),
    resetAt: resetAt && !Number.isNaN(resetAt.getTime()) ? resetAt : undefined,
  };
}

/** The max_id of the Link header's rel="next" URL, if any. */
export function nextMaxId(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m?.[1]) return new URL(m[1]).searchParams.get('max_id') ?? undefined;
  }
  return undefined;
}

/** Mastodon ids are numeric strings (snowflakes); other servers use sortable strings. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxId(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareIds(a, b) >= 0 ? a : b;
}

export function statusError(status: number, body: string, headers: Headers, what: string): ChannelError {
  let message = body.slice(0, 300);
  try {
    const j = JSON.parse(body) as { error?: string; error_description?: string };
    message = j.error_description ?? j.error ?? message;
  } catch {
    /* keep the text */
  }
  const text = `Mastodon ${what} ${status}: ${message}`;
  if (status === 401 || status === 403) return new ChannelError('auth_failed', text, false);
  if (status === 404) return new ChannelError('not_found', text, false);
  if (status === 422) return new ChannelError('rule_violation', text, false);
  if (status === 429) {
    const reset = rateLimitOf(headers)?.resetAt;
    return new ChannelError('rate_limited', text, true, reset ? Math.max(1000, reset.getTime() - Date.now()) : 60_000);
  }
  if (status >= 400 && status < 500) return new ChannelError('invalid_request', text, false);
  return new ChannelError('unavailable', text, true);
}

export function networkError(err: unknown, what: string): ChannelError {
  if (err instanceof ChannelError) return err;
  const msg = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
  return new ChannelError('unavailable', `Mastodon ${what} unreachable: ${msg}`, true);
}

export interface ApiResponse<T> {
  body: T;
  headers: Headers;
  rateLimit?: RateLimitState;
}

export async function api<T>(
  account: AccountContext,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { query?: Array<[string, string]>; json?: unknown; form?: FormData; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<ApiResponse<T>> {
  const s = readSettings(account);
  const url = new URL(s.instanceUrl + path);
  for (const [k, v] of options.query ?? []) url.searchParams.append(k, v);
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token(account)}`, ...options.headers };
  if (options.json !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method, headers, body: options.form ?? (options.json === undefined ? undefined : JSON.stringify(options.json)), signal: options.signal });
    text = await res.text();
  } catch (err) {
    throw networkError(err, path);
  }
  if (!res.ok) throw statusError(res.status, text, res.headers, path);
  try {
    return { body: JSON.parse(text) as T, headers: res.headers, rateLimit: rateLimitOf(res.headers) };
  } catch {
    throw new ChannelError('malformed_payload', `Mastodon ${path} returned a non-JSON body`, false);
  }
}
