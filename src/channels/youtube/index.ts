/**
 * YouTube Data API v3 channel: polls commentThreads (newest first, page by page), answers with
 * comments.insert, and keeps within the daily quota (list 1 unit, insert 50).
 */
import { systemClock, type Clock } from '../../platform/clock/clock.js';
import { ChannelError, type AccountContext, type ChannelAdapter, type ChannelEvent, type FetchResult, type HealthReport, type ReplyLimits, type ReplyRequest, type ReplyResult } from '../port.js';
import { readSettings, YouTubeApiError, YouTubeClient, type YouTubeSettings } from './client.js';
import { changedAt, commentToItem, threadComments, type YtThreadList } from './mapping.js';
import { COST_INSERT, COST_LIST, QuotaTracker } from './quota.js';
import { simulateYouTube } from './simulator.js';

const MAX_REPLY_CHARS = 10_000;

interface Cursor {
  v: 1;
  /** Newest change time (ISO) handed over by a finished scan, and the ids carrying exactly that time. */
  since: string;
  ids: string[];
  /** A scan in progress: the next page and the newest change seen so far in it. */
  scan?: { pageToken: string; newest: string; ids: string[] };
  quota?: { day: string; used: number };
}

function parseCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const c = JSON.parse(raw) as Cursor;
    if (c && c.v === 1 && typeof c.since === 'string' && Array.isArray(c.ids)) return c;
  } catch {
    /* fall through */
  }
  throw new ChannelError('invalid_request', 'unreadable YouTube cursor', false);
}

export interface YouTubeAdapterOptions {
  clock?: Clock;
}

