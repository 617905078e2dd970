/**
 * A thin fetch client for the YouTube Data API v3: base URL from settings, OAuth bearer (refreshed with
 * the refresh token when it expires) or an API key for read-only use, and Google error bodies mapped to
 * ChannelError.
 */
import { ChannelError, type AccountContext } from '../port.js';
import { DEFAULT_DAILY_QUOTA } from './quota.js';

export interface YouTubeSettings {
  apiBaseUrl: string;
  tokenUrl: string;
  channelId?: string;
  videoId?: string;
  dailyQuota: number;
  maxResults: number;
  backfillHours: number;
}

export function readSettings(account: AccountContext): YouTubeSettings {
  const s = account.settings;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback);
  return {
    apiBaseUrl: (str(s.apiBaseUrl) ?? 'https://www.googleapis.com').replace(/\/+$/, ''),
    tokenUrl: str(s.tokenUrl) ?? 'https://oauth2.googleapis.com/token',
    channelId: str(s.channelId),
    videoId: str(s.videoId),
    dailyQuota: num(s.dailyQuota, DEFAULT_DAILY_QUOTA),
    maxResults: Math.min(100, num(s.maxResults, 100)),
    backfillHours: num(s.backfillHours, 24),
  };
}

interface GoogleErrorBody {
  error?: { code?: number; message?: string; errors?: Array<{ reason?: string; domain?: string; message?: string }>; status?: string };
}

export class YouTubeApiError extends ChannelError {
  constructor(
    code: ChannelError['code'],
    message: string,
    retryable: boolean,
    readonly reason: string | undefined,
    retryAfterMs?: number,
  ) {
    super(code, message, retryable, retryAfterMs);
  }
}

const QUOTA_REASONS = new Set(['quotaExceeded', 'dailyLimitExceeded']);
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

export function toChannelError(status: number, body: GoogleErrorBody | undefined, retryAfter: string | null): YouTubeApiError {
  const reason = body?.error?.errors?.[0]?.reason;
  const message = `YouTube API ${status}${reason ? ` ${reason}` : ''}: ${body?.error?.message ?? 'request failed'}`;
  const after = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
  if (reason && QUOTA_REASONS.has(reason)) return new YouTubeApiError('rate_limited', message, true, reason, after);
  if (status === 429 || (reason && RATE_REASONS.has(reason))) return new YouTubeApiError('rate_limited', message, true, reason, after ?? 60_000);
  if (status === 401) return new YouTubeApiError('auth_failed', message, false, reason);
  if (status === 403) {
    const rule = reason === 'commentsDisabled' || reason === 'forbidden' || reason === 'ineligibleAccount';
    return new YouTubeApiError(rule ? 'rule_violation' : 'auth_failed', message, false, reason);
  }
  if (status === 404) return new YouTubeApiError('not_found', message, false, reason);
  if (status === 400) return new YouTubeApiError('invalid_request', message, false, reason);
  return new YouTubeApiError('unavailable', message, status >= 500 || status === 408, reason);
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

export class YouTubeClient {
  private readonly tokens = new Map<string, CachedToken>();

  constructor(private readonly now: () => number) {}

  private cacheKey(account: AccountContext): string {
    return `${account.id}\n${account.credentials.refreshToken ?? ''}`;
  }

  private canRefresh(account: AccountContext): boolean {
    const c = account.credentials;
    return !!(c.refreshToken && c.clientId && c.clientSecret);
  }

  private async refresh(account: AccountContext, settings: YouTubeSettings, signal?: AbortSignal): Promise<string> {
    const c = account.credentials;
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: c.refreshToken ?? '', client_id: c.clientId ?? '', client_secret: c.clientSecret ?? '' });
    const res = await send(settings.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, signal });
    const json = (await res.json().catch(() => undefined)) as { access_token?: string; expires_in?: number; error?: string } | undefined;
    if (!res.ok || !json?.access_token) {
      if (res.status >= 500) throw new ChannelError('unavailable', `token refresh failed: ${res.status}`, true);
      throw new ChannelError('auth_failed', `token refresh failed: ${json?.error ?? res.status}`, false);
    }
    const cached = { token: json.access_token, expiresAt: this.now() + Math.max(60, (json.expires_in ?? 3600) - 60) * 1000 };
    this.tokens.set(this.cacheKey(account), cached);
    return cached.token;
  }

  private async bearer(account: AccountContext, settings: YouTubeSettings, signal?: AbortSignal): Promise<string | undefined> {
    const cached = this.tokens.get(this.cacheKey(account));
    if (cached && cached.expiresAt > this.now()) return cached.token;
    if (account.credentials.accessToken && !cached) return account.credentials.accessToken;
    if (this.canRefresh(account)) return this.refresh(account, settings, signal);
    return account.credentials.accessToken;
  }

  /** Calls the API; `path` starts with /youtube/v3/. Returns the parsed JSON body. */
  async call<T>(account: AccountContext, settings: YouTubeSettings, method: 'GET' | 'POST', path: string, query: Record<string, string | undefined>, body?: unknown, signal?: AbortSignal): Promise<T> {
    const url = new URL(settings.apiBaseUrl + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    let token = await this.bearer(account, settings, signal);
    if (!token) {
      if (method !== 'GET' || !account.credentials.apiKey) throw new ChannelError('auth_failed', 'YouTube needs an OAuth access token (or refresh token) for this call', false);
      url.searchParams.set('key', account.credentials.apiKey);
    }
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
      const res = await send(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
      const text = await res.text().catch(() => '');
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      if (res.ok) {
        if (json === undefined || typeof json !== 'object') throw new ChannelError('malformed_payload', `YouTube API returned a non-JSON body for ${path}`, false);
        return json as T;
      }
      if (res.status === 401 && attempt === 0 && token && this.canRefresh(account)) {
        this.tokens.delete(this.cacheKey(account));
        token = await this.refresh(account, settings, signal);
        continue;
      }
      throw toChannelError(res.status, json as GoogleErrorBody | undefined, res.headers.get('retry-after'));
    }
  }
}

async function send(url: string | URL, init: RequestInit & { signal?: AbortSignal }): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const msg = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
    throw new ChannelError('unavailable', `YouTube API unreachable: ${msg}`, true);
  }
}
