/**
 * A local server speaking the X API v2 wire format used by the adapter: mentions (since_id,
 * pagination_token, max_results), DM events, POST /2/tweets, DM sends, users/me, stream rules and the
 * filtered stream (\r\n-delimited JSON with keep-alives). Every answer carries x-rate-limit-* headers.
 */
import type { ServerResponse } from 'node:http';
import { router, sendJson, startLocalServer, type LocalServer, type RecordedRequest } from '../../testing/local-server.js';
import type { V2DmEvent, V2Includes, V2Tweet, V2User } from '../map.js';
import { xWeightedLength } from '../text.js';

export interface FakeX {
  server: LocalServer;
  url: string;
  mentions: V2Tweet[];
  dmEvents: V2DmEvent[];
  includes: Required<V2Includes>;
  rules: Array<{ id: string; value: string; tag?: string }>;
  /** Open stream connections, and the query each was opened with. */
  streams: Array<{ res: ServerResponse; query: Record<string, string> }>;
  /** Messages sent to every stream as soon as it connects. */
  onStreamConnect: Array<Record<string, unknown>>;
  /** Answer the next `count` requests with 429 and this reset time (epoch seconds). */
  throttle(count: number, resetEpochSeconds: number): void;
  /** Writes one JSON message (terminated by \r\n) to every open stream. */
  push(message: unknown): void;
  keepAlive(): void;
  /** Destroys every open stream connection, as a server-side drop. */
  dropStreams(): void;
  replies(): RecordedRequest[];
  /** The bank's own posts (not replies) the server holds, with alt texts of their images. */
  tweets: Map<string, { id: string; text: string; mediaIds: string[]; deleted?: boolean }>;
  media: Map<string, { bytes: number; altText?: string }>;
  /** Answers the next request as X does: 429 with x-rate-limit-reset, 401, or a 400 problem. */
  failNext(kind: 'rate_limited' | 'auth_failed' | 'invalid_request'): void;
  close(): Promise<void>;
}

export const FAKE_TOKENS = { bearer: 'app-bearer-token', user: 'user-access-token' } as const;
export const FAKE_ME: V2User = { id: '1461012345678901248', username: 'sotongbank', name: '소통은행' };

