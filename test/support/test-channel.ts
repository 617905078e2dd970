import crypto from 'node:crypto';
import { ChannelError, type ChannelAdapter, type ChannelEvent, type FetchResult } from '../../src/channels/port.js';

/**
 * A minimal signed-webhook + polling channel for pipeline tests: body `{ "events": [{ id, author, text,
 * at, editedAt?, deleted?, parent?, mentions?, followers?, outbound? }] }`, signed `x-test-signature: hex(HMAC-SHA256(secret, body))`.
 * `GET ?challenge=x` is a handshake answered with x. Polling serves `feed` after the cursor.
 */
export interface TestPost {
  id: string;
  author: string;
  text: string;
  at: string;
  editedAt?: string;
  deleted?: boolean;
  parent?: string;
  mentions?: string[];
  followers?: number;
  /** The bank's own message (a page's answer, an echo): direction outbound. */
  outbound?: boolean;
  /** Attachments the channel reports (images, files) with their URLs. */
  media?: Array<{ type: 'image' | 'video' | 'file'; url: string; mimeType?: string }>;
}

export const sign = (secret: string, body: string) => crypto.createHmac('sha256', secret).update(body).digest('hex');

function toEvents(posts: TestPost[]): ChannelEvent[] {
  return posts.map((p): ChannelEvent => {
    if (p.deleted) return { type: 'delete', nativeId: p.id, at: new Date(p.editedAt ?? p.at) };
    return {
      type: 'upsert',
      item: {
        nativeId: p.id,
        kind: p.parent ? 'reply' : 'post',
        author: { nativeId: p.author, handle: p.author, displayName: p.author.toUpperCase(), ...(p.followers !== undefined ? { followers: p.followers } : {}) },
        ...(p.parent ? { parentNativeId: p.parent } : {}),
        text: p.text,
        links: [],
        media: p.media ?? [],
        createdAt: new Date(p.at),
        ...(p.editedAt ? { editedAt: new Date(p.editedAt) } : {}),
        isPrivate: false,
        direction: p.outbound ? 'outbound' : 'inbound',
        interactions: (p.mentions ?? []).map((m) => ({ type: 'mention' as const, target: { nativeId: m, handle: m } })),
        raw: p,
      },
    };
  });
}

export function testChannel(feed: TestPost[] = [], type = 'testchan', opts: { poll?: boolean } = {}): ChannelAdapter & { fetches: Array<string | undefined> } {
  const fetches: Array<string | undefined> = [];
  const adapter: ChannelAdapter & { fetches: Array<string | undefined> } = {
    type,
    displayName: 'Test channel',
    settingsSchema: { type: 'object' },
    credentialsSchema: { type: 'object', properties: { secret: { type: 'string' } } },
    fetches,
    limits: () => ({ maxLength: 500, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: false }),
    verify(req, account) {
      if (req.method === 'GET' && req.query.challenge) return { kind: 'respond', status: 200, contentType: 'text/plain', body: req.query.challenge };
      const given = req.headers['x-test-signature'] ?? '';
      const want = sign(account.credentials.secret ?? '', req.rawBody.toString('utf8'));
      return given.length === want.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(want)) ? { kind: 'accept' } : { kind: 'reject', reason: 'signature mismatch' };
    },
    parse(req) {
      let body: { events?: TestPost[] };
      try {
        body = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        throw new ChannelError('malformed_payload', 'body is not JSON', false);
      }
      if (!Array.isArray(body.events) || body.events.some((e) => typeof e?.id !== 'string' || typeof e.text !== 'string')) throw new ChannelError('malformed_payload', 'events[] with id and text expected', false);
      return toEvents(body.events);
    },
    async fetch(_account, cursor): Promise<FetchResult> {
      fetches.push(cursor);
      const after = feed.filter((p) => cursor === undefined || p.id > cursor).slice(0, 2);
      return { events: toEvents(after), ...(after.length ? { cursor: after[after.length - 1]!.id } : {}), more: after.length === 2, rateLimit: { remaining: 99, limit: 100 } };
    },
    async sendReply() {
      return { nativeId: 'r1' };
    },
    async health() {
      return { status: 'ok' };
    },
  };
  if (!opts.poll) delete adapter.fetch;
  return adapter;
}
