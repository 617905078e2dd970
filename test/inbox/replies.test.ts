import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyLength } from '../../src/channels/length.js';
import { fromAdapters, measurerFor } from '../../src/channels/registry.js';
import { ChannelError, inboxChannel } from './channel.js';
import { startInbox, type InboxHarness } from './harness.js';

const dm = inboxChannel('dmchan', { canReplyPrivately: true, displayName: 'DM 채널' });
const pub = inboxChannel('pubchan', { maxLength: 50, displayName: '공개 채널' });
let h: InboxHarness;
const now = () => new Date().toISOString();
const thread = async (id: string) => (await h.api.get(`${h.base}/conversations/${id}`)).body;

beforeAll(async () => {
  h = await startInbox([dm, pub]);
});
afterAll(async () => h.close());

describe('moving a public complaint private', () => {
  it('replies publicly, opens a linked private conversation and sends the private message', async () => {
    await h.deliver('dmchan', [{ id: 'p1', author: 'song', name: '송민지', text: '계좌 이체가 두 번 빠져나갔어요!! 답변 주세요', at: now() }]);
    const { id } = await h.routed('p1');
    const r = await h.api.post(`${h.base}/conversations/${id}/move-private`, { publicText: '불편을 드려 죄송합니다. DM으로 안내드렸습니다.', privateText: '송민지님, 확인을 위해 거래 일시를 알려 주세요.' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.privateConversation).toMatchObject({ isPrivate: true, linkedConversationId: id, customer: { handle: 'song' } });
    expect(r.body.publicReply).toMatchObject({ isPrivate: false, status: 'sending', conversationId: id });
    expect(r.body.privateReply).toMatchObject({ isPrivate: true, conversationId: r.body.privateConversation.id });
    await expect.poll(() => dm.sent.length, { timeout: 10_000 }).toBe(2);
    const byPrivacy = Object.fromEntries(dm.sent.map((s) => [String(s.private), s]));
    expect(byPrivacy.false).toMatchObject({ text: '불편을 드려 죄송합니다. DM으로 안내드렸습니다.', inReplyTo: { nativeId: 'p1' } });
    expect(byPrivacy.true).toMatchObject({ text: '송민지님, 확인을 위해 거래 일시를 알려 주세요.', inReplyTo: { nativeId: 'p1', author: { nativeId: 'song' } } });
    expect((await thread(id)).conversation.linkedConversationId).toBe(r.body.privateConversation.id);
    await expect.poll(async () => (await thread(r.body.privateConversation.id)).thread.map((e: { type: string; reply?: { status: string } }) => e.reply?.status), { timeout: 10_000 }).toEqual(['sent']);
    const audit = await h.db.selectFrom('audit_log').select('action').where('target_id', '=', id).where('action', '=', 'conversation.moved_private').execute();
    expect(audit).toHaveLength(1);

    // The customer's first direct message lands in that private conversation.
    await h.deliver('dmchan', [{ id: 'dm1', author: 'song', text: '어제 오후 3시쯤이요', at: now(), private: true }]);
    const answered = await h.routed('dm1');
    expect(answered.id).toBe(r.body.privateConversation.id);
    expect(answered.conversation.thread.map((e: { type: string }) => e.type)).toEqual(['reply', 'item']);
  });

  it('refuses clearly where the channel cannot message privately, and for a private conversation', async () => {
    await h.deliver('pubchan', [{ id: 'q1', author: 'ahn', text: '앱 점검 언제 끝나요?', at: now() }]);
    const { id } = await h.routed('q1');
    const r = await h.api.post(`${h.base}/conversations/${id}/move-private`, { publicText: 'DM 드렸습니다', privateText: '안내드립니다' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'reply.private_reply_unsupported', field: 'privateText' });
    expect(r.body.error.message).toContain('공개 채널 cannot send private messages');
    expect(pub.sent).toHaveLength(0);
    const dmConv = (await h.routed('dm1')).id;
    expect((await h.api.post(`${h.base}/conversations/${dmConv}/move-private`, { publicText: 'a', privateText: 'b' })).body.error.code).toBe('conversation.already_private');
  });
});

describe('replies through the channel', () => {
  it('refuses a reply over the channel limit before sending, with a clear message', async () => {
    const { id } = await h.routed('q1');
    const r = await h.api.post(`${h.base}/conversations/${id}/replies`, { text: '가'.repeat(51) });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'reply.too_long', field: 'text' });
    expect(r.body.error.message).toMatch(/51.*50/);
    // The conversation serves the limits the check used, so the composer counts as the server does.
    expect((await thread(id)).replyLimits).toMatchObject({ maxLength: 50, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: false });
    const priv = await h.api.post(`${h.base}/conversations/${id}/replies`, { text: '안내', private: true });
    expect(priv.body.error.code).toBe('reply.private_reply_unsupported');
    expect(pub.sent).toHaveLength(0);
    expect((await thread(id)).thread.filter((e: { type: string }) => e.type === 'reply')).toHaveLength(0);
  });

  it('leaves a reply the channel rejects failed with the reason, and a retry sends it', async () => {
    const { id } = await h.routed('q1');
    pub.failWith = new ChannelError('rule_violation', '같은 내용의 답글이 이미 있습니다 (duplicate content)', false);
    const r = await h.api.post(`${h.base}/conversations/${id}/replies`, { text: '점검은 오전 6시에 끝납니다.' });
    expect(r.status).toBe(202);
    const replyId = r.body.reply.id;
    const status = async () => (await thread(id)).thread.find((e: { type: string; reply?: { id: string } }) => e.reply?.id === replyId)?.reply;
    await expect.poll(async () => (await status())?.status, { timeout: 10_000 }).toBe('failed');
    expect(await status()).toMatchObject({ error: '같은 내용의 답글이 이미 있습니다 (duplicate content)', errorCode: 'rule_violation', attempts: 1 });
    expect((await thread(id)).conversation.firstResponseAt).toBeNull();
    pub.failWith = undefined;
    const retry = await h.api.post(`${h.base}/replies/${replyId}/retry`);
    expect(retry.status).toBe(202);
    await expect.poll(async () => (await status())?.status, { timeout: 10_000 }).toBe('sent');
    expect(await status()).toMatchObject({ error: null, attempts: 2, nativeId: 'out-1' });
    expect(pub.sent.map((s) => s.text)).toEqual(['점검은 오전 6시에 끝납니다.']);
    expect((await thread(id)).conversation.firstResponseAt).not.toBeNull();
    const actions = (await h.db.selectFrom('audit_log').select('action').where('target_id', '=', id).orderBy('seq').execute()).map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['reply.queued', 'reply.failed', 'reply.retried', 'reply.sent']));
    expect((await h.api.post(`${h.base}/replies/${replyId}/retry`)).status).toBe(404);
  });
});

