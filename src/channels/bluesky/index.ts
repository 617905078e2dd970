/**
 * Bluesky channel: Jetstream (`stream`) for posts of watched DIDs or matching keywords, resumable by
 * time_us; notifications (`fetch`) for mentions, replies, quotes, reposts and follows; replies through
 * com.atproto.repo.createRecord with reply refs and byte-offset facets, private answers as chat DMs.
 */
import { ChannelError, type AccountContext, type ChannelAdapter, type ChannelEvent, type FetchResult, type HealthReport, type ReplyLimits, type ReplyRequest, type ReplyResult } from '../port.js';
import { readSettings, SessionStore, type BlueskySettings } from './client.js';
import { detectFacets, graphemes } from './facets.js';
import { runJetstream, subscribeUrl } from './jetstream.js';
import { jetstreamToEvents, notificationToEvents, POST, postUrl, type JetstreamEvent, type NotificationView, type PostRecord } from './mapping.js';
import { measure } from './measure.js';
import { simulateBluesky } from './simulator.js';
import { deleteBluesky, engagementBluesky, findBluesky, publishBluesky } from './publish.js';

const POST_LIMIT = 300;
const DM_LIMIT = 1000;
const CHAT_PROXY = { 'atproto-proxy': 'did:web:api.bsky.chat#bsky_chat' };

/**
 * One cursor for both modes, since an account keeps a single cursor: the notifications position (newest
 * indexedAt handed over, the uris at exactly that time, a paging scan in progress) and Jetstream's time_us.
 */
interface Cursor {
  v: 1;
  since?: string;
  ids?: string[];
  scan?: { cursor: string; newest: string; ids: string[] };
  jet?: number;
}

function parseCursor(raw: string | undefined): Cursor {
  if (!raw) return { v: 1 };
  if (/^\d+$/.test(raw)) return { v: 1, jet: Number(raw) };
  try {
    const c = JSON.parse(raw) as Cursor;
    if (c?.v === 1 && (c.since === undefined || typeof c.since === 'string') && (c.jet === undefined || typeof c.jet === 'number')) return c;
  } catch {
    /* fall through */
  }
  throw new ChannelError('invalid_request', 'unreadable Bluesky cursor', false);
}

const sessions = new SessionStore();
const sentReplies = new Map<string, ReplyResult>();

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

async function resolver(account: AccountContext, s: BlueskySettings): Promise<(handle: string) => Promise<string | undefined>> {
  return async (handle) => {
    try {
      const { data } = await sessions.call<{ did?: string }>(account, s, 'GET', 'com.atproto.identity.resolveHandle', { params: { handle } });
      return data.did;
    } catch (err) {
      if (err instanceof ChannelError && (err.code === 'not_found' || err.code === 'invalid_request')) return undefined;
      throw err;
    }
  };
}

