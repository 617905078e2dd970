import crypto from 'node:crypto';
import { ChannelError, type ChannelAdapter, type ChannelEvent, type ReplyRequest } from '../../src/channels/port.js';
import { sign } from '../support/test-channel.js';

/**
 * A signed-webhook channel for inbox tests. Body `{ "events": [{ id, author, name?, text, at, parent?,
 * private?, thread?, followers?, outbound? }] }`, signed like test/support/test-channel.ts. Replies are
 * recorded in `sent`; `failWith` makes the next sends fail (until cleared).
 */
export interface InboxPost {
  id: string;
  author: string;
  name?: string;
  text: string;
  at: string;
  parent?: string;
  thread?: string;
  private?: boolean;
  followers?: number;
  outbound?: boolean;
}

export interface InboxChannel extends ChannelAdapter {
  sent: Array<ReplyRequest & { at: Date }>;
  failWith: ChannelError | undefined;
}

export function inboxChannel(type: string, opts: { canReplyPrivately?: boolean; maxLength?: number; displayName?: string } = {}): InboxChannel {
  const toEvents = (posts: InboxPost[]): ChannelEvent[] =>
    posts.map((p) => ({
      type: 'upsert',
      item: {
        nativeId: p.id,
        kind: p.private ? 'direct_message' : p.parent ? 'reply' : 'post',
        author: { nativeId: p.author, handle: p.author, displayName: p.name ?? p.author.toUpperCase(), ...(p.followers !== undefined ? { followers: p.followers } : {}) },
        ...(p.parent ? { parentNativeId: p.parent } : {}),
        ...(p.thread ? { threadNativeId: p.thread } : p.private ? { threadNativeId: `dm-${p.author}` } : {}),
        text: p.text,
        links: [],
        media: [],
        createdAt: new Date(p.at),
        isPrivate: p.private === true,
        direction: p.outbound ? 'outbound' : 'inbound',
        interactions: [],
        raw: p,
      },
    }));
  const channel: InboxChannel = {
    type,
    displayName: opts.displayName ?? `Inbox test ${type}`,
    settingsSchema: { type: 'object' },
    credentialsSchema: { type: 'object', properties: { secret: { type: 'string' } } },
    sent: [],
    failWith: undefined,
    limits: () => ({ maxLength: opts.maxLength ?? 280, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: opts.canReplyPrivately ?? false, ...(opts.canReplyPrivately ? { privateWindowHours: 24 * 7 } : {}) }),
    verify(req, account) {
      const given = req.headers['x-test-signature'] ?? '';
      const want = sign(account.credentials.secret ?? '', req.rawBody.toString('utf8'));
      return given.length === want.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(want)) ? { kind: 'accept' } : { kind: 'reject', reason: 'signature mismatch' };
    },
    parse(req) {
      const body = JSON.parse(req.rawBody.toString('utf8')) as { events: InboxPost[] };
      return toEvents(body.events);
    },
    async sendReply(_account, reply) {
      if (channel.failWith) throw channel.failWith;
      channel.sent.push({ ...reply, at: new Date() });
      return { nativeId: `out-${channel.sent.length}`, url: `https://example.test/${type}/out-${channel.sent.length}` };
    },
    async health() {
      return { status: 'ok' };
    },
  };
  return channel;
}

export { ChannelError };
