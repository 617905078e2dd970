/**
 * A thin client for the WordPress REST API (`<siteUrl>/wp-json/wp/v2/…`) with application-password basic
 * auth. WordPress errors come as `{ code, message, data: { status } }`; 429 (hosts and proxies throttle,
 * WordPress itself does not) carries Retry-After.
 */
import { ChannelError, type AccountContext } from '../port.js';

export interface WpSettings {
  siteUrl: string;
  username: string;
  postStatus: 'publish' | 'draft';
  timeoutMs: number;
}

export function readSettings(account: AccountContext): WpSettings {
  const s = account.settings;
  const siteUrl = typeof s.siteUrl === 'string' ? s.siteUrl.trim().replace(/\/+$/, '') : '';
  if (!/^https?:\/\//.test(siteUrl)) throw new ChannelError('invalid_request', 'WordPress needs settings.siteUrl (http or https)', false);
  const username = typeof s.username === 'string' ? s.username.trim() : '';
  if (!username) throw new ChannelError('invalid_request', 'WordPress needs settings.username', false);
  return { siteUrl, username, postStatus: s.postStatus === 'draft' ? 'draft' : 'publish', timeoutMs: typeof s.timeoutMs === 'number' && s.timeoutMs > 0 ? s.timeoutMs : 20_000 };
}

function retryAfterMs(headers: Headers): number {
  const v = headers.get('retry-after');
  if (v && /^\d+$/.test(v.trim())) return Math.max(1000, Number(v) * 1000);
  const at = v ? Date.parse(v) : Number.NaN;
  return Number.isNaN(at) ? 60_000 : Math.max(1000, at - Date.now());
}

export function wpError(status: number, body: unknown, headers: Headers, what: string): ChannelError {
  const b = (body ?? {}) as { code?: unknown; message?: unknown };
  const detail = `WordPress ${what} → ${status}${typeof b.code === 'string' ? ` ${b.code}` : ''}: ${typeof b.message === 'string' ? b.message : 'request failed'}`;
  if (status === 429) return new ChannelError('rate_limited', detail, true, retryAfterMs(headers));
  if (status === 401 || status === 403) return new ChannelError('auth_failed', detail, false);
  if (status === 404 || b.code === 'rest_post_invalid_id') return new ChannelError('not_found', detail, false);
  if (status === 400 || status === 409 || status === 413 || status === 422) return new ChannelError('invalid_request', detail, false);
  if (status >= 400 && status < 500) return new ChannelError('invalid_request', detail, false);
  return new ChannelError('unavailable', detail, true);
}

export interface WpResponse<T> {
  body: T;
  headers: Headers;
}

export async function wp<T>(
  account: AccountContext,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { query?: Record<string, string>; json?: unknown; raw?: { data: Blob; type: string; filename: string } } = {},
): Promise<WpResponse<T>> {
  const s = readSettings(account);
  const password = account.credentials.applicationPassword;
  if (!password) throw new ChannelError('auth_failed', 'WordPress needs credentials.applicationPassword', false);
  const url = new URL(`${s.siteUrl}/wp-json/wp/v2${path}`);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Basic ${Buffer.from(`${s.username}:${password}`, 'utf8').toString('base64')}` };
  if (options.json !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  if (options.raw) {
    headers['content-type'] = options.raw.type;
    headers['content-disposition'] = `attachment; filename="${options.raw.filename}"`;
  }
  const what = `${method} ${path}`;
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method, headers, body: options.raw?.data ?? (options.json === undefined ? undefined : JSON.stringify(options.json)), signal: AbortSignal.timeout(s.timeoutMs) });
    text = await res.text();
  } catch (err) {
    throw new ChannelError('unavailable', `WordPress ${what} unreachable: ${(err as Error).message}`, true);
  }
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    if (!res.ok) throw wpError(res.status, undefined, res.headers, what);
    throw new ChannelError('malformed_payload', `WordPress ${what} returned a non-JSON body (is ${s.siteUrl} a WordPress site with the REST API on?)`, false);
  }
  if (!res.ok) throw wpError(res.status, body, res.headers, what);
  return { body: body as T, headers: res.headers };
}
