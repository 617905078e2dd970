/** Test wiring for the X adapter: a fake X server loaded with the fixtures, an account pointing at it, signing helpers. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Clock } from '../../../platform/clock/clock.js';
import type { ContractHarness } from '../../adapter.contract.js';
import type { AccountContext, InboundRequest } from '../../port.js';
import { inboundRequest, TINY_PNG } from '../../testing/inbound.js';
import { createXAdapter } from '../index.js';
import type { V2DmEvent, V2Includes, V2Tweet } from '../map.js';
import { FAKE_ME, FAKE_TOKENS, startFakeX, type FakeX } from './fake-x.js';

export const CONSUMER_SECRET = 'x-consumer-secret-for-tests';

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

export function xAccount(url: string, settings: Record<string, unknown> = {}): AccountContext {
  return {
    id: 'acct-x-1',
    workspaceId: 'ws-1',
    settings: { apiBaseUrl: url, userId: FAKE_ME.id, handle: FAKE_ME.username, reconnectBaseMs: 20, reconnectMaxMs: 200, ...settings },
    credentials: { bearerToken: FAKE_TOKENS.bearer, userAccessToken: FAKE_TOKENS.user, consumerSecret: CONSUMER_SECRET },
  };
}

export function signX(raw: string | Buffer, secret = CONSUMER_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('base64')}`;
}

export function signedXRequest(raw: string | Buffer, secret = CONSUMER_SECRET): InboundRequest {
  return inboundRequest({ body: raw, headers: { 'x-twitter-webhooks-signature': signX(raw, secret) } });
}

export async function loadedFakeX(): Promise<FakeX> {
  const fake = await startFakeX();
  const page = fixture<{ data: V2Tweet[]; includes: Required<V2Includes> }>('mentions-ko.json');
  fake.mentions.push(...page.data);
  fake.includes.users.push(...page.includes.users);
  fake.includes.tweets.push(...page.includes.tweets);
  fake.includes.media.push(...page.includes.media);
  fake.dmEvents.push(...fixture<{ data: V2DmEvent[] }>('dm-events.json').data);
  fake.onStreamConnect.push(fixture<Array<Record<string, unknown>>>('stream-messages.json')[0]!);
  return fake;
}

export async function xHarness(clock?: Clock): Promise<ContractHarness & { fake: FakeX }> {
  const fake = await loadedFakeX();
  const raw = fixtureText('webhook-tweet-create.json');
  const target = fixture<{ data: V2Tweet[] }>('mentions-ko.json').data[3]!;
  return {
    fake,
    adapter: createXAdapter({ clock }),
    account: xAccount(fake.url),
    inbound: {
      valid: signedXRequest(raw),
      tampered: inboundRequest({ body: raw, headers: { 'x-twitter-webhooks-signature': signX(raw, 'wrong-secret') } }),
      malformed: signedXRequest('{"hello":"world"}'),
    },
    poll: true,
    stream: true,
    replyTarget: {
      nativeId: target.id,
      threadNativeId: target.conversation_id,
      kind: 'post',
      isPrivate: false,
      author: { nativeId: target.author_id!, handle: 'kim_minji' },
      createdAt: new Date(target.created_at!),
    },
    sentReplies: () => fake.replies(),
    checkSentReply(sent, reply) {
      const req = sent as { path: string; body: { text: string; reply: { in_reply_to_tweet_id: string } }; headers: Record<string, string> };
      if (req.path !== '/2/tweets') throw new Error(`reply went to ${req.path}`);
      if (req.body.reply.in_reply_to_tweet_id !== reply.inReplyTo.nativeId) throw new Error('wrong in_reply_to_tweet_id');
      if (req.body.text !== reply.text) throw new Error('text altered');
      if (req.headers.authorization !== `Bearer ${FAKE_TOKENS.user}`) throw new Error('not sent with the user token');
    },
    breakServer: () => fake.server.goAway(),
    publish: [
      {
        target: 'x',
        posts: () => [...fake.tweets.values()].filter((t) => !t.deleted).map((t) => ({ id: t.id, text: t.text })),
        media: [{ url: TINY_PNG, altText: '적금 금리 안내 이미지', mimeType: 'image/png' }],
        idempotent: true,
        cannot: ['find', 'edit'],
        failNext: (kind) => fake.failNext(kind),
      },
    ],
    close: () => fake.close(),
  };
}
