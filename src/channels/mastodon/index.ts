/**
 * Mastodon channel: mentions, reblogs and follows of the bank's account and statuses under watched
 * hashtags. `stream` listens on the streaming API (WebSocket or SSE) and catches up through the REST API
 * when resuming; `fetch` polls notifications and hashtag timelines with since_id and Link paging.
 */
import { ChannelError, type AccountContext, type ChannelAdapter, type ChannelEvent, type FetchResult, type HealthReport, type RateLimitState, type ReplyLimits, type ReplyResult } from '../port.js';
import { api, compareIds, maxId, nextMaxId, readSettings, token, type MastodonSettings } from './client.js';
import { concernsOwner, mastodonLength, NOTIFICATION_TYPES, notificationToEvents, statusToItem, type MAccount, type MNotification, type MStatus } from './mapping.js';
import { runSse, runWebSocket, type StreamFrame, type Subscription, type TransportHooks } from './streaming.js';
import { simulateMastodon } from './simulator.js';
import { measure } from './measure.js';
import { deleteStatus, editStatus, publishStatus, statusEngagement } from './publish.js';

interface Scan {
  /** Newest id handed over. */
  since?: string;
  /** A paging scan in progress: the max_id of the next page and the newest id seen in the scan. */
  next?: string;
  top?: string;
}

interface Cursor {
  v: 1;
  n?: Scan;
  t: Record<string, Scan>;
}

function parseCursor(raw: string | undefined): Cursor {
  if (!raw) return { v: 1, t: {} };
  try {
    const c = JSON.parse(raw) as Cursor;
    if (c && c.v === 1 && typeof c.t === 'object') return c;
  } catch {
    /* fall through */
  }
  throw new ChannelError('invalid_request', 'unreadable Mastodon cursor', false);
}

const ownAccounts = new Map<string, MAccount>();

async function ownAccount(account: AccountContext, signal?: AbortSignal): Promise<MAccount> {
  const key = `${account.id}\n${token(account)}`;
  const known = ownAccounts.get(key);
  if (known) return known;
  const me = (await api<MAccount>(account, 'GET', '/api/v1/accounts/verify_credentials', { signal })).body;
  ownAccounts.set(key, me);
  return me;
}

interface Polled<T> {
  items: T[];
  scan: Scan;
  more: boolean;
  rateLimit?: RateLimitState;
}

async function pollSource<T extends { id: string }>(account: AccountContext, path: string, extra: Array<[string, string]>, scan: Scan | undefined, limit: number, signal: AbortSignal): Promise<Polled<T>> {
  const query: Array<[string, string]> = [['limit', String(limit)], ...extra];
  if (scan?.since) query.push(['since_id', scan.since]);
  if (scan?.next) query.push(['max_id', scan.next]);
  const res = await api<T[]>(account, 'GET', path, { query, signal });
  if (!Array.isArray(res.body)) throw new ChannelError('malformed_payload', `Mastodon ${path} did not return a list`, false);
  const page = res.body.filter((x) => typeof x?.id === 'string' && (!scan?.since || compareIds(x.id, scan.since) > 0)).sort((a, b) => compareIds(a.id, b.id));
  const top = maxId(scan?.top, page.at(-1)?.id);
  if (!scan?.since) return { items: page, scan: { since: top }, more: false, rateLimit: res.rateLimit };
  const next = nextMaxId(res.headers.get('link')) ?? page[0]?.id;
  if (res.body.length >= limit && next) return { items: page, scan: { since: scan.since, next, top }, more: true, rateLimit: res.rateLimit };
  return { items: page, scan: { since: top ?? scan.since }, more: false, rateLimit: res.rateLimit };
}

