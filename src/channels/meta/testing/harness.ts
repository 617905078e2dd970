/** Test wiring for the Meta adapter: fake Graph server, an account pointing at it, signed webhook requests. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Clock } from '../../../platform/clock/clock.js';
import type { ContractHarness } from '../../adapter.contract.js';
import type { AccountContext, InboundRequest } from '../../port.js';
import { inboundRequest, TINY_PNG } from '../../testing/inbound.js';
import { createMetaAdapter } from '../index.js';
import { FAKE_APP_SECRET, FAKE_PAGE, FAKE_PAGE_TOKEN, startFakeGraph, type FakeGraph } from './fake-graph.js';

export const VERIFY_TOKEN = 'sotong-verify-토큰';

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
}

export function metaAccount(graphBaseUrl: string): AccountContext {
  return {
    id: 'acct-meta-1',
    workspaceId: 'ws-1',
    settings: { pageId: FAKE_PAGE.id, instagramId: '17841400000000001', graphBaseUrl },
    credentials: { pageAccessToken: FAKE_PAGE_TOKEN, appSecret: FAKE_APP_SECRET, verifyToken: VERIFY_TOKEN },
  };
}

export function signMeta(raw: string | Buffer, secret = FAKE_APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

export function signedMetaRequest(raw: string | Buffer, secret = FAKE_APP_SECRET): InboundRequest {
  return inboundRequest({ body: raw, headers: { 'X-Hub-Signature-256': signMeta(raw, secret) } });
}

export async function metaHarness(clock?: Clock): Promise<ContractHarness & { fake: FakeGraph }> {
  const fake = await startFakeGraph();
  const raw = fixtureText('feed-comments.json');
  return {
    fake,
    adapter: createMetaAdapter({ clock }),
    account: metaAccount(fake.graphBaseUrl),
    inbound: {
      valid: signedMetaRequest(raw),
      tampered: inboundRequest({ body: raw.replace('언제 풀리나요', '지금 풀렸나요'), headers: { 'x-hub-signature-256': signMeta(raw) } }),
      malformed: signedMetaRequest('{"field":"feed","value":{}}'),
    },
    replyTarget: {
      nativeId: '987654321000001_1122334455',
      threadNativeId: `${FAKE_PAGE.id}_987654321000001`,
      kind: 'comment',
      isPrivate: false,
      author: { nativeId: '7012000000000001', displayName: '김민지' },
      createdAt: new Date(Date.now() - 60_000),
    },
    sentReplies: () => fake.replies(),
    checkSentReply(sent, reply) {
      const req = sent as { path: string; body: { message?: string } };
      if (req.path !== `/v21.0/${reply.inReplyTo.nativeId}/comments`) throw new Error(`reply went to ${req.path}`);
      if (req.body.message !== reply.text) throw new Error('message altered');
    },
    breakServer: async () => fake.server.failWith(500, {}),
    publish: [
      {
        target: 'facebook',
        posts: () => [...fake.pagePosts.values()].map((p) => ({ id: p.id, text: p.message })),
        idempotent: false,
        cannot: ['find'],
        failNext: (kind) => fake.failAs(kind),
      },
      {
        target: 'instagram',
        posts: () => [...fake.igMedia.values()].map((m) => ({ id: m.id, text: m.caption })),
        media: [{ url: TINY_PNG, altText: '적금 금리 안내 이미지', mimeType: 'image/png' }],
        idempotent: false,
        cannot: ['find', 'edit', 'delete'],
        failNext: (kind) => fake.failAs(kind),
      },
    ],
    close: () => fake.close(),
  };
}