export function createYouTubeAdapter(options: YouTubeAdapterOptions = {}): ChannelAdapter {
  const clock = options.clock ?? systemClock;
  const quota = new QuotaTracker(clock);
  const client = new YouTubeClient(() => clock.now().getTime());
  const sentReplies = new Map<string, ReplyResult>();

  const exhausted = (account: AccountContext, s: YouTubeSettings, units: number): boolean => !quota.canSpend(account.id, units, s.dailyQuota);

  async function call<T>(account: AccountContext, s: YouTubeSettings, cost: number, method: 'GET' | 'POST', path: string, query: Record<string, string | undefined>, body?: unknown, signal?: AbortSignal): Promise<T> {
    try {
      const result = await client.call<T>(account, s, method, path, query, body, signal);
      quota.spend(account.id, cost);
      return result;
    } catch (err) {
      if (err instanceof YouTubeApiError) {
        quota.spend(account.id, cost);
        if (err.reason === 'quotaExceeded' || err.reason === 'dailyLimitExceeded') {
          quota.exhaust(account.id, s.dailyQuota);
          throw new ChannelError('rate_limited', err.message, true, quota.msUntilReset());
        }
      }
      throw err;
    }
  }

  const adapter: ChannelAdapter = {
    type: 'youtube',
    displayName: 'YouTube',
    simulate: simulateYouTube,
    settingsSchema: {
      type: 'object',
      properties: {
        channelId: { type: 'string', description: 'Watch every comment thread related to this channel (allThreadsRelatedToChannelId); also marks own comments as outbound.' },
        videoId: { type: 'string', description: 'Watch one video instead of the whole channel.' },
        dailyQuota: { type: 'integer', minimum: 1, default: 10000, description: 'Daily quota units of the Google Cloud project.' },
        maxResults: { type: 'integer', minimum: 1, maximum: 100, default: 100 },
        backfillHours: { type: 'number', minimum: 0, default: 24, description: 'How far back the first poll reaches.' },
        apiBaseUrl: { type: 'string', format: 'uri', default: 'https://www.googleapis.com' },
        tokenUrl: { type: 'string', format: 'uri', default: 'https://oauth2.googleapis.com/token' },
      },
      anyOf: [{ required: ['channelId'] }, { required: ['videoId'] }],
    },
    credentialsSchema: {
      type: 'object',
      properties: {
        accessToken: { type: 'string', description: 'OAuth 2.0 access token with the youtube.force-ssl scope.' },
        refreshToken: { type: 'string' },
        clientId: { type: 'string' },
        clientSecret: { type: 'string' },
        apiKey: { type: 'string', description: 'Read-only polling without OAuth.' },
      },
    },

    limits(): ReplyLimits {
      return { maxLength: MAX_REPLY_CHARS, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: false };
    },

    async fetch(account, rawCursor, signal): Promise<FetchResult> {
      const s = readSettings(account);
      if (!s.channelId && !s.videoId) throw new ChannelError('invalid_request', 'YouTube needs settings.channelId or settings.videoId', false);
      const prev = parseCursor(rawCursor);
      quota.restore(account.id, prev?.quota);
      const cursor: Cursor = prev ?? { v: 1, since: new Date(clock.now().getTime() - s.backfillHours * 3_600_000).toISOString(), ids: [] };
      const save = (c: Cursor): string => JSON.stringify({ ...c, quota: quota.snapshot(account.id) });
      if (exhausted(account, s, COST_LIST)) {
        return { events: [], cursor: save(cursor), more: false, rateLimit: quota.state(account.id, s.dailyQuota) };
      }
      const page = await call<YtThreadList>(
        account,
        s,
        COST_LIST,
        'GET',
        '/youtube/v3/commentThreads',
        {
          part: 'snippet,replies',
          allThreadsRelatedToChannelId: s.videoId ? undefined : s.channelId,
          videoId: s.videoId,
          order: 'time',
          textFormat: 'plainText',
          maxResults: String(s.maxResults),
          pageToken: cursor.scan?.pageToken,
        },
        undefined,
        signal,
      );
      if (!Array.isArray(page.items)) throw new ChannelError('malformed_payload', 'commentThreads response without items', false);

      const events: ChannelEvent[] = [];
      const seenAtSince = new Set(cursor.ids);
      let newest = cursor.scan?.newest ?? cursor.since;
      let newestIds = new Set(cursor.scan?.ids ?? cursor.ids);
      let reachedOld = false;
      for (const thread of page.items) {
        let threadHasNew = false;
        for (const c of threadComments(thread)) {
          const at = changedAt(c);
          const isNew = at > cursor.since || (at === cursor.since && !seenAtSince.has(c.id));
          if (!isNew) continue;
          threadHasNew = true;
          events.push({ type: 'upsert', item: commentToItem(c, thread, s.channelId) });
          if (at > newest) {
            newest = at;
            newestIds = new Set([c.id]);
          } else if (at === newest) newestIds.add(c.id);
        }
        if (!threadHasNew) reachedOld = true;
      }
      const rateLimit = quota.state(account.id, s.dailyQuota);
      if (page.nextPageToken && !reachedOld) {
        const next: Cursor = { ...cursor, scan: { pageToken: page.nextPageToken, newest, ids: [...newestIds] } };
        return { events, cursor: save(next), more: !exhausted(account, s, COST_LIST), rateLimit };
      }
      const done: Cursor = { v: 1, since: newest, ids: [...newestIds] };
      return { events, cursor: save(done), more: false, rateLimit };
    },

    async sendReply(account: AccountContext, reply: ReplyRequest): Promise<ReplyResult> {
      const s = readSettings(account);
      if (reply.private) throw new ChannelError('rule_violation', 'YouTube comments cannot be answered privately', false);
      if ([...reply.text].length > MAX_REPLY_CHARS) throw new ChannelError('rule_violation', `reply longer than ${MAX_REPLY_CHARS} characters`, false);
      if (reply.text.trim() === '') throw new ChannelError('invalid_request', 'empty reply', false);
      const key = `${account.id}:${reply.idempotencyKey}`;
      const earlier = sentReplies.get(key);
      if (earlier) return earlier;
      if (exhausted(account, s, COST_INSERT)) {
        throw new ChannelError('rate_limited', 'YouTube daily quota exhausted', true, quota.msUntilReset());
      }
      const target = reply.inReplyTo;
      const parentId = target.kind === 'reply' ? (target.threadNativeId ?? target.nativeId) : target.nativeId;
      const created = await call<{ id?: string; snippet?: { videoId?: string } }>(account, s, COST_INSERT, 'POST', '/youtube/v3/comments', { part: 'snippet' }, { snippet: { parentId, textOriginal: reply.text } });
      if (!created.id) throw new ChannelError('malformed_payload', 'comments.insert returned no id', false);
      const videoId = created.snippet?.videoId;
      const result: ReplyResult = { nativeId: created.id, url: videoId ? `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}&lc=${encodeURIComponent(created.id)}` : undefined };
      sentReplies.set(key, result);
      if (sentReplies.size > 1000) sentReplies.delete(sentReplies.keys().next().value!);
      return result;
    },

    async health(account: AccountContext): Promise<HealthReport> {
      const s = readSettings(account);
      if (exhausted(account, s, COST_LIST)) {
        return { status: 'degraded', message: `daily quota of ${s.dailyQuota} units used up; resets ${quota.resetAt().toISOString()}`, rateLimit: quota.state(account.id, s.dailyQuota) };
      }
      try {
        const query = s.channelId ? { part: 'id', id: s.channelId } : { part: 'id', id: s.videoId };
        await call(account, s, COST_LIST, 'GET', s.channelId ? '/youtube/v3/channels' : '/youtube/v3/videos', query, undefined, AbortSignal.timeout(10_000));
        const rateLimit = quota.state(account.id, s.dailyQuota);
        const low = (rateLimit.remaining ?? 0) < COST_INSERT;
        return { status: low ? 'degraded' : 'ok', message: low ? 'quota too low to send replies' : undefined, rateLimit };
      } catch (err) {
        const e = err instanceof ChannelError ? err : new ChannelError('unavailable', String(err), true);
        return { status: e.code === 'auth_failed' ? 'down' : e.code === 'rate_limited' ? 'degraded' : 'down', message: e.message, rateLimit: quota.state(account.id, s.dailyQuota) };
      }
    },
  };
  return adapter;
}

export const adapter: ChannelAdapter = createYouTubeAdapter();
