import crypto from 'node:crypto';
import { ChannelError, type ChannelAdapter, type ChannelEvent, type InteractionType, type ItemKind } from '../../src/channels/port.js';
import { sign } from '../support/test-channel.js';

/**
 * A signed-webhook channel for network tests that carries every interaction type: posts, replies, reposts
 * and quotes with their parent and the interactions they carry, and stand-alone follows. Body
 * `{ "events": [NetEvent...] }`, signed `x-test-signature: hex(HMAC-SHA256(secret, body))`.
 */
export interface NetPost {
  id: string;
  author: string;
  text: string;
  at: string;
  kind?: Extract<ItemKind, 'post' | 'reply' | 'repost' | 'quote' | 'comment'>;
  parent?: string;
  followers?: number;
  to?: Array<{ type: InteractionType; target: string }>;
  /** The institution's own post (as channels echo what the bank sends). */
  outbound?: boolean;
}
export interface NetFollow {
  follow: true;
  source: string;
  target: string;
  at: string;
}
export type NetEvent = NetPost | NetFollow;

const who = (id: string, followers?: number) => ({ nativeId: id, handle: id, displayName: id.toUpperCase(), ...(followers !== undefined ? { followers } : {}) });

export function toEvents(events: NetEvent[]): ChannelEvent[] {
  return events.map((e): ChannelEvent => {
    if ('follow' in e) return { type: 'interaction', interaction: { type: 'follow', source: who(e.source), target: who(e.target), at: new Date(e.at) } };
    return {
      type: 'upsert',
      item: {
        nativeId: e.id,
        kind: e.kind ?? (e.parent ? 'reply' : 'post'),
        author: who(e.author, e.followers),
        ...(e.parent ? { parentNativeId: e.parent } : {}),
        text: e.text,
        links: [],
        media: [],
        createdAt: new Date(e.at),
        isPrivate: false,
        direction: e.outbound ? 'outbound' : 'inbound',
        interactions: (e.to ?? []).map((i) => ({ type: i.type, target: who(i.target) })),
        raw: e,
      },
    };
  });
}

export function networkChannel(type = 'netchan'): ChannelAdapter {
  return {
    type,
    displayName: 'Network test channel',
    settingsSchema: { type: 'object' },
    credentialsSchema: { type: 'object', properties: { secret: { type: 'string' } } },
    limits: () => ({ maxLength: 500, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: false }),
    verify(req, account) {
      const given = req.headers['x-test-signature'] ?? '';
      const want = sign(account.credentials.secret ?? '', req.rawBody.toString('utf8'));
      return given.length === want.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(want)) ? { kind: 'accept' } : { kind: 'reject', reason: 'signature mismatch' };
    },
    parse(req) {
      const body = JSON.parse(req.rawBody.toString('utf8')) as { events?: NetEvent[] };
      if (!Array.isArray(body.events)) throw new ChannelError('malformed_payload', 'events[] expected', false);
      return toEvents(body.events);
    },
    async sendReply() {
      return { nativeId: `r-${crypto.randomUUID()}` };
    },
    async health() {
      return { status: 'ok' };
    },
  };
}

/** Delivers events to an account's webhook path, signed with `secret`. */
export async function deliver(baseUrl: string, hookPath: string, secret: string, events: NetEvent[]): Promise<void> {
  const body = JSON.stringify({ events });
  const r = await fetch(baseUrl + hookPath, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': sign(secret, body) }, body });
  if (r.status !== 200) throw new Error(`delivery failed: ${r.status} ${await r.text()}`);
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/**
 * A small known network. Two stars: kim's (lee, park, choi, jung amplify kim; yoon reposts park's repost, naming kim)
 * and han's (seo, kang, cho repost han), bridged by kim mentioning han and han replying to kim. Kim's post k1
 * spreads to 5 posts (depth 2); k2 to 1. Timestamps are recent so the 30-day slice holds them too.
 */
export function knownNetwork(): NetEvent[] {
  return [
    { id: 'k1', author: 'kim', followers: 50_000, text: '국민은행 대출 금리가 또 올랐네요. 너무합니다', at: hoursAgo(48) },
    { id: 'l1', author: 'lee', followers: 300, kind: 'repost', parent: 'k1', text: 'RT 국민은행 대출 금리가 또 올랐네요', at: hoursAgo(47), to: [{ type: 'repost', target: 'kim' }] },
    { id: 'p1', author: 'park', followers: 1200, kind: 'repost', parent: 'k1', text: 'RT 국민은행 대출 금리가 또 올랐네요', at: hoursAgo(46), to: [{ type: 'repost', target: 'kim' }] },
    { id: 'c1', author: 'choi', followers: 80, kind: 'quote', parent: 'k1', text: '저도 대출 금리 때문에 고민입니다', at: hoursAgo(45), to: [{ type: 'quote', target: 'kim' }] },
    { id: 'j1', author: 'jung', followers: 15, kind: 'reply', parent: 'k1', text: '대출 상담 다시 받아보세요', at: hoursAgo(44), to: [{ type: 'reply', target: 'kim' }] },
    {
      id: 'y1',
      author: 'yoon',
      followers: 40,
      kind: 'repost',
      parent: 'p1',
      text: 'RT RT 국민은행 대출 금리',
      at: hoursAgo(43),
      to: [
        { type: 'repost', target: 'park' },
        { type: 'mention', target: 'kim' },
      ],
    },
    { id: 'h1', author: 'han', followers: 2000, text: '카드 혜택이 정말 좋아요 추천합니다', at: hoursAgo(40) },
    { id: 's1', author: 'seo', followers: 10, kind: 'repost', parent: 'h1', text: 'RT 카드 혜택이 정말 좋아요', at: hoursAgo(39), to: [{ type: 'repost', target: 'han' }] },
    { id: 'g1', author: 'kang', followers: 20, kind: 'repost', parent: 'h1', text: 'RT 카드 혜택이 정말 좋아요', at: hoursAgo(38), to: [{ type: 'repost', target: 'han' }] },
    { id: 'o1', author: 'cho', followers: 30, kind: 'repost', parent: 'h1', text: 'RT 카드 혜택이 정말 좋아요', at: hoursAgo(37), to: [{ type: 'repost', target: 'han' }] },
    { id: 'k2', author: 'kim', followers: 50_000, text: '@han 카드 혜택 어떤 게 좋나요?', at: hoursAgo(30), to: [{ type: 'mention', target: 'han' }] },
    { id: 'h2', author: 'han', followers: 2000, kind: 'reply', parent: 'k2', text: '@kim 캐시백 카드요', at: hoursAgo(29), to: [{ type: 'reply', target: 'kim' }] },
    { follow: true, source: 'lee', target: 'kim', at: hoursAgo(28) },
    { follow: true, source: 'seo', target: 'han', at: hoursAgo(28) },
  ];
}

/** The same network as weighted edge tuples under the default weights (what the job should have built). */
export function knownEdges(): Array<[string, string, number]> {
  return [
    ['lee', 'kim', 3 + 0.5],
    ['park', 'kim', 3],
    ['choi', 'kim', 2],
    ['jung', 'kim', 1],
    ['yoon', 'park', 3],
    ['yoon', 'kim', 1],
    ['seo', 'han', 3 + 0.5],
    ['kang', 'han', 3],
    ['cho', 'han', 3],
    ['kim', 'han', 1],
    ['han', 'kim', 1],
  ];
}
