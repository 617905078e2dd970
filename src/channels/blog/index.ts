/**
 * Blogs: RSS 2.0 / Atom feeds polled with ETag and If-Modified-Since (Naver blog, Tistory, others), or
 * Naver's blog search API for posts mentioning the bank. Blogs cannot be answered from here: sendReply
 * always refuses.
 */
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../../platform/clock/clock.js';
import { ChannelError, type AccountContext, type ChannelAdapter, type ChannelEvent, type FetchResult, type HealthReport, type ReplyLimits } from '../port.js';
import { decodeFeed, parseFeed } from './feed.js';
import { kstDay, searchError, searchItem, type NaverSearchResponse } from './search.js';
import { measure } from './measure.js';

interface FeedState {
  etag?: string;
  lastModified?: string;
  seen: string[];
}
interface QueryState {
  day: string;
  seen: string[];
}
interface Cursor {
  v: 1;
  feeds: Record<string, FeedState>;
  queries: Record<string, QueryState>;
}

interface BlogSettings {
  feedUrls: string[];
  queries: string[];
  searchBaseUrl: string;
  display: number;
  maxPages: number;
  backfillDays: number;
}

const MAX_SEEN = 300;
const hash = (id: string): string => createHash('sha1').update(id).digest('base64url').slice(0, 12);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());

function readSettings(account: AccountContext): BlogSettings {
  const s = account.settings;
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  const settings = {
    feedUrls: [...strings(s.feedUrls), ...strings(s.feedUrl)],
    queries: [...strings(s.searchQueries), ...strings(s.searchQuery)],
    searchBaseUrl: (typeof s.searchBaseUrl === 'string' && s.searchBaseUrl ? s.searchBaseUrl : 'https://openapi.naver.com').replace(/\/+$/, ''),
    display: Math.min(100, Math.max(1, num(s.display, 100))),
    maxPages: Math.max(1, num(s.maxPages, 10)),
    backfillDays: num(s.backfillDays, 1),
  };
  if (!settings.feedUrls.length && !settings.queries.length) throw new ChannelError('invalid_request', 'blog accounts need settings.feedUrls or settings.searchQueries', false);
  return settings;
}

function parseCursor(raw: string | undefined): Cursor {
  if (!raw) return { v: 1, feeds: {}, queries: {} };
  try {
    const c = JSON.parse(raw) as Cursor;
    if (c?.v === 1 && c.feeds && c.queries) return c;
  } catch {
    /* fall through */
  }
  throw new ChannelError('invalid_request', 'unreadable blog cursor', false);
}

async function get(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, { headers, signal, redirect: 'follow' });
  } catch (err) {
    const msg = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
    throw new ChannelError('unavailable', `${new URL(url).host} unreachable: ${msg}`, true);
  }
}

function httpError(url: string, status: number): ChannelError {
  if (status === 429) return new ChannelError('rate_limited', `${url}: 429`, true, 60_000);
  if (status === 401 || status === 403) return new ChannelError('auth_failed', `${url}: ${status}`, false);
  if (status === 404 || status === 410) return new ChannelError('not_found', `${url}: ${status}`, false);
  return new ChannelError(status >= 500 ? 'unavailable' : 'invalid_request', `${url}: ${status}`, status >= 500);
}

export interface BlogAdapterOptions {
  clock?: Clock;
}

