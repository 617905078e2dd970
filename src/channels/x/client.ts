/**
 * A thin X API v2 client over fetch with a configurable base URL. It reads the x-rate-limit-* headers of
 * every answer, refuses to call an endpoint whose window is exhausted until it resets, and maps HTTP
 * failures to ChannelError (429 → rate_limited with retryAfterMs from x-rate-limit-reset).
 */
import { ChannelError, type RateLimitState } from '../port.js';
import type { Clock } from '../../platform/clock/clock.js';

export interface XRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path after the base URL, starting with /2/. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A multipart body (media upload) instead of JSON. */
  form?: FormData;
  token: string;
  signal?: AbortSignal;
  /** Rate-limit bucket; defaults to the method and path. */
  bucket?: string;
}

export interface XResponse<T> {
  status: number;
  body: T;
  rateLimit?: RateLimitState;
}

export function readRateLimit(headers: Headers): RateLimitState | undefined {
  const num = (name: string): number | undefined => {
    const v = headers.get(name);
    return v !== null && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
  };
  const limit = num('x-rate-limit-limit');
  const remaining = num('x-rate-limit-remaining');
  const reset = num('x-rate-limit-reset');
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  return { limit, remaining, resetAt: reset === undefined ? undefined : new Date(reset * 1000) };
}

function errorDetail(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { title?: unknown; detail?: unknown; errors?: Array<{ message?: unknown; detail?: unknown }> };
    const parts = [b.title, b.detail, ...(b.errors ?? []).map((e) => e.message ?? e.detail)].filter((p) => typeof p === 'string');
    if (parts.length > 0) return parts.join(': ');
  }
  return typeof body === 'string' ? body.slice(0, 200) : '';
}

export class XClient {
  constructor(
    private readonly baseUrl: string,
    private readonly clock: Clock,
    /** Rate-limit state per bucket, shared by the adapter instance. */
    private readonly buckets: Map<string, RateLimitState>,
    private readonly timeoutMs: number,
  ) {}

  url(path: string, query: XRequest['query'] = {}): string {
    const u = new URL(this.baseUrl.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** Milliseconds until `resetAt`, at least one second. */
  retryAfter(resetAt: Date | undefined): number {
    return resetAt ? Math.max(1000, resetAt.getTime() - this.clock.now().getTime()) : 60_000;
  }

  private bucketOf(req: XRequest): string {
    return req.bucket ?? `${req.method} ${req.path}`;
  }

  /** Sends the request and returns the raw Response once its status is known to be 2xx; `timeoutMs` null: no timeout. */
  async open(req: XRequest, timeoutMs: number | null = this.timeoutMs): Promise<{ res: Response; rateLimit?: RateLimitState }> {
    const bucket = this.bucketOf(req);
    const known = this.buckets.get(bucket);
    if (known?.remaining === 0 && known.resetAt && known.resetAt.getTime() > this.clock.now().getTime()) {
      throw new ChannelError('rate_limited', `X rate limit for ${bucket} exhausted until ${known.resetAt.toISOString()}`, true, this.retryAfter(known.resetAt));
    }
    const signals = [req.signal, timeoutMs === null ? undefined : AbortSignal.timeout(timeoutMs)].filter((s): s is AbortSignal => s !== undefined);
    let res: Response;
    try {
      res = await fetch(this.url(req.path, req.query), {
        method: req.method,
        headers: {
          authorization: `Bearer ${req.token}`,
          accept: 'application/json',
          ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: req.form ?? (req.body === undefined ? undefined : JSON.stringify(req.body)),
        signal: signals.length > 0 ? AbortSignal.any(signals) : undefined,
      });
    } catch (err) {
      if (req.signal?.aborted) throw err;
      throw new ChannelError('unavailable', `X API unreachable: ${(err as Error).message}`, true);
    }
    const rateLimit = readRateLimit(res.headers);
    if (rateLimit) this.buckets.set(bucket, rateLimit);
    if (res.ok) return { res, rateLimit };

    const text = await res.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      /* keep the text */
    }
    const detail = `X API ${req.method} ${req.path} → ${res.status} ${errorDetail(body)}`.trim();
    if (res.status === 429) {
      const resetAt = rateLimit?.resetAt;
      this.buckets.set(bucket, { ...rateLimit, remaining: 0, resetAt: resetAt ?? new Date(this.clock.now().getTime() + 60_000) });
      throw new ChannelError('rate_limited', detail, true, this.retryAfter(resetAt));
    }
    if (res.status === 403 && /duplicate/i.test(detail)) throw new ChannelError('rule_violation', detail, false);
    if (res.status === 403 && /deleted or not visible/i.test(detail)) throw new ChannelError('not_found', detail, false);
    if (res.status === 401 || res.status === 403) throw new ChannelError('auth_failed', detail, false);
    if (res.status === 404) throw new ChannelError('not_found', detail, false);
    if (res.status >= 500) throw new ChannelError('unavailable', detail, true);
    throw new ChannelError('invalid_request', detail, false);
  }

  async request<T>(req: XRequest): Promise<XResponse<T>> {
    const { res, rateLimit } = await this.open(req);
    const text = await res.text();
    let body: unknown;
    try {
      body = text === '' ? {} : (JSON.parse(text) as unknown);
    } catch {
      throw new ChannelError('unavailable', `X API ${req.method} ${req.path} returned invalid JSON`, true);
    }
    return { status: res.status, body: body as T, rateLimit };
  }
}
