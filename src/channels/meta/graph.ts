/**
 * A thin Graph API client over fetch (settings.graphBaseUrl, default https://graph.facebook.com/v21.0).
 * The Page token goes in the Authorization header, with appsecret_proof when the app secret is known.
 * Graph error codes are mapped to ChannelError; throttling (codes 4, 17, 32, 613, 80001-80014) becomes
 * rate_limited with the wait taken from X-Business-Use-Case-Usage / X-App-Usage when present.
 */
import { createHmac } from 'node:crypto';
import { ChannelError } from '../port.js';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com/v21.0';

export interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  fbtrace_id?: string;
}

const RATE_CODES = new Set([4, 17, 32, 613]);

/** The longest estimated_time_to_regain_access (minutes) in the usage headers, in ms. */
function regainAccessMs(headers: Headers): number | undefined {
  let minutes: number | undefined;
  for (const name of ['x-business-use-case-usage', 'x-app-usage', 'x-ad-account-usage']) {
    const raw = headers.get(name);
    if (!raw) continue;
    try {
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) {
            if (k === 'estimated_time_to_regain_access' && typeof x === 'number') minutes = Math.max(minutes ?? 0, x);
            else walk(x);
          }
        }
      };
      walk(JSON.parse(raw));
    } catch {
      /* unreadable usage header: ignore */
    }
  }
  return minutes === undefined || minutes <= 0 ? undefined : minutes * 60_000;
}

export function graphError(status: number, err: GraphError | undefined, headers: Headers, what: string): ChannelError {
  const code = err?.code;
  const sub = err?.error_subcode;
  const detail = `${what} → ${status} ${err?.message ?? ''}${code !== undefined ? ` (code ${code}${sub ? `/${sub}` : ''})` : ''}`.trim();
  if ((code !== undefined && (RATE_CODES.has(code) || (code >= 80001 && code <= 80014))) || status === 429) {
    return new ChannelError('rate_limited', detail, true, regainAccessMs(headers) ?? 60_000);
  }
  // Outside the messaging window, user unavailable, policy blocks, one private reply per comment.
  if ((code === 10 && sub === 2018278) || code === 551 || code === 368 || code === 10900 || code === 10903 || sub === 2018108 || sub === 2534022) {
    return new ChannelError('rule_violation', detail, false);
  }
  if (code === 190 || code === 102 || code === 10 || (code !== undefined && code >= 200 && code < 300) || status === 401 || status === 403) {
    return new ChannelError('auth_failed', detail, false);
  }
  if ((code === 100 && sub === 33) || code === 803 || status === 404) return new ChannelError('not_found', detail, false);
  if (err?.is_transient || code === 1 || code === 2 || status >= 500) return new ChannelError('unavailable', detail, true);
  return new ChannelError('invalid_request', detail, false);
}

export class GraphClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly appSecret: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, string> = {}, body?: unknown): Promise<T> {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    if (this.appSecret) url.searchParams.set('appsecret_proof', createHmac('sha256', this.appSecret).update(this.token).digest('hex'));
    const what = `Graph ${method} /${path.replace(/^\/+/, '')}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new ChannelError('unavailable', `${what} unreachable: ${(err as Error).message}`, true);
    }
    const text = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const err = (json as { error?: GraphError } | undefined)?.error;
    if (!res.ok || err) throw graphError(res.status, err, res.headers, what);
    if (json === undefined) throw new ChannelError('unavailable', `${what} returned invalid JSON`, true);
    return json as T;
  }
}
