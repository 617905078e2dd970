import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalItem } from '../../src/channels/port.js';
import { demoAccount } from '../../src/app/demo-replay.js';
import { tables } from '../../src/platform/db/store.js';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The demo's channel accounts answer through local simulators of each channel's wire format: a reply,
 * a move to private and an e-mail answer really go through the adapter and the outbox and come back
 * as the bank's own items. A real account never reaches a simulator, and a failed send blocks "resolve".
 */
let server: TestServer;
let api: ApiClient;
let base: string;
let ws: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const db = () => tables<any>(server.runtime.services.store);

const item = (over: Partial<CanonicalItem> & Pick<CanonicalItem, 'nativeId' | 'text' | 'author'>): CanonicalItem => ({
  kind: 'post',
  links: [],
  media: [],
  createdAt: new Date(),
  isPrivate: false,
  direction: 'inbound',
  interactions: [],
  raw: { demo: true },
  ...over,
});

/** A live customer message on the demo account of `type` (written after the account, so not history). */
async function deliver(type: string, over: Parameters<typeof item>[0]): Promise<string> {
  const s = server.runtime.services;
  const account = await demoAccount(s, server.admin.workspaceId, type);
  const it = item({ ...over, createdAt: new Date() });
  await s.ingest.ingestEvents(account, [{ type: 'upsert', item: it }], 'demo');
  const id = await conversationOf(it.nativeId);
  expect((await api.get(`${base}/conversations/${id}`)).body.conversation.status).toBe('open');
  return id;
}

async function conversationOf(nativeId: string): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        const row = await db()
          .selectFrom('items as i')
          .innerJoin('conversation_items as ci', 'ci.item_id', 'i.id')
          .innerJoin('conversations as c', 'c.id', 'ci.conversation_id')
          .select(['c.id', 'c.routed_at'])
          .where('i.native_id', '=', nativeId)
          .executeTakeFirst();
        id = row?.id;
        return Boolean(row?.routed_at);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return id!;
}

const replyStatuses = async (id: string) =>
  ((await api.get(`${base}/conversations/${id}`)).body.thread as Array<{ type: string; reply?: { status: string; error: string | null } }>).filter((e) => e.type === 'reply').map((e) => e.reply!.status);

beforeAll(async () => {
  server = await startTestServer();
  api = new ApiClient(server.url);
  expect((await api.login(server.admin.email, server.admin.password)).status).toBe(200);
  ws = `/api/v1/w/${server.admin.workspaceId}`;
  base = `${ws}/inbox`;
}, 60_000);
afterAll(async () => server?.close());

