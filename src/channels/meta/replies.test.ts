import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock/clock.js';
import type { ReplyRequest } from '../port.js';
import { createMetaAdapter } from './index.js';
import { startFakeGraph, type FakeGraph } from './testing/fake-graph.js';
import { metaAccount } from './testing/harness.js';

const clock = new ManualClock('2026-11-20T04:00:00Z');
const meta = createMetaAdapter({ clock });
const hoursAgo = (h: number) => new Date(clock.now().getTime() - h * 3_600_000);

const fbComment: ReplyRequest['inReplyTo'] = { nativeId: '987654321000001_1122334455', threadNativeId: '104857600123456_987654321000001', kind: 'comment', isPrivate: false, author: { nativeId: '7012000000000001' }, createdAt: hoursAgo(1) };
const igComment: ReplyRequest['inReplyTo'] = { nativeId: '17919697626119712', threadNativeId: 'instagram:media:18172143295349192', kind: 'comment', isPrivate: false, author: { nativeId: '2105722729836161' }, createdAt: hoursAgo(1) };
const messengerDm: ReplyRequest['inReplyTo'] = { nativeId: 'm_1', threadNativeId: 'messenger:6723000000000002', kind: 'direct_message', isPrivate: true, author: { nativeId: '6723000000000002' }, createdAt: hoursAgo(2) };
const igDm: ReplyRequest['inReplyTo'] = { nativeId: 'aWdf1', threadNativeId: 'instagram:dm:2105722729836161', kind: 'direct_message', isPrivate: true, author: { nativeId: '2105722729836161' }, createdAt: hoursAgo(2) };

const reply = (inReplyTo: ReplyRequest['inReplyTo'], text: string, priv = false): ReplyRequest => ({ inReplyTo, text, private: priv, idempotencyKey: 'k' });