export const adapter: ChannelAdapter = {
  type: 'bluesky',
  publishTargets: ['bluesky'],
  measure: (text: string) => measure(text),
  publish: (account, post) => publishBluesky(sessions, account, post, () => new Date()),
  findPublished: (account, _target, key) => findBluesky(sessions, account, key),
  // No editPublished: Bluesky shows no edits of a post.
  deletePublished: (account, _target, uri) => deleteBluesky(sessions, account, uri),
  engagement: (account, _target, uri) => engagementBluesky(sessions, account, uri),
  displayName: 'Bluesky',
  simulate: simulateBluesky,
  settingsSchema: {
    type: 'object',
    properties: {
      serviceUrl: { type: 'string', format: 'uri', default: 'https://bsky.social', description: 'PDS or entryway for XRPC calls.' },
      jetstreamUrl: { type: 'string', default: 'wss://jetstream2.us-east.bsky.network' },
      wantedDids: { type: 'array', items: { type: 'string' }, description: 'Accounts whose posts to follow on Jetstream.' },
      keywords: { type: 'array', items: { type: 'string' }, description: 'Keep only Jetstream posts containing one of these (case-insensitive).' },
      notificationPageSize: { type: 'integer', default: 50, maximum: 100 },
    },
  },
  credentialsSchema: {
    type: 'object',
    required: ['identifier', 'appPassword'],
    properties: { identifier: { type: 'string', description: 'Handle or e-mail of the account.' }, appPassword: { type: 'string' } },
  },

  limits(_account, inReplyTo): ReplyLimits {
    return inReplyTo?.isPrivate
      ? { maxLength: DM_LIMIT, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: true }
      : { maxLength: POST_LIMIT, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: true, measureTarget: 'bluesky' };
  },

  async fetch(account, raw, signal): Promise<FetchResult> {
    const s = readSettings(account);
    const state = parseCursor(raw);
    const prev = state.since === undefined ? undefined : { since: state.since, ids: state.ids ?? [], scan: state.scan };
    const { data, rateLimit, session } = await sessions.call<{ notifications?: NotificationView[]; cursor?: string }>(account, s, 'GET', 'app.bsky.notification.listNotifications', {
      params: { limit: String(s.notificationPageSize), cursor: prev?.scan?.cursor },
      signal,
    });
    if (!Array.isArray(data.notifications)) throw new ChannelError('malformed_payload', 'listNotifications without notifications', false);
    const page = data.notifications;
    const events: ChannelEvent[] = [];
    const seenAtSince = new Set(prev?.ids ?? []);
    let newest = prev?.scan?.newest ?? prev?.since ?? '';
    let newestIds = new Set(prev?.scan?.ids ?? prev?.ids ?? []);
    let reachedOld = false;
    for (const n of page) {
      const isNew = !prev || n.indexedAt > prev.since || (n.indexedAt === prev.since && !seenAtSince.has(n.uri));
      if (!isNew) {
        reachedOld = true;
        continue;
      }
      events.push(...notificationToEvents(n, session.did));
      if (n.indexedAt > newest) {
        newest = n.indexedAt;
        newestIds = new Set([n.uri]);
      } else if (n.indexedAt === newest) newestIds.add(n.uri);
    }
    events.reverse();
    if (prev && !reachedOld && data.cursor && page.length >= s.notificationPageSize) {
      const next: Cursor = { v: 1, since: prev.since, ids: prev.ids, scan: { cursor: data.cursor, newest, ids: [...newestIds] }, jet: state.jet };
      return { events, cursor: JSON.stringify(next), more: true, rateLimit };
    }
    const done: Cursor = { v: 1, since: newest || undefined, ids: [...newestIds], jet: state.jet };
    return { events, cursor: JSON.stringify(done), more: false, rateLimit };
  },

  async stream(account, cursor, onEvents, signal): Promise<void> {
    const s = readSettings(account);
    if (!s.wantedDids.length && !s.keywords.length) throw new ChannelError('invalid_request', 'Bluesky streaming needs settings.wantedDids or settings.keywords', false);
    const state = parseCursor(cursor);
    const ownDid = typeof account.settings.did === 'string' ? account.settings.did : undefined;
    let cursorUs = state.jet;
    let handedOver = cursorUs;
    const inner = new AbortController();
    const stop = (): void => inner.abort();
    signal.addEventListener('abort', stop, { once: true });
    let chain = Promise.resolve();
    let failure: unknown;
    const enqueue = (events: ChannelEvent[], at: number): void => {
      chain = chain
        .then(async () => {
          if (inner.signal.aborted) return;
          await onEvents(events, JSON.stringify({ ...state, jet: at }));
          handedOver = at;
        })
        .catch((err: unknown) => {
          failure ??= err;
          inner.abort();
        });
    };
    // filtered-out traffic still moves the resume point: hand it over now and then without events
    const flush = setInterval(() => {
      if (cursorUs !== undefined && cursorUs !== handedOver) enqueue([], cursorUs);
    }, 10_000);
    try {
      let delay = 1000;
      while (!inner.signal.aborted) {
        const opened = Date.now();
        try {
          await runJetstream(
            subscribeUrl(s.jetstreamUrl, s.wantedDids, cursorUs),
            (ev: JetstreamEvent) => {
              if (cursorUs !== undefined && ev.time_us <= cursorUs) return;
              cursorUs = ev.time_us;
              const events = jetstreamToEvents(ev, s.keywords, s.wantedDids.length > 0, ownDid);
              if (events.length) enqueue(events, ev.time_us);
            },
            inner.signal,
          );
        } catch (err) {
          if (err instanceof ChannelError && !err.retryable) throw err;
        }
        await chain;
        if (inner.signal.aborted) break;
        if (Date.now() - opened > 30_000) delay = 1000;
        await sleep(delay, inner.signal);
        delay = Math.min(delay * 2, 60_000);
      }
      await chain;
      if (failure) throw failure;
    } finally {
      clearInterval(flush);
      signal.removeEventListener('abort', stop);
    }
  },

  async sendReply(account, reply: ReplyRequest): Promise<ReplyResult> {
    const s = readSettings(account);
    const limit = reply.private ? DM_LIMIT : POST_LIMIT;
    if (reply.text.trim() === '') throw new ChannelError('invalid_request', 'empty reply', false);
    if (graphemes(reply.text) > limit) throw new ChannelError('rule_violation', `reply longer than ${limit} characters`, false);
    if (Buffer.byteLength(reply.text, 'utf8') > limit * 10) throw new ChannelError('rule_violation', `reply longer than ${limit * 10} bytes`, false);
    const key = `${account.id}:${reply.idempotencyKey}`;
    const earlier = sentReplies.get(key);
    if (earlier) return earlier;
    const facets = await detectFacets(reply.text, await resolver(account, s));
    let result: ReplyResult;
    if (reply.private) {
      const member = reply.inReplyTo.author.nativeId;
      const { data: convo } = await sessions.call<{ convo?: { id?: string } }>(account, s, 'GET', 'chat.bsky.convo.getConvoForMembers', { params: { members: [member] }, headers: CHAT_PROXY });
      const convoId = convo.convo?.id;
      if (!convoId) throw new ChannelError('malformed_payload', 'getConvoForMembers returned no conversation', false);
      const message = { text: reply.text, ...(facets.length ? { facets } : {}) };
      const { data: sent } = await sessions.call<{ id?: string }>(account, s, 'POST', 'chat.bsky.convo.sendMessage', { body: { convoId, message }, headers: CHAT_PROXY });
      if (!sent.id) throw new ChannelError('malformed_payload', 'sendMessage returned no id', false);
      result = { nativeId: sent.id };
    } else {
      const { data } = await sessions.call<{ posts?: Array<{ uri: string; cid: string; record?: PostRecord }> }>(account, s, 'GET', 'app.bsky.feed.getPosts', { params: { uris: [reply.inReplyTo.nativeId] } });
      const parent = data.posts?.[0];
      if (!parent) throw new ChannelError('not_found', `post ${reply.inReplyTo.nativeId} not found`, false);
      const root = parent.record?.reply?.root ?? { uri: parent.uri, cid: parent.cid };
      const record = {
        $type: POST,
        text: reply.text,
        createdAt: new Date().toISOString(),
        ...(/[\uac00-\ud7a3]/.test(reply.text) ? { langs: ['ko'] } : {}),
        reply: { root: { uri: root.uri, cid: root.cid }, parent: { uri: parent.uri, cid: parent.cid } },
        ...(facets.length ? { facets } : {}),
      };
      const { data: created, session } = await sessions.call<{ uri?: string; cid?: string }>(account, s, 'POST', 'com.atproto.repo.createRecord', { body: { repo: (await sessions.get(account, s)).did, collection: POST, record } });
      if (!created.uri) throw new ChannelError('malformed_payload', 'createRecord returned no uri', false);
      result = { nativeId: created.uri, url: postUrl(created.uri, session.handle) };
    }
    sentReplies.set(key, result);
    if (sentReplies.size > 1000) sentReplies.delete(sentReplies.keys().next().value!);
    return result;
  },

  async health(account): Promise<HealthReport> {
    try {
      const s = readSettings(account);
      const { data, rateLimit } = await sessions.call<{ handle?: string; did?: string }>(account, s, 'GET', 'com.atproto.server.getSession', { signal: AbortSignal.timeout(10_000) });
      return { status: 'ok', message: `signed in as @${data.handle ?? data.did}`, rateLimit };
    } catch (err) {
      const e = err instanceof ChannelError ? err : new ChannelError('unavailable', String(err), true);
      return { status: e.code === 'rate_limited' ? 'degraded' : 'down', message: e.message };
    }
  },
};