/** One page from every source (or only the sources already holding a position, when catching up). */
async function pollAll(account: AccountContext, s: MastodonSettings, own: MAccount, cursor: Cursor, signal: AbortSignal, onlyResumable: boolean): Promise<FetchResult & { state: Cursor }> {
  const state: Cursor = { v: 1, n: cursor.n, t: { ...cursor.t } };
  const events: ChannelEvent[] = [];
  let more = false;
  let rateLimit: RateLimitState | undefined;
  if (s.listenUser && (!onlyResumable || state.n?.since)) {
    const types = NOTIFICATION_TYPES.map((t): [string, string] => ['types[]', t]);
    const r = await pollSource<MNotification>(account, '/api/v1/notifications', types, state.n, Math.min(80, s.pageLimit), signal);
    events.push(...r.items.flatMap((n) => notificationToEvents(n, own.id)));
    state.n = r.scan;
    more ||= r.more;
    rateLimit = r.rateLimit ?? rateLimit;
  }
  for (const tag of s.hashtags) {
    if (onlyResumable && !state.t[tag]?.since) continue;
    const r = await pollSource<MStatus>(account, `/api/v1/timelines/tag/${encodeURIComponent(tag)}`, [], state.t[tag], Math.min(40, s.pageLimit), signal);
    events.push(...r.items.map((st): ChannelEvent => ({ type: 'upsert', item: statusToItem(st, own.id) })));
    state.t[tag] = r.scan;
    more ||= r.more;
    rateLimit = r.rateLimit ?? rateLimit;
  }
  return { events, cursor: JSON.stringify(state), more, rateLimit, state };
}

