import { describe, expect, it } from 'vitest';
import { ChannelError, type CanonicalItem, type ChannelEvent } from '../port.js';
import { asciiJson, inboundRequest } from '../testing/inbound.js';
import { adapter } from './index.js';
import { fixtureText, metaAccount, signedMetaRequest, signMeta, VERIFY_TOKEN } from './testing/harness.js';

const account = metaAccount('http://127.0.0.1:1/v21.0');
const parse = (name: string): ChannelEvent[] => adapter.parse!(signedMetaRequest(fixtureText(name)), account);
const items = (events: ChannelEvent[]): CanonicalItem[] => events.flatMap((e) => (e.type === 'upsert' ? [e.item] : []));

describe('Meta webhook handshake and signatures', () => {
  it('answers hub.challenge as plain text when the verify token matches, 403 otherwise', () => {
    const query = { 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': VERIFY_TOKEN };
    expect(adapter.verify!(inboundRequest({ method: 'GET', query }), account)).toEqual({ kind: 'respond', status: 200, contentType: 'text/plain', body: '1158201444' });
    expect(adapter.verify!(inboundRequest({ method: 'GET', query: { ...query, 'hub.verify_token': 'guess' } }), account)).toMatchObject({ kind: 'respond', status: 403 });
    expect(adapter.verify!(inboundRequest({ method: 'GET', query: { ...query, 'hub.verify_token': undefined } }), account)).toMatchObject({ kind: 'respond', status: 403 });
    expect(adapter.verify!(inboundRequest({ method: 'GET', query: { 'hub.mode': 'unsubscribe', 'hub.challenge': '1' } }), account).kind).toBe('reject');
  });

  it('checks X-Hub-Signature-256 over the raw bytes as Meta sends them (non-ASCII escaped as \\uXXXX)', () => {
    const escaped = asciiJson(JSON.parse(fixtureText('messenger-messages.json')));
    expect(escaped).toContain('\\ub300\\ucd9c');
    expect(escaped).toContain('\\ud83d\\udcce');
    const req = signedMetaRequest(escaped);
    expect(adapter.verify!(req, account)).toEqual({ kind: 'accept' });
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(escaped)));
    expect(adapter.verify!({ ...req, rawBody: reserialised }, account).kind, 'a re-serialised body does not match').toBe('reject');
    expect(items(adapter.parse!(req, account))[1]!.text).toBe('대출 상환일 변경 가능할까요? 첨부 확인 부탁드려요 📎');
  });

  it('rejects wrong, truncated and missing signatures, and accounts without an app secret', () => {
    const raw = fixtureText('feed-comments.json');
    const good = signMeta(raw);
    for (const header of [signMeta(raw, 'other'), good.slice(0, -1), good.replace('sha256=', 'sha1='), 'sha256=']) {
      expect(adapter.verify!(inboundRequest({ body: raw, headers: { 'x-hub-signature-256': header } }), account).kind, header).toBe('reject');
    }
    expect(adapter.verify!(inboundRequest({ body: raw, headers: { 'x-hub-signature-256': good.toUpperCase().replace('SHA256=', 'sha256=') } }), account).kind, 'hex case does not matter').toBe('accept');
    expect(adapter.verify!(signedMetaRequest(raw), { ...account, credentials: {} }).kind).toBe('reject');
  });
});