export function createBlogAdapter(options: BlogAdapterOptions = {}): ChannelAdapter {
  const clock = options.clock ?? systemClock;

  async function pollFeed(url: string, prev: FeedState | undefined, signal: AbortSignal): Promise<{ events: ChannelEvent[]; state: FeedState }> {
    const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5', 'user-agent': 'Sotong/0.1 (+feed poller)' };
    if (prev?.etag) headers['if-none-match'] = prev.etag;
    if (prev?.lastModified) headers['if-modified-since'] = prev.lastModified;
    const res = await get(url, headers, signal);
    if (res.status === 304 && prev) {
      await res.body?.cancel();
      return { events: [], state: prev };
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw httpError(url, res.status);
    }
    const feed = parseFeed(decodeFeed(new Uint8Array(await res.arrayBuffer()), res.headers.get('content-type')), url, clock.now());
    const seen = new Set(prev?.seen ?? []);
    const fresh = feed.items.filter((i) => !seen.has(hash(i.nativeId)));
    const current = feed.items.map((i) => hash(i.nativeId));
    const kept = [...new Set([...current, ...(prev?.seen ?? [])])].slice(0, MAX_SEEN);
    return {
      events: fresh.reverse().map((item): ChannelEvent => ({ type: 'upsert', item })),
      state: { etag: res.headers.get('etag') ?? undefined, lastModified: res.headers.get('last-modified') ?? undefined, seen: kept },
    };
  }

  async function search(account: AccountContext, s: BlogSettings, query: string, start: number, display: number, signal: AbortSignal): Promise<NaverSearchResponse> {
    const { clientId, clientSecret } = account.credentials;
    if (!clientId || !clientSecret) throw new ChannelError('auth_failed', 'Naver search needs credentials.clientId and credentials.clientSecret', false);
    const url = `${s.searchBaseUrl}/v1/search/blog.json?${new URLSearchParams({ query, display: String(display), start: String(start), sort: 'date' })}`;
    const res = await get(url, { 'x-naver-client-id': clientId, 'x-naver-client-secret': clientSecret, accept: 'application/json' }, signal);
    const body = await res.text();
    if (!res.ok) throw searchError(res.status, body);
    try {
      const json = JSON.parse(body) as NaverSearchResponse;
      if (!Array.isArray(json.items)) throw new Error('no items');
      return json;
    } catch {
      throw new ChannelError('malformed_payload', 'Naver search returned an unexpected body', false);
    }
  }

  async function pollQuery(account: AccountContext, s: BlogSettings, query: string, prev: QueryState | undefined, signal: AbortSignal): Promise<{ events: ChannelEvent[]; state: QueryState }> {
    const now = clock.now();
    const sinceDay = prev?.day ?? kstDay(new Date(now.getTime() - s.backfillDays * 86_400_000));
    const seen = new Set(prev?.seen ?? []);
    const events: ChannelEvent[] = [];
    let newestDay = sinceDay;
    const atNewest = new Set(prev?.seen ?? []);
    for (let page = 0, start = 1; page < s.maxPages && start <= 1000; page++, start += s.display) {
      const res = await search(account, s, query, start, s.display, signal);
      const items = res.items ?? [];
      let older = false;
      for (const raw of items) {
        if (raw.postdate < sinceDay) {
          older = true;
          continue;
        }
        const item = searchItem(raw, now);
        const h = hash(item.nativeId);
        if (raw.postdate > newestDay) {
          newestDay = raw.postdate;
          atNewest.clear();
        }
        if (raw.postdate === newestDay) atNewest.add(h);
        if (raw.postdate === sinceDay && seen.has(h)) continue;
        events.push({ type: 'upsert', item });
      }
      if (older || items.length < s.display) break;
    }
    return { events: events.reverse(), state: { day: newestDay, seen: [...atNewest].slice(0, 1000) } };
  }

  return {
    type: 'blog',
    publishTargets: ['blog'],
    measure: (text: string) => measure(text),
    displayName: 'Blogs (RSS/Atom, Naver blog search)',
    settingsSchema: {
      type: 'object',
      properties: {
        feedUrls: { type: 'array', items: { type: 'string', format: 'uri' }, description: 'RSS 2.0 or Atom feeds, e.g. https://rss.blog.naver.com/{blogId}.xml, https://{blog}.tistory.com/rss' },
        searchQueries: { type: 'array', items: { type: 'string' }, description: 'Naver blog search queries (newest first).' },
        searchBaseUrl: { type: 'string', format: 'uri', default: 'https://openapi.naver.com' },
        display: { type: 'integer', minimum: 1, maximum: 100, default: 100 },
        maxPages: { type: 'integer', minimum: 1, default: 10 },
        backfillDays: { type: 'number', minimum: 0, default: 1, description: 'How many days back the first search reaches.' },
      },
    },
    credentialsSchema: { type: 'object', properties: { clientId: { type: 'string', description: 'X-Naver-Client-Id (search only)' }, clientSecret: { type: 'string' } } },

    limits(): ReplyLimits {
      return { maxLength: 0, lengthUnit: 'chars', canReplyPublicly: false, canReplyPrivately: false };
    },

    async fetch(account, raw, signal): Promise<FetchResult> {
      const s = readSettings(account);
      const prev = parseCursor(raw);
      const next: Cursor = { v: 1, feeds: {}, queries: {} };
      const events: ChannelEvent[] = [];
      const errors: ChannelError[] = [];
      for (const url of s.feedUrls) {
        try {
          const r = await pollFeed(url, prev.feeds[url], signal);
          events.push(...r.events);
          next.feeds[url] = r.state;
        } catch (err) {
          if (!(err instanceof ChannelError)) throw err;
          errors.push(err);
          if (prev.feeds[url]) next.feeds[url] = prev.feeds[url];
        }
      }
      for (const q of s.queries) {
        try {
          const r = await pollQuery(account, s, q, prev.queries[q], signal);
          events.push(...r.events);
          next.queries[q] = r.state;
        } catch (err) {
          if (!(err instanceof ChannelError)) throw err;
          errors.push(err);
          if (prev.queries[q]) next.queries[q] = prev.queries[q];
        }
      }
      if (errors.length && errors.length === s.feedUrls.length + s.queries.length) throw errors[0];
      return { events, cursor: JSON.stringify(next), more: false };
    },

    async sendReply(): Promise<never> {
      throw new ChannelError('rule_violation', 'blog posts cannot be answered from Sotong; reply on the blog itself', false);
    },

    async health(account): Promise<HealthReport> {
      const problems: string[] = [];
      let s: BlogSettings;
      try {
        s = readSettings(account);
      } catch (err) {
        return { status: 'down', message: (err as Error).message };
      }
      const signal = AbortSignal.timeout(10_000);
      for (const url of s.feedUrls) {
        try {
          const res = await get(url, { accept: 'application/rss+xml, application/atom+xml, */*' }, signal);
          const body = res.ok ? decodeFeed(new Uint8Array(await res.arrayBuffer()), res.headers.get('content-type')) : undefined;
          if (!body) throw httpError(url, res.status);
          parseFeed(body, url, clock.now());
        } catch (err) {
          problems.push(err instanceof Error ? err.message : String(err));
        }
      }
      for (const q of s.queries.slice(0, 1)) {
        try {
          await search(account, s, q, 1, 1, signal);
        } catch (err) {
          problems.push(err instanceof Error ? err.message : String(err));
        }
      }
      const total = s.feedUrls.length + Math.min(1, s.queries.length);
      if (!problems.length) return { status: 'ok', message: `${s.feedUrls.length} feed(s), ${s.queries.length} search quer${s.queries.length === 1 ? 'y' : 'ies'}` };
      return { status: problems.length === total ? 'down' : 'degraded', message: problems.join('; ') };
    },
  };
}

export const adapter: ChannelAdapter = createBlogAdapter();
