/**
 * Polling: the mentions timeline (since_id + pagination_token) and DM events.
 *
 * The cursor is a small JSON object: `m` is the newest mention id already delivered (the next since_id);
 * while a backlog is being paged, `mp` holds the pagination token and the newest id of that walk, which
 * becomes `m` when the walk ends. `d` is the newest DM event id delivered. A bare numeric cursor is read
 * as `m`. The first fetch (no cursor) takes only the latest page of each.
 */
import { ChannelError, type AccountContext, type ChannelEvent, type FetchResult, type RateLimitState } from '../port.js';
import type { XClient } from './client.js';
import { compareIds, dmEventToItem, TWEET_QUERY, tweetToItem, type V2DmEvent, type V2Includes, type V2Tweet } from './map.js';

export interface XCursor {
  m?: string;
  mp?: { token: string; newest: string };
  d?: string;
}

export function decodeCursor(cursor: string | undefined): XCursor {
  if (!cursor) return {};
  if (/^\d+$/.test(cursor)) return { m: cursor };
  try {
    const c = JSON.parse(cursor) as XCursor;
    if (c && typeof c === 'object') return c;
  } catch {
    /* fall through */
  }
  throw new ChannelError('invalid_request', `unreadable X cursor: ${cursor.slice(0, 80)}`, false);
}

export function encodeCursor(c: XCursor): string | undefined {
  const clean: XCursor = {};
  if (c.m) clean.m = c.m;
  if (c.mp) clean.mp = c.mp;
  if (c.d) clean.d = c.d;
  return Object.keys(clean).length === 0 ? undefined : JSON.stringify(clean);
}

interface ListResponse<T> {
  data?: T[];
  includes?: V2Includes;
  meta?: { result_count?: number; newest_id?: string; oldest_id?: string; next_token?: string };
  errors?: unknown[];
}

export interface PollSettings {
  userId: string;
  readToken: string;
  userToken: string | undefined;
  maxResults: number;
  directMessages: boolean;
  maxDmPages: number;
}

export function pollSettings(account: AccountContext): PollSettings {
  const s = account.settings;
  const userId = typeof s.userId === 'string' ? s.userId : '';
  if (!userId) throw new ChannelError('invalid_request', 'X account has no settings.userId (the id of the bank account to poll mentions for)', false);
  const userToken = account.credentials.userAccessToken;
  const readToken = userToken ?? account.credentials.bearerToken;
  if (!readToken) throw new ChannelError('auth_failed', 'X account has neither credentials.userAccessToken nor credentials.bearerToken', false);
  const maxResults = typeof s.maxResults === 'number' ? Math.min(100, Math.max(5, Math.floor(s.maxResults))) : 100;
  return { userId, readToken, userToken, maxResults, directMessages: s.directMessages !== false && !!userToken, maxDmPages: typeof s.maxDmPages === 'number' ? s.maxDmPages : 5 };
}

function lowest(a: RateLimitState | undefined, b: RateLimitState | undefined): RateLimitState | undefined {
  if (!a) return b;
  if (!b) return a;
  return (b.remaining ?? Infinity) < (a.remaining ?? Infinity) ? b : a;
}

async function fetchMentions(client: XClient, p: PollSettings, c: XCursor, signal: AbortSignal): Promise<{ events: ChannelEvent[]; next: XCursor; more: boolean; rateLimit?: RateLimitState }> {
  const { body, rateLimit } = await client.request<ListResponse<V2Tweet>>({
    method: 'GET',
    path: `/2/users/${encodeURIComponent(p.userId)}/mentions`,
    query: { ...TWEET_QUERY, max_results: p.maxResults, since_id: c.m, pagination_token: c.mp?.token },
    token: p.readToken,
    signal,
    bucket: 'GET /2/users/:id/mentions',
  });
  const events: ChannelEvent[] = (body.data ?? []).map((t) => ({ type: 'upsert', item: tweetToItem(t, body.includes, p.userId) }));
  const newest = c.mp?.newest ?? body.meta?.newest_id;
  const token = body.meta?.next_token;
  // Without a since_id there is nothing to page back to: take the latest page only.
  if (token && c.m) return { events, next: { ...c, mp: { token, newest: newest ?? c.m } }, more: true, rateLimit };
  return { events, next: { ...c, m: newest ?? c.m, mp: undefined }, more: false, rateLimit };
}

async function fetchDms(client: XClient, p: PollSettings, c: XCursor, signal: AbortSignal): Promise<{ events: ChannelEvent[]; next: XCursor; rateLimit?: RateLimitState }> {
  const events: ChannelEvent[] = [];
  let newest = c.d;
  let token: string | undefined;
  let rateLimit: RateLimitState | undefined;
  for (let page = 0; page < p.maxDmPages; page++) {
    const res = await client.request<ListResponse<V2DmEvent>>({
      method: 'GET',
      path: '/2/dm_events',
      query: {
        'dm_event.fields': 'id,text,event_type,dm_conversation_id,created_at,sender_id,participant_ids,attachments',
        event_types: 'MessageCreate',
        expansions: 'sender_id,attachments.media_keys',
        'user.fields': TWEET_QUERY['user.fields'],
        'media.fields': TWEET_QUERY['media.fields'],
        max_results: 100,
        pagination_token: token,
      },
      token: p.userToken ?? p.readToken,
      signal,
    });
    rateLimit = res.rateLimit;
    let reachedKnown = false;
    for (const e of res.body.data ?? []) {
      if (c.d && /^\d+$/.test(e.id) && compareIds(e.id, c.d) <= 0) {
        reachedKnown = true;
        continue;
      }
      if (!newest || compareIds(e.id, newest) > 0) newest = e.id;
      const item = dmEventToItem(e, res.body.includes, p.userId);
      if (item) events.push({ type: 'upsert', item });
    }
    token = res.body.meta?.next_token;
    if (reachedKnown || !token || !c.d) break;
  }
  return { events, next: { ...c, d: newest }, rateLimit };
}

export async function pollX(client: XClient, account: AccountContext, cursor: string | undefined, signal: AbortSignal): Promise<FetchResult> {
  const p = pollSettings(account);
  const c = decodeCursor(cursor);
  const mentions = await fetchMentions(client, p, c, signal);
  let next = mentions.next;
  let events = mentions.events;
  let rateLimit = mentions.rateLimit;
  // DMs are read once per walk, not on every page of a mentions backlog.
  if (p.directMessages && !mentions.more) {
    const dms = await fetchDms(client, p, next, signal);
    next = dms.next;
    events = [...events, ...dms.events];
    rateLimit = lowest(rateLimit, dms.rateLimit);
  }
  return { events, cursor: encodeCursor(next), more: mentions.more, rateLimit };
}