describe('tracked links in replies', () => {
  const browserAgent = { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36' };

  it('an agent’s reply goes out with its links as short links of the conversation, counted as such', async () => {
    await h.deliver('pubchan', [{ id: 'L1', author: 'kim', text: '카드 혜택 어디서 봐요?', at: now() }]);
    const { id } = await h.routed('L1');
    const agent = await h.member('links-agent@bank.test', 'agent', '상담원 링크');
    const limits = (await thread(id)).replyLimits;
    expect(limits.trackedLinkSample).toBe(`${h.server.url}/l/xxxxxxxx`);
    // 50 characters on this channel: the address as written would not fit, its short link does.
    const dest = `https://bank.example/cards/spring-benefits?from=inbox&x=${'q'.repeat(30)}`;
    const text = `혜택: ${dest}`;
    expect([...text].length).toBeGreaterThan(50);
    // The browser's counter (same code as the server) counts it as it will go out.
    expect(replyLength(text, limits, (t) => measurerFor(fromAdapters([pub]), t))).toBe(4 + limits.trackedLinkSample.length);
    const before = pub.sent.length;
    const r = await agent.api.post(`${h.base}/conversations/${id}/replies`, { text });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const shortUrl = r.body.reply.text.slice(4);
    expect(shortUrl).toMatch(new RegExp(`^${h.server.url.replace(/[.]/g, '\\.')}/l/[A-Za-z0-9]{8}$`));
    await expect.poll(() => pub.sent.length, { timeout: 10_000 }).toBe(before + 1);
    expect(pub.sent.at(-1)!.text).toBe(r.body.reply.text);

    // The same address again in this conversation: the same link; the link is tied to the conversation.
    const again = await agent.api.post(`${h.base}/conversations/${id}/replies`, { text: `다시 안내: ${dest}` });
    expect(again.body.reply.text).toBe(`다시 안내: ${shortUrl}`);
    const links = (await h.api.get(`/api/v1/w/${h.ws}/links?channel=pubchan`)).body.links;
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ shortUrl, targetUrl: dest, conversationId: id, channel: 'pubchan', postId: null });
    const hop = await fetch(shortUrl, { redirect: 'manual', headers: browserAgent });
    expect(hop.status).toBe(302);
    expect(new URL(hop.headers.get('location')!).searchParams.get('utm_source')).toBe('pubchan');
  });

  it('a workspace that turns tracking off sends links as written', async () => {
    const { id } = await h.routed('L1');
    expect((await h.api.request('PUT', `/api/v1/w/${h.ws}/links/settings`, { trackLinks: false })).status).toBe(200);
    try {
      expect((await thread(id)).replyLimits.trackedLinkSample).toBeUndefined();
      const r = await h.api.post(`${h.base}/conversations/${id}/replies`, { text: '공지: https://bank.example/n' });
      expect(r.body.reply.text).toBe('공지: https://bank.example/n');
    } finally {
      await h.api.request('PUT', `/api/v1/w/${h.ws}/links/settings`, { trackLinks: true });
    }
  });
});
