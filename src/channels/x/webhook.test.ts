import { describe, expect, it } from 'vitest';
import { ChannelError, type CanonicalItem, type ChannelEvent } from '../port.js';
import { asciiJson, inboundRequest } from '../testing/inbound.js';
import { adapter } from './index.js';
import { CONSUMER_SECRET, fixture, fixtureText, signedXRequest, signX, xAccount } from './testing/harness.js';
import { createHmac } from 'node:crypto';

const account = xAccount('http://127.0.0.1:1');
const items = (events: ChannelEvent[]): CanonicalItem[] => events.flatMap((e) => (e.type === 'upsert' ? [e.item] : []));

describe('X webhooks', () => {
  it('answers the CRC with sha256=base64(HMAC-SHA256(consumer secret, crc_token))', () => {
    const result = adapter.verify!(inboundRequest({ method: 'GET', query: { crc_token: 'Y2hhbGxlbmdlLXRva2VuLTEyMw==' } }), account);
    const expected = createHmac('sha256', CONSUMER_SECRET).update('Y2hhbGxlbmdlLXRva2VuLTEyMw==').digest('base64');
    expect(result).toEqual({ kind: 'respond', status: 200, contentType: 'application/json', body: JSON.stringify({ response_token: `sha256=${expected}` }) });
    expect(adapter.verify!(inboundRequest({ method: 'GET' }), account).kind).toBe('reject');
  });

  it('verifies the signature over the raw bytes, \\uXXXX escapes included', () => {
    const body = fixture('webhook-tweet-create.json');
    const escaped = asciiJson(body);
    expect(escaped).toContain('\\ub300\\ucd9c');
    const req = signedXRequest(escaped);
    expect(adapter.verify!(req, account)).toEqual({ kind: 'accept' });
    // The same JSON re-serialised (unescaped UTF-8) is different bytes: the signature must not match it.
    const reserialised = { ...req, rawBody: Buffer.from(JSON.stringify(JSON.parse(escaped))) };
    expect(adapter.verify!(reserialised, account).kind).toBe('reject');
    const parsed = items(adapter.parse!(req, account));
    expect(parsed[0]!.text).toBe('@sotongbank 대출 이자 계산이 이상해요 💸 @parkjh 너도 그래?');
  });

  it('rejects missing and wrong signatures, and accounts without a consumer secret', () => {
    const raw = fixtureText('webhook-tweet-create.json');
    expect(adapter.verify!(inboundRequest({ body: raw }), account)).toMatchObject({ kind: 'reject', reason: expect.stringMatching(/missing/) });
    expect(adapter.verify!(inboundRequest({ body: raw, headers: { 'x-twitter-webhooks-signature': signX(raw + ' ') } }), account).kind).toBe('reject');
    expect(adapter.verify!(signedXRequest(raw), { ...account, credentials: {} }).kind).toBe('reject');
  });

  it('parses Account Activity tweet_create_events (v1.1) into a reply with mentions', () => {
    const [item] = items(adapter.parse!(signedXRequest(fixtureText('webhook-tweet-create.json')), account));
    expect(item).toMatchObject({
      nativeId: '2123614808000000000',
      kind: 'reply',
      parentNativeId: '2123500000000000000',
      lang: 'ko',
      direction: 'inbound',
      author: { nativeId: '1523000000000000001', handle: 'kim_minji', displayName: '김민지', followers: 312 },
    });
    expect(item!.createdAt.toISOString()).toBe('2026-11-20T03:10:00.000Z');
    expect(item!.interactions.map((i) => [i.type, i.target.nativeId])).toEqual([
      ['reply', '1461012345678901248'],
      ['mention', '1523000000000000002'],
    ]);
  });

  it('parses direct_message_events with the conversation id and the direction', () => {
    const [inbound, outbound] = items(adapter.parse!(signedXRequest(fixtureText('webhook-dm.json')), account));
    expect(inbound).toMatchObject({ kind: 'direct_message', isPrivate: true, direction: 'inbound', text: '공인인증서 재발급은 어떻게 하나요?', threadNativeId: '1461012345678901248-1523000000000000002' });
    expect(inbound!.author).toMatchObject({ handle: 'parkjh', displayName: '박준호' });
    expect(outbound).toMatchObject({ direction: 'outbound', threadNativeId: inbound!.threadNativeId });
  });

  it('turns tweet deletes into delete events and follows into interactions; likes are ignored', () => {
    const events = adapter.parse!(signedXRequest(fixtureText('webhook-delete-follow.json')), account);
    expect(events).toEqual([
      { type: 'delete', nativeId: '2123583351813046274', at: new Date(1795144300000) },
      {
        type: 'interaction',
        interaction: { type: 'follow', source: expect.objectContaining({ nativeId: '1523000000000000005', handle: 'choi_hw' }), target: expect.objectContaining({ nativeId: '1461012345678901248' }), at: new Date(1795144310000) },
      },
    ]);
  });

  it('parses a v2 post delivery ({ data, includes }) like a stream message', () => {
    const message = fixture<unknown[]>('stream-messages.json')[1];
    const [item] = items(adapter.parse!(signedXRequest(JSON.stringify(message)), account));
    expect(item).toMatchObject({ nativeId: '2123604742763446278', kind: 'reply' });
  });

  it('throws malformed_payload for non-JSON, foreign shapes and posts without an author', () => {
    for (const body of ['not json', '[]', '{"data":{"id":"1","text":"x"}}', '{"for_user_id":"1","tweet_create_events":[{"id_str":"1"}]}']) {
      let err: unknown;
      try {
        adapter.parse!(signedXRequest(body), account);
      } catch (e) {
        err = e;
      }
      expect(err, body).toBeInstanceOf(ChannelError);
      expect((err as ChannelError).code).toBe('malformed_payload');
    }
  });
});