export async function startFakeX(): Promise<FakeX> {
  let idSeq = 2124000000000000000n;
  let ruleSeq = 1;
  let throttled = 0;
  let throttleReset = 0;
  const resetAt = Math.floor(Date.now() / 1000) + 900;
  let remaining = 450;
  let failure: 'rate_limited' | 'auth_failed' | 'invalid_request' | undefined;
  const tweets: FakeX['tweets'] = new Map();
  const media: FakeX['media'] = new Map();
  const problem = (title: string, detail: string, status: number) => ({ title, detail, type: 'about:blank', status });

  const fake = {
    mentions: [] as V2Tweet[],
    dmEvents: [] as V2DmEvent[],
    includes: { users: [], tweets: [], media: [] } as Required<V2Includes>,
    rules: [] as FakeX['rules'],
    streams: [] as FakeX['streams'],
    onStreamConnect: [] as Array<Record<string, unknown>>,
  };

  const rateHeaders = (): Record<string, string> => ({
    'x-rate-limit-limit': '450',
    'x-rate-limit-remaining': String(Math.max(0, --remaining)),
    'x-rate-limit-reset': String(resetAt),
  });

  const authorized = (req: RecordedRequest, res: ServerResponse, tokens: string[]): boolean => {
    const ok = tokens.some((t) => req.headers.authorization === `Bearer ${t}`);
    if (!ok) sendJson(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    return ok;
  };

  const page = <T extends { id: string }>(items: T[], q: Record<string, string>, max: number) => {
    const sorted = [...items].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const since = q.since_id;
    const eligible = since ? sorted.filter((t) => BigInt(t.id) > BigInt(since)) : sorted;
    const offset = q.pagination_token ? Number(q.pagination_token.replace('tok-', '')) : 0;
    const size = Math.min(max, Number(q.max_results ?? max));
    const slice = eligible.slice(offset, offset + size);
    const next = offset + size < eligible.length ? `tok-${offset + size}` : undefined;
    return { slice, next };
  };

  const handler = router({
    'GET /2/users/:id/mentions': (req, res) => {
      if (!authorized(req, res, [FAKE_TOKENS.user, FAKE_TOKENS.bearer])) return;
      const { slice, next } = page(fake.mentions, req.query, 100);
      const meta = { result_count: slice.length, ...(slice.length ? { newest_id: slice[0]!.id, oldest_id: slice[slice.length - 1]!.id } : {}), ...(next ? { next_token: next } : {}) };
      sendJson(res, 200, slice.length ? { data: slice, includes: fake.includes, meta } : { meta }, rateHeaders());
    },
    'GET /2/dm_events': (req, res) => {
      if (!authorized(req, res, [FAKE_TOKENS.user])) return;
      const { slice, next } = page(fake.dmEvents, { ...req.query, since_id: '' }, 100);
      sendJson(res, 200, { data: slice, includes: fake.includes, meta: { result_count: slice.length, ...(next ? { next_token: next } : {}) } }, rateHeaders());
    },
    'POST /2/tweets': (req, res) => {
      if (!authorized(req, res, [FAKE_TOKENS.user])) return;
      const body = req.body as { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } } | undefined;
      if (typeof body?.text !== 'string' || (body.reply && typeof body.reply.in_reply_to_tweet_id !== 'string')) {
        return sendJson(res, 400, { errors: [{ message: 'Invalid Request: text' }], title: 'Invalid Request', type: 'https://api.twitter.com/2/problems/invalid-request' });
      }
      if (xWeightedLength(body.text) > 280)
        return sendJson(res, 400, {
          errors: [{ message: 'Invalid Request: text length must be <= 280' }],
          title: 'Invalid Request',
          detail: 'One or more parameters to your request was invalid.',
          type: 'https://api.twitter.com/2/problems/invalid-request',
        });
      const mediaIds = ((body as { media?: { media_ids?: unknown } }).media?.media_ids ?? []) as unknown[];
      if (mediaIds.some((m) => typeof m !== 'string' || !media.has(m)))
        return sendJson(res, 400, { errors: [{ message: 'Your media IDs are invalid.' }], title: 'Invalid Request', type: 'https://api.twitter.com/2/problems/invalid-request' });
      if (!body.reply && [...tweets.values()].some((t) => !t.deleted && t.text === body.text)) {
        return sendJson(res, 403, problem('Forbidden', 'You are not allowed to create a Tweet with duplicate content.', 403), rateHeaders());
      }
      const id = String(++idSeq);
      if (!body.reply) tweets.set(id, { id, text: body.text, mediaIds: mediaIds as string[] });
      sendJson(res, 201, { data: { id, text: body.text, edit_history_tweet_ids: [id] } }, rateHeaders());
    },
    'POST /2/media/upload': (req, res) => {
      if (!authorized(req, res, [FAKE_TOKENS.user])) return;
      if (!req.headers['content-type']?.startsWith('multipart/form-data') || !/name="media"/.test(req.text) || !/name="media_category"\r\n\r\ntweet_image/.test(req.text)) {
        return sendJson(res, 400, { errors: [{ message: 'media and media_category are required' }], title: 'Invalid Request', type: 'https://api.twitter.com/2/problems/invalid-request' });
      }
      const id = String(++idSeq);
      media.set(id, { bytes: req.rawBody.length });
      sendJson(res, 200, { data: { id, media_key: `3_${id}`, expires_after_secs: 86400, size: req.rawBody.length } }, rateHeaders());
    },
    'POST /2/media/metadata': (req, res) => {
      if (!authorized(req, res, [FAKE_TOKENS.user])) return;
      const body = req.body as { id?: string; metadata?: { alt_text?: { text?: string } } } | undefined;
      const m = body?.id ? media.get(body.id) : undefined;
      if (!m) return sendJson(res, 400, { errors: [{ message: 'media id not found' }], title: 'Invalid Request', type: 'https://api.twitter.com/2/problems/invalid-request' });
      m.altText = body?.metadata?.alt_text?.text;
      sendJson(res, 200, { data: { id: body!.id, associated_metadata: true } }, rateHeaders());
    },
    'GET /2/users/:id/tweets': (req, res, params) => {
      if (!authorized(req, res, [FAKE_TOKENS.user, FAKE_TOKENS.bearer])) return;
      if (params.id !== FAKE_ME.id) return sendJson(res, 200, { meta: { result_count: 0 } }, rateHeaders());
      const max = Math.min(100, Number(req.query.max_results ?? 10));
      const data = [...tweets.values()]
        .filter((t) => !t.deleted)
        .reverse()
        .slice(0, max)
        .map((t) => ({ id: t.id, text: t.text, edit_history_tweet_ids: [t.id] }));
      sendJson(res, 200, data.length ? { data, meta: { result_count: data.length, newest_id: data[0]!.id, oldest_id: data.at(-1)!.id } } : { meta: { result_count: 0 } }, rateHeaders());
    },
    'GET /2/tweets/:id': (req, res, params) => {
      if (!authorized(req, res, [FAKE_TOKENS.user, FAKE_TOKENS.bearer])) return;
      const t = tweets.get(params.id ?? '');
      if (!t || t.deleted)
        return sendJson(
          res,
          200,
          {
            errors: [
              {
                value: params.id,
                detail: `Could not find tweet with id: [${params.id}].`,
                title: 'Not Found Error',
                resource_type: 'tweet',
                parameter: 'id',
                resource_id: params.id,
                type: 'https://api.twitter.com/2/problems/resource-not-found',
              },
            ],
          },
          rateHeaders(),
        );
      sendJson(res, 200, { data: { id: t.id, text: t.text, edit_history_tweet_ids: [t.id], public_metrics: { retweet_count: 4, reply_count: 2, like_count: 11, quote_count: 1, bookmark_count: 0, impression_count: 310 } } }, rateHeaders());
    },
    'DELETE /2/tweets/:id': (req, res, params) => {
      if (!authorized(req, res, [FAKE_TOKENS.user])) return;
      const t = tweets.get(params.id ?? '');
      if (t) t.deleted = true;
      sendJson(res, 200, { data: { deleted: !!t } }, rateHeaders());
    },
    'POST /2/dm_conversations/with/:participant/messages': (req, res, params) => {
      if (!authorized(req, res, [FAKE_TOKENS.user])) return;
      const id = String(++idSeq);
      const pair = [FAKE_ME.id, params.participant!].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      sendJson(res, 201, { data: { dm_conversation_id: pair.join('-'), dm_event_id: id } }, rateHeaders());
    },
    'GET /2/users/me': (req, res) => {
      if (!authorized(req, res, [FAKE_TOKENS.user])) return;
      sendJson(res, 200, { data: FAKE_ME }, rateHeaders());
    },
    'GET /2/tweets/search/stream/rules': (req, res) => {
      if (!authorized(req, res, [FAKE_TOKENS.bearer])) return;
      sendJson(res, 200, { data: fake.rules, meta: { sent: new Date().toISOString(), result_count: fake.rules.length } }, rateHeaders());
    },
    'POST /2/tweets/search/stream/rules': (req, res) => {
      if (!authorized(req, res, [FAKE_TOKENS.bearer])) return;
      const body = req.body as { add?: Array<{ value: string; tag?: string }>; delete?: { ids: string[] } };
      const summary = { created: 0, not_created: 0, valid: 0, invalid: 0, deleted: 0 };
      const errors: unknown[] = [];
      const created: FakeX['rules'] = [];
      for (const r of body.add ?? []) {
        if (!r.value.trim() || r.value.includes('((')) {
          summary.invalid++;
          summary.not_created++;
          errors.push({ value: r.value, title: 'UnprocessableEntity', details: ['Rules must contain a non-negation term'] });
          continue;
        }
        summary.valid++;
        summary.created++;
        created.push({ id: String(1853000000000000000n + BigInt(ruleSeq++)), ...r });
      }
      if (req.query.dry_run !== 'true') fake.rules.push(...created);
      for (const id of body.delete?.ids ?? []) {
        const i = fake.rules.findIndex((r) => r.id === id);
        if (i >= 0) {
          fake.rules.splice(i, 1);
          summary.deleted++;
        }
      }
      sendJson(res, 200, { ...(created.length ? { data: created } : {}), meta: { sent: new Date().toISOString(), summary }, ...(errors.length ? { errors } : {}) }, rateHeaders());
    },
    'GET /2/tweets/search/stream': (req, res) => {
      if (!authorized(req, res, [FAKE_TOKENS.bearer])) return;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...rateHeaders() });
      res.flushHeaders();
      const entry = { res, query: req.query };
      fake.streams.push(entry);
      res.on('close', () => {
        const i = fake.streams.indexOf(entry);
        if (i >= 0) fake.streams.splice(i, 1);
      });
      for (const m of fake.onStreamConnect) res.write(`${JSON.stringify(m)}\r\n`);
    },
  });

  const server = await startLocalServer({
    handler: (req, res, params) => {
      const f = failure;
      failure = undefined;
      if (f === 'rate_limited') {
        return sendJson(res, 429, problem('Too Many Requests', 'Too Many Requests', 429), { 'x-rate-limit-limit': '200', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 600) });
      }
      if (f === 'auth_failed') return sendJson(res, 401, problem('Unauthorized', 'Unauthorized', 401));
      if (f === 'invalid_request')
        return sendJson(res, 400, {
          errors: [{ parameters: { text: [''] }, message: 'The `text` query parameter value [] is not valid' }],
          title: 'Invalid Request',
          detail: 'One or more parameters to your request was invalid.',
          type: 'https://api.twitter.com/2/problems/invalid-request',
        });
      if (throttled > 0) {
        throttled--;
        return sendJson(
          res,
          429,
          { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
          {
            'x-rate-limit-limit': '450',
            'x-rate-limit-remaining': '0',
            'x-rate-limit-reset': String(throttleReset),
          },
        );
      }
      return handler(req, res, params);
    },
  });

  return {
    ...fake,
    tweets,
    media,
    failNext(kind) {
      failure = kind;
    },
    server,
    url: server.url,
    throttle(count, resetEpochSeconds) {
      throttled = count;
      throttleReset = resetEpochSeconds;
    },
    push(message) {
      for (const s of fake.streams) s.res.write(`${JSON.stringify(message)}\r\n`);
    },
    keepAlive() {
      for (const s of fake.streams) s.res.write('\r\n');
    },
    dropStreams() {
      for (const s of [...fake.streams]) s.res.destroy();
    },
    replies: () => server.requests.filter((r) => r.method === 'POST' && (r.path === '/2/tweets' || r.path.startsWith('/2/dm_conversations/'))),
    close: () => server.close(),
  };
}