describe('demo channels answer through local simulators', () => {
  it('a public reply on X is sent, shows as sent, and comes back as the bank’s own item in the thread’s conversation', async () => {
    const id = await deliver(
      'x',
      item({ nativeId: '1800000000000000001', threadNativeId: '1800000000000000001', text: '한빛은행 앱 또 먹통이네요. 로그인이 안 됩니다', author: { nativeId: '501', handle: 'minji_k', displayName: '김민지' } }),
    );
    const r = await api.post(`${base}/conversations/${id}/replies`, { text: '불편을 드려 죄송합니다. 지금 확인하고 있습니다.' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    await expect.poll(() => replyStatuses(id), { timeout: 15_000 }).toEqual(['sent']);
    const sent = await db().selectFrom('outbox').select(['native_id', 'url']).where('conversation_id', '=', id).executeTakeFirstOrThrow();
    expect(sent.url).toContain('/hanbitbank/status/');
    // The echo: an outbound item on the demo account, linked to the conversation it answers.
    await expect
      .poll(async () => db().selectFrom('items as i').innerJoin('conversation_items as ci', 'ci.item_id', 'i.id').select(['i.direction', 'ci.conversation_id']).where('i.native_id', '=', sent.native_id).executeTakeFirst(), {
        timeout: 15_000,
      })
      .toEqual({ direction: 'outbound', conversation_id: id });
    // …shown once in the thread (as the sent reply), not twice.
    const thread = (await api.get(`${base}/conversations/${id}`)).body.thread as Array<{ type: string }>;
    expect(thread.map((e) => e.type)).toEqual(['item', 'reply']);
  });

  it('moving a public complaint private sends both messages', async () => {
    const id = await deliver('x', item({ nativeId: '1800000000000000002', threadNativeId: '1800000000000000002', text: '카드 결제가 두 번 됐어요. 환불 언제 되나요?', author: { nativeId: '502', handle: 'jun_p', displayName: '박준' } }));
    const r = await api.post(`${base}/conversations/${id}/move-private`, { publicText: '불편을 드려 죄송합니다. DM으로 안내드렸습니다.', privateText: '박준님, 결제 일시를 알려 주시겠어요?' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    await expect.poll(() => replyStatuses(id), { timeout: 15_000 }).toEqual(['sent']);
    await expect.poll(() => replyStatuses(r.body.privateConversation.id), { timeout: 15_000 }).toEqual(['sent']);
  });

  it('a KakaoTalk chat gets a private answer (signed webhook reply) and an e-mail gets an answer over SMTP', async () => {
    const chat = await deliver(
      'webhook',
      item({ nativeId: 'kakao-chat-1', threadNativeId: 'kakao-room-1', kind: 'direct_message', isPrivate: true, text: '체크카드 재발급은 어떻게 하나요?', author: { nativeId: 'kakao-user-1', displayName: '이서연' } }),
    );
    expect((await api.post(`${base}/conversations/${chat}/replies`, { text: '앱의 카드 메뉴에서 재발급을 신청하실 수 있습니다.', private: true })).status).toBe(202);
    const mail = await deliver(
      'email',
      item({ nativeId: 'q1@example.com', threadNativeId: 'q1@example.com', kind: 'email', isPrivate: true, title: '대출 금리 문의', text: '전세대출 금리가 궁금합니다.', author: { nativeId: 'seoyeon@example.com', displayName: '이서연' } }),
    );
    expect((await api.post(`${base}/conversations/${mail}/replies`, { text: '안녕하세요, 한빛은행입니다. 현재 전세대출 금리는 연 3.9%부터입니다.', private: true })).status).toBe(202);
    await expect.poll(() => replyStatuses(chat), { timeout: 15_000 }).toEqual(['sent']);
    await expect.poll(() => replyStatuses(mail), { timeout: 15_000 }).toEqual(['sent']);
    // The SMTP simulator parsed the message: its echo carries the "Re:" subject and the Korean text.
    const sent = await db().selectFrom('outbox').select('native_id').where('conversation_id', '=', mail).executeTakeFirstOrThrow();
    await expect
      .poll(async () => db().selectFrom('items').select(['title', 'text', 'direction']).where('native_id', '=', sent.native_id).executeTakeFirst(), { timeout: 15_000 })
      .toMatchObject({ title: 'Re: 대출 금리 문의', direction: 'outbound' });
  });
});

describe('real accounts never touch a simulator', () => {
  it('a connection cannot mark itself as a demo account', async () => {
    const r = await api.post(`${ws}/accounts`, { type: 'x', name: 'Sneaky', settings: { demo: true }, credentials: {} });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('account.reserved_setting');
  });

  it('an account that is not a demo account keeps its own settings: its send fails, and resolving then warns', async () => {
    const s = server.runtime.services;
    const real = await api.post(`${ws}/accounts`, { type: 'x', name: 'Real X', settings: { userId: '9', apiBaseUrl: 'http://127.0.0.1:9/' }, credentials: {} });
    expect(real.status, JSON.stringify(real.body)).toBe(201);
    const row = (await s.accounts.byId(real.body.account.id))!;
    const ctx = await s.accounts.context(row);
    expect(ctx.settings.apiBaseUrl).toBe('http://127.0.0.1:9/');
    expect(ctx.credentials.userAccessToken).toBeUndefined();
    // The same account marked demo by hand (SQL) in another workspace would still not be simulated:
    // only the demo workspace's accounts are.
    const other = await s.accounts.context({ ...row, workspace_id: '00000000-0000-0000-0000-000000000000', settings: { demo: true } });
    expect(other.settings.apiBaseUrl).toBeUndefined();

    await s.ingest.ingestEvents(row, [{ type: 'upsert', item: item({ nativeId: '1800000000000000009', threadNativeId: '1800000000000000009', text: '답변 부탁드립니다', author: { nativeId: '509', handle: 'real_c' } }) }], 'poll');
    const id = await conversationOf('1800000000000000009');
    expect((await api.post(`${base}/conversations/${id}/replies`, { text: '확인하겠습니다.' })).status).toBe(202);
    await expect.poll(() => replyStatuses(id), { timeout: 15_000 }).toEqual(['failed']);
    const refused = await api.patch(`${base}/conversations/${id}`, { status: 'resolved' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conversation.reply_failed');
    expect((await api.get(`${base}/conversations/${id}`)).body.conversation.status).not.toBe('resolved');
    const anyway = await api.patch(`${base}/conversations/${id}`, { status: 'resolved', despiteFailedReply: true });
    expect(anyway.status).toBe(200);
    expect(anyway.body.conversation.status).toBe('resolved');
    const audit = await db().selectFrom('audit_log').select('after').where('target_id', '=', id).where('action', '=', 'conversation.updated').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.after.despiteFailedReplies).toHaveLength(1);
  });
});