function frameToEvents(frame: StreamFrame, s: MastodonSettings, own: MAccount, state: Cursor): ChannelEvent[] {
  const [stream, tagName] = frame.stream;
  const tag = tagName === undefined ? undefined : s.hashtags.find((t) => t.toLowerCase() === tagName.toLowerCase());
  if (frame.event === 'delete') return [{ type: 'delete', nativeId: frame.payload.trim(), at: new Date() }];
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame.payload);
  } catch {
    return [];
  }
  if (frame.event === 'notification') {
    const n = parsed as MNotification;
    if (!n?.id || !n.account) return [];
    if (state.n) state.n.since = maxId(state.n.since, n.id);
    else state.n = { since: n.id };
    return notificationToEvents(n, own.id);
  }
  if (frame.event !== 'update' && frame.event !== 'status.update') return [];
  const status = parsed as MStatus;
  if (!status?.id || !status.account) return [];
  if (stream === 'user' && !concernsOwner(status, own.id)) return [];
  if (stream?.startsWith('hashtag') && tag && frame.event === 'update') state.t[tag] = { since: maxId(state.t[tag]?.since, status.id) };
  const item = statusToItem(status, own.id);
  if (frame.event === 'status.update') item.editedAt ??= new Date();
  return [{ type: 'upsert', item }];
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export const adapter: ChannelAdapter = {
  type: 'mastodon',
  publishTargets: ['mastodon'],
  measure: (text: string) => measure(text),
  publish: publishStatus,
  editPublished: editStatus,
  deletePublished: (account, _target, id) => deleteStatus(account, id),
  engagement: (account, _target, id) => statusEngagement(account, id),
  displayName: 'Mastodon',
  simulate: simulateMastodon,
  settingsSchema: {
    type: 'object',
    required: ['instanceUrl'],
    properties: {
      instanceUrl: { type: 'string', format: 'uri', description: 'Base URL of the Mastodon instance, e.g. https://mastodon.social' },
      streamingUrl: { type: 'string', format: 'uri', description: 'Streaming API base when it differs (instance configuration.urls.streaming).' },
      listenUser: { type: 'boolean', default: true, description: "Listen to the account's notifications (mentions, reblogs, follows)." },
      hashtags: { type: 'array', items: { type: 'string' }, description: 'Hashtags to listen to, without #.' },
      transport: { enum: ['websocket', 'sse'], default: 'websocket' },
      maxCharacters: { type: 'integer', default: 500, description: 'The instance limit (configuration.statuses.max_characters).' },
      pageLimit: { type: 'integer', default: 40, maximum: 80 },
      replyVisibility: { enum: ['public', 'unlisted', 'private'], default: 'public', description: 'Visibility of public replies; private replies are always direct.' },
    },
  },
  credentialsSchema: { type: 'object', required: ['accessToken'], properties: { accessToken: { type: 'string', description: 'OAuth token with read and write:statuses scopes.' } } },

  limits(account): ReplyLimits {
    let maxLength = 500;
    try {
      maxLength = readSettings(account).maxCharacters;
    } catch {
      /* default */
    }
    return { maxLength, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: true, measureTarget: 'mastodon' };
  },

  async fetch(account, cursor, signal): Promise<FetchResult> {
    const s = readSettings(account);
    const own = await ownAccount(account, signal);
    const { state: _state, ...result } = await pollAll(account, s, own, parseCursor(cursor), signal, false);
    return result;
  },

  async stream(account, cursor, onEvents, signal): Promise<void> {
    const s = readSettings(account);
    const subs: Subscription[] = [...(s.listenUser ? [{ stream: 'user' as const }] : []), ...s.hashtags.map((tag) => ({ stream: 'hashtag' as const, tag }))];
    if (!subs.length) throw new ChannelError('invalid_request', 'nothing to listen to: enable listenUser or add hashtags', false);
    const inner = new AbortController();
    const stop = (): void => inner.abort();
    signal.addEventListener('abort', stop, { once: true });
    let state = parseCursor(cursor);
    let chain = Promise.resolve();
    let failure: unknown;
    const enqueue = (job: () => Promise<void>): void => {
      chain = chain.then(job).catch((err: unknown) => {
        failure ??= err;
        inner.abort();
      });
    };
    const deliver = async (events: ChannelEvent[]): Promise<void> => {
      if (events.length && !inner.signal.aborted) await onEvents(events, JSON.stringify(state));
    };
    try {
      const own = await ownAccount(account, inner.signal);
      const catchUp = async (): Promise<void> => {
        for (let round = 0; round < 20 && !inner.signal.aborted; round++) {
          const r = await pollAll(account, s, own, state, inner.signal, true);
          state = r.state;
          await deliver(r.events);
          if (!r.more) break;
        }
      };
      let delay = 1000;
      while (!inner.signal.aborted) {
        const round = new AbortController();
        const endRound = (): void => round.abort();
        inner.signal.addEventListener('abort', endRound, { once: true });
        let caughtUp = false;
        const hooks: TransportHooks = {
          onOpen: () => {
            delay = 1000;
            if (!caughtUp) enqueue(catchUp);
            caughtUp = true;
          },
          onFrame: (frame) => enqueue(() => deliver(frameToEvents(frame, s, own, state))),
        };
        try {
          if (s.transport === 'websocket') await runWebSocket(s.streamingUrl, token(account), subs, hooks, round.signal);
          else await Promise.race(subs.map((sub) => runSse(s.streamingUrl, token(account), sub, hooks, round.signal)));
        } catch (err) {
          if (err instanceof ChannelError && !err.retryable) throw err;
        } finally {
          round.abort();
          inner.signal.removeEventListener('abort', endRound);
        }
        await chain;
        if (inner.signal.aborted) break;
        await sleep(delay, inner.signal);
        delay = Math.min(delay * 2, 60_000);
      }
      await chain;
      if (failure) throw failure;
    } finally {
      signal.removeEventListener('abort', stop);
    }
  },

  async sendReply(account, reply): Promise<ReplyResult> {
    const s = readSettings(account);
    const target = reply.inReplyTo;
    const handle = target.author.handle?.replace(/^@/, '');
    let text = reply.text;
    if (handle && !text.toLowerCase().includes(`@${handle.toLowerCase()}`)) text = `@${handle} ${text}`;
    if (reply.text.trim() === '') throw new ChannelError('invalid_request', 'empty reply', false);
    if (mastodonLength(text) > s.maxCharacters) throw new ChannelError('rule_violation', `reply longer than ${s.maxCharacters} characters`, false);
    const visibility = reply.private || target.isPrivate ? 'direct' : s.replyVisibility;
    if (visibility === 'direct' && !handle) throw new ChannelError('invalid_request', "a direct reply needs the customer's handle to address it", false);
    const res = await api<MStatus>(account, 'POST', '/api/v1/statuses', {
      json: { status: text, in_reply_to_id: target.nativeId, visibility },
      headers: { 'idempotency-key': reply.idempotencyKey },
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.body?.id) throw new ChannelError('malformed_payload', 'POST /api/v1/statuses returned no id', false);
    return { nativeId: res.body.id, url: res.body.url ?? res.body.uri ?? undefined };
  },

  async health(account): Promise<HealthReport> {
    try {
      const res = await api<MAccount>(account, 'GET', '/api/v1/accounts/verify_credentials', { signal: AbortSignal.timeout(10_000) });
      const low = res.rateLimit?.remaining !== undefined && res.rateLimit.remaining < 5;
      return { status: low ? 'degraded' : 'ok', message: low ? 'rate limit nearly used up' : `signed in as @${res.body.acct}`, rateLimit: res.rateLimit };
    } catch (err) {
      const e = err instanceof ChannelError ? err : new ChannelError('unavailable', String(err), true);
      return { status: e.code === 'rate_limited' ? 'degraded' : 'down', message: e.message };
    }
  },
};