describe('Meta webhook parsing', () => {
  it('page feed: comment and reply upserts (outbound for the Page), reactions ignored', () => {
    const [comment, reply, ...rest] = items(parse('feed-comments.json'));
    expect(rest).toEqual([]);
    expect(comment).toMatchObject({
      nativeId: '987654321000001_1122334455',
      kind: 'comment',
      parentNativeId: '104857600123456_987654321000001',
      threadNativeId: '104857600123456_987654321000001',
      text: '체크카드 해외 결제가 안 돼요 😭 언제 풀리나요?',
      author: { nativeId: '7012000000000001', displayName: '김민지' },
      isPrivate: false,
      direction: 'inbound',
    });
    expect(comment!.createdAt.toISOString()).toBe('2026-11-20T03:10:00.000Z');
    expect(comment!.interactions).toEqual([{ type: 'reply', target: { nativeId: '104857600123456' }, targetItemNativeId: '104857600123456_987654321000001' }]);
    expect(reply).toMatchObject({ kind: 'reply', parentNativeId: '987654321000001_1122334455', direction: 'outbound' });
  });

  it('page feed: edited → upsert with editedAt, remove → delete', () => {
    const [edited] = items(parse('feed-comment-edited.json'));
    expect(edited).toMatchObject({ nativeId: '987654321000001_1122334455', text: '체크카드 해외 결제가 안 돼요 😭 (수정: 지금은 됩니다!)' });
    expect(edited!.editedAt?.toISOString()).toBe('2026-11-20T03:15:00.000Z');
    expect(parse('feed-comment-removed.json')).toEqual([{ type: 'delete', nativeId: '987654321000001_1122334455', at: new Date(1795144600_000) }]);
  });

  it('Messenger: messages with attachments and reply_to, echoes as outbound, reads and deliveries ignored', () => {
    const [hello, loan, echo, ...rest] = items(parse('messenger-messages.json'));
    expect(rest).toEqual([]);
    expect(hello).toMatchObject({ nativeId: 'mid.1457764197618:41d102a3e1ae206a38', text: 'hello, world!', kind: 'direct_message', isPrivate: true, direction: 'inbound', threadNativeId: 'messenger:6723000000000001' });
    expect(hello!.createdAt.getTime()).toBe(1457764197627);
    expect(loan).toMatchObject({ parentNativeId: 'm_earlier_message_from_page', media: [{ type: 'image', url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/statement.png' }], links: ['https://sotongbank.example/loan/faq'] });
    expect(echo).toMatchObject({ direction: 'outbound', author: { nativeId: '104857600123456' }, threadNativeId: 'messenger:6723000000000002' });
  });

  it('Messenger message_edits → upsert of the same mid with editedAt', () => {
    const [edit] = items(parse('messenger-edit.json'));
    expect(edit).toMatchObject({ nativeId: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P', text: '대출 상환일을 25일로 변경 가능할까요?', threadNativeId: 'messenger:6723000000000002' });
    expect(edit!.editedAt?.getTime()).toBe(1795144399000);
  });

  it('Instagram comments and replies, threaded by media', () => {
    const [comment, reply] = items(parse('instagram-comments.json'));
    expect(comment).toMatchObject({ nativeId: '17919697626119712', kind: 'comment', parentNativeId: '18172143295349192', threadNativeId: 'instagram:media:18172143295349192', author: { nativeId: '2105722729836161', handle: 'minji.kim_' } });
    expect(comment!.createdAt.toISOString()).toBe('2026-11-20T03:10:00.000Z');
    expect(reply).toMatchObject({ kind: 'reply', parentNativeId: '17919697626119712' });
  });

  it('Instagram messages: inbound, echo, and a deleted message → delete', () => {
    const events = parse('instagram-messages.json');
    const [dm, echo] = items(events);
    expect(dm).toMatchObject({ text: '카드 분실 신고는 어디서 하나요?', direction: 'inbound', threadNativeId: 'instagram:dm:2105722729836161' });
    expect(echo).toMatchObject({ direction: 'outbound', threadNativeId: 'instagram:dm:2105722729836161' });
    expect(events[2]).toMatchObject({ type: 'delete', nativeId: expect.stringMatching(/^aWdf/) });
  });

  it('other objects (user, permissions) parse to nothing; broken shapes throw malformed_payload', () => {
    expect(adapter.parse!(signedMetaRequest('{"object":"user","entry":[{"id":"1","time":1,"changes":[{"field":"email"}]}]}'), account)).toEqual([]);
    const broken = [
      'not json',
      '{"entry":[]}',
      '{"object":"page","entry":{}}',
      '{"object":"page","entry":[{"id":"1","changes":[{"field":"feed"}]}]}',
      '{"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"c","created_time":1}}]}]}',
      '{"object":"page","entry":[{"id":"1","messaging":[{"timestamp":1,"message":{"mid":"m","text":"x"}}]}]}',
    ];
    for (const body of broken) {
      let err: unknown;
      try {
        adapter.parse!(signedMetaRequest(body), account);
      } catch (e) {
        err = e;
      }
      expect(err, body).toBeInstanceOf(ChannelError);
      expect((err as ChannelError).code, body).toBe('malformed_payload');
    }
  });
});