describe('Meta replies', () => {
  let fake: FakeGraph;
  beforeEach(async () => {
    fake = await startFakeGraph();
  });
  afterEach(() => fake.close());

  it('limits: comments 8000 (Instagram 2200), Messenger 2000 with a 24 h window, Instagram DMs 1000 bytes', () => {
    const account = metaAccount(fake.graphBaseUrl);
    expect(meta.limits(account, fbComment)).toMatchObject({ maxLength: 8000, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: true });
    expect(meta.limits(account, igComment)).toMatchObject({ maxLength: 2200 });
    expect(meta.limits(account, messengerDm)).toMatchObject({ maxLength: 2000, privateWindowHours: 24, canReplyPublicly: false });
    expect(meta.limits(account, igDm)).toMatchObject({ maxLength: 1000, lengthUnit: 'bytes', privateWindowHours: 24 });
  });

  it('private reply to a comment: POST /{PAGE_ID}/messages with recipient.comment_id', async () => {
    const res = await meta.sendReply(metaAccount(fake.graphBaseUrl), reply(fbComment, '메시지로 안내드릴게요 📩', true));
    const [sent] = fake.replies();
    expect(sent!.path).toBe('/v21.0/104857600123456/messages');
    expect(sent!.body).toEqual({ recipient: { comment_id: '987654321000001_1122334455' }, message: { text: '메시지로 안내드릴게요 📩' } });
    expect(res.nativeId).toMatch(/^m_private_/);
  });

  it('answers a Messenger message with recipient.id and messaging_type RESPONSE', async () => {
    const res = await meta.sendReply(metaAccount(fake.graphBaseUrl), reply(messengerDm, '네, 가능합니다.'));
    const [sent] = fake.replies();
    expect(sent!.body).toEqual({ recipient: { id: '6723000000000002' }, messaging_type: 'RESPONSE', message: { text: '네, 가능합니다.' } });
    expect(sent!.headers.authorization).toBe('Bearer EAAG-page-token-for-tests');
    expect(sent!.query.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
    expect(res.nativeId).toMatch(/^m_sent_/);
  });

  it('refuses to answer outside the 24-hour window, and private replies to comments older than 7 days', async () => {
    const account = metaAccount(fake.graphBaseUrl);
    await expect(meta.sendReply(account, reply({ ...messengerDm, createdAt: hoursAgo(25) }, 'late'))).rejects.toMatchObject({ code: 'rule_violation', retryable: false });
    await expect(meta.sendReply(account, reply({ ...fbComment, createdAt: hoursAgo(24 * 8) }, 'late', true))).rejects.toMatchObject({ code: 'rule_violation' });
    await meta.sendReply(account, reply({ ...fbComment, createdAt: hoursAgo(24 * 8) }, 'public is fine'));
    expect(fake.replies()).toHaveLength(1);
  });

  it('Instagram: public reply via POST /{ig-comment-id}/replies?message=, DMs limited to 1000 UTF-8 bytes', async () => {
    const account = metaAccount(fake.graphBaseUrl);
    const res = await meta.sendReply(account, reply(igComment, '발표는 12월 1일입니다 🎉'));
    const [sent] = fake.replies();
    expect(sent!.path).toBe('/v21.0/17919697626119712/replies');
    expect(sent!.query.message).toBe('발표는 12월 1일입니다 🎉');
    expect(res.nativeId).toMatch(/^\d+$/);
    await meta.sendReply(account, reply(igDm, '가'.repeat(333)));
    await expect(meta.sendReply(account, reply(igDm, '가'.repeat(334)))).rejects.toMatchObject({ code: 'rule_violation' });
    expect(fake.replies()[1]!.body).toMatchObject({ recipient: { id: '2105722729836161' }, messaging_type: 'RESPONSE' });
  });

  it('maps Graph errors: throttling → rate_limited with the regain-access time, 190 → auth_failed, outside window → rule_violation, transient → retryable', async () => {
    const account = metaAccount(fake.graphBaseUrl);
    fake.failNext(
      400,
      { message: '(#80001) There have been too many calls to this Page account.', type: 'OAuthException', code: 80001 },
      {
        'x-business-use-case-usage': JSON.stringify({ '104857600123456': [{ type: 'pages', call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 7 }] }),
      },
    );
    await expect(meta.sendReply(account, reply(fbComment, 'a'))).rejects.toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 7 * 60_000 });
    fake.failNext(400, { message: '(#4) Application request limit reached', type: 'OAuthException', code: 4, is_transient: true });
    await expect(meta.sendReply(account, reply(fbComment, 'a'))).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 60_000 });
    fake.failNext(400, { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, error_subcode: 463 });
    await expect(meta.sendReply(account, reply(fbComment, 'a'))).rejects.toMatchObject({ code: 'auth_failed', retryable: false });
    fake.failNext(400, { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2018278 });
    await expect(meta.sendReply(account, reply(messengerDm, 'a'))).rejects.toMatchObject({ code: 'rule_violation', retryable: false });
    fake.failNext(500, { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true });
    await expect(meta.sendReply(account, reply(fbComment, 'a'))).rejects.toMatchObject({ code: 'unavailable', retryable: true });
    fake.failNext(400, { message: '(#100) Unsupported post request. Object with ID does not exist', type: 'GraphMethodException', code: 100, error_subcode: 33 });
    await expect(meta.sendReply(account, reply(fbComment, 'a'))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('health: ok for the right Page, down for a bad token or an unreachable server', async () => {
    const account = metaAccount(fake.graphBaseUrl);
    expect(await meta.health(account)).toEqual({ status: 'ok', message: '소통은행' });
    expect((await meta.health({ ...account, credentials: { ...account.credentials, pageAccessToken: 'expired' } })).status).toBe('down');
    await fake.server.goAway();
    const down = await meta.health(account);
    expect(down).toMatchObject({ status: 'down', message: expect.stringMatching(/unreachable/) });
    await expect(meta.sendReply(account, reply(fbComment, 'a'))).rejects.toMatchObject({ code: 'unavailable', retryable: true });
  });
});
