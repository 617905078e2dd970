/**
 * The shared adapter contract: vitest tests every ChannelAdapter must pass against a local server that
 * speaks its channel's wire format. Use it from the channel's own test file:
 *
 *   adapterContract('<channel>', async () => { const server = await startLocalServer(...); return { adapter, account, ... }; });
 *
 * `setup` runs before every test (each test gets a fresh server and adapter); `close` runs after it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChannelError, ITEM_KINDS, type AccountContext, type ChannelAdapter, type ChannelEvent, type InboundRequest, type ReplyRequest } from './port.js';
import { containsText } from './testing/inbound.js';
import { expectChannelError, publishContract, type PublishHarness } from './publish.contract.js';

export type { PublishHarness, PublishIncapacity } from './publish.contract.js';
export { CONTRACT_POST_TEXT } from './publish.contract.js';

export interface ContractHarness {
  adapter: ChannelAdapter;
  account: AccountContext;
  /** Webhook channels: three requests as the channel would deliver them. */
  inbound?: {
    /** Authentic (correctly signed) and in the channel's shape; parses to at least one upsert. */
    valid: InboundRequest;
    /** Same body, bad signature. */
    tampered: InboundRequest;
    /** Correctly signed, but not the channel's shape. */
    malformed: InboundRequest;
  };
  /** Polling channels: the server holds items, and answers `fetch(cursor)` with only what is newer. */
  poll?: true;
  /** Streaming channels: the server pushes at least one item soon after `stream()` connects. */
  stream?: true;
  /** False for channels that cannot be answered at all (blogs): replies must be refused as rule violations. */
  replies?: false;
  /** The item the contract answers with sendReply (must be answerable with `replyPrivately`). */
  replyTarget: ReplyRequest['inReplyTo'];
  /** Answer privately rather than in public; default false. */
  replyPrivately?: boolean;
  /** The reply requests the local server received (only replies, not health or fetch calls). */
  sentReplies(): unknown[];
  /** Extra channel-specific checks of one received reply request (path, body fields). */
  checkSentReply?(sent: unknown, reply: ReplyRequest): void;
  /** Makes the server fail or go away; after it, sendReply must throw and health must not be 'ok'. */
  breakServer(): Promise<void>;
  /** What sendReply should throw once the server is broken; default { code: 'unavailable', retryable: true }. */
  brokenError?: { code: ChannelError['code']; retryable: boolean };
  close(): Promise<void>;
  /** Channels that publish: one harness per publish target the contract exercises. */
  publish?: PublishHarness[];
}

/** The reply text used by the contract: Korean, an emoji and a newline, short enough for every channel. */
export const CONTRACT_REPLY_TEXT = '안녕하세요, 소통 상담팀입니다 🙏\n확인 후 연락드리겠습니다.';

function upsertIds(events: ChannelEvent[]): string[] {
  return events.map((e) => (e.type === 'upsert' ? e.item.nativeId : e.type === 'delete' ? `delete:${e.nativeId}` : `interaction:${e.interaction.type}`));
}

function expectWellFormed(events: ChannelEvent[]): void {
  for (const e of events) {
    if (e.type === 'upsert') {
      const item = e.item;
      expect(item.nativeId, 'nativeId').toMatch(/\S/);
      expect(ITEM_KINDS).toContain(item.kind);
      expect(item.author.nativeId, 'author.nativeId').toMatch(/\S/);
      expect(item.createdAt).toBeInstanceOf(Date);
      expect(Number.isNaN(item.createdAt.getTime()), 'createdAt is a valid date').toBe(false);
      if (item.editedAt) expect(Number.isNaN(item.editedAt.getTime())).toBe(false);
      expect(typeof item.text).toBe('string');
      expect(Array.isArray(item.links) && Array.isArray(item.media) && Array.isArray(item.interactions)).toBe(true);
      expect(typeof item.isPrivate).toBe('boolean');
      expect(['inbound', 'outbound']).toContain(item.direction);
      expect(item.raw).toBeDefined();
      for (const i of item.interactions) expect(i.target.nativeId).toMatch(/\S/);
    } else if (e.type === 'delete') {
      expect(e.nativeId).toMatch(/\S/);
      expect(e.at).toBeInstanceOf(Date);
    } else {
      expect(e.interaction.source.nativeId).toMatch(/\S/);
      expect(e.interaction.target.nativeId).toMatch(/\S/);
      expect(e.interaction.at).toBeInstanceOf(Date);
    }
  }
}

export function adapterContract(name: string, setup: () => Promise<ContractHarness>): void {
  describe(`adapter contract: ${name}`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h?.close();
    });

    it('describes itself', () => {
      expect(h.adapter.type).toMatch(/^[a-z0-9_-]+$/);
      expect(h.adapter.displayName).toMatch(/\S/);
      expect(typeof h.adapter.settingsSchema).toBe('object');
      expect(typeof h.adapter.credentialsSchema).toBe('object');
      const modes = [h.adapter.parse, h.adapter.fetch, h.adapter.stream].filter(Boolean);
      expect(modes.length, 'at least one of parse, fetch, stream').toBeGreaterThan(0);
    });

    it('has sane reply limits', () => {
      if (h.replies === false) {
        const l = h.adapter.limits(h.account, h.replyTarget);
        expect(l.canReplyPublicly || l.canReplyPrivately, 'a channel without replies says so in its limits').toBe(false);
        return;
      }
      for (const target of [undefined, h.replyTarget]) {
        const l = h.adapter.limits(h.account, target);
        expect(l.maxLength).toBeGreaterThan(0);
        expect(['chars', 'bytes', 'x-weighted']).toContain(l.lengthUnit);
        expect(typeof l.canReplyPublicly).toBe('boolean');
        expect(typeof l.canReplyPrivately).toBe('boolean');
        if (l.privateWindowHours !== undefined) expect(l.privateWindowHours).toBeGreaterThan(0);
      }
      const l = h.adapter.limits(h.account, h.replyTarget);
      expect(h.replyPrivately ? l.canReplyPrivately : l.canReplyPublicly, 'the reply target can be answered').toBe(true);
    });

    it('verifies webhook signatures: accepts valid, rejects tampered with a reason', (ctx) => {
      if (!h.inbound) return ctx.skip();
      const { verify } = h.adapter;
      expect(verify, 'webhook adapters implement verify').toBeTypeOf('function');
      expect(verify!.call(h.adapter, h.inbound.valid, h.account)).toEqual({ kind: 'accept' });
      expect(verify!.call(h.adapter, h.inbound.malformed, h.account), 'malformed fixture is signed').toEqual({ kind: 'accept' });
      const bad = verify!.call(h.adapter, h.inbound.tampered, h.account);
      expect(bad.kind).toBe('reject');
      if (bad.kind === 'reject') expect(bad.reason).toMatch(/\S/);
      const unsigned = { ...h.inbound.valid, headers: {} };
      expect(verify!.call(h.adapter, unsigned, h.account).kind, 'no headers at all').not.toBe('accept');
    });

    it('answers no handshake that would sign attacker-chosen data (a CRC is no signing oracle)', (ctx) => {
      if (!h.inbound) return ctx.skip();
      const verify = h.adapter.verify!.bind(h.adapter);
      const body = h.inbound.valid.rawBody.toString('utf8');
      const signatureHeaders = Object.keys(h.inbound.valid.headers).filter((k) => k !== 'content-type');
      // Every handshake parameter a channel uses, each carrying the body the attacker wants signed.
      const params = ['crc_token', 'hub.challenge', 'challenge', 'token', 'echostr', 'validationToken'];
      const query: Record<string, string> = { 'hub.mode': 'subscribe', 'hub.verify_token': String(h.account.settings.verifyToken ?? h.account.credentials.verifyToken ?? '') };
      for (const p of params) query[p] = body;
      for (const method of ['GET', 'POST']) {
        const answer = verify({ method, headers: {}, query, rawBody: Buffer.alloc(0) }, h.account);
        if (answer.kind !== 'respond') continue;
        // Any run of signature-looking characters in the answer, tried as every signature header.
        const candidates = answer.body.match(/[A-Za-z0-9+/=_-]{16,}/g) ?? [];
        for (const c of candidates)
          for (const header of signatureHeaders)
            for (const v of [c, `sha256=${c}`, `sha1=${c}`]) {
              const forged = { ...h.inbound.valid, headers: { ...h.inbound.valid.headers, [header]: v } };
              expect(verify(forged, h.account).kind, `a handshake answer used as ${header}`).not.toBe('accept');
            }
      }
    });

    it('parses a valid payload into well-formed events, deterministically', (ctx) => {
      if (!h.inbound) return ctx.skip();
      expect(h.adapter.parse).toBeTypeOf('function');
      const first = h.adapter.parse!(h.inbound.valid, h.account);
      const second = h.adapter.parse!(h.inbound.valid, h.account);
      expect(first.filter((e) => e.type === 'upsert').length).toBeGreaterThanOrEqual(1);
      expectWellFormed(first);
      expect(upsertIds(second)).toEqual(upsertIds(first));
    });

    it('rejects a malformed payload with ChannelError malformed_payload', async (ctx) => {
      if (!h.inbound) return ctx.skip();
      const inbound = h.inbound;
      const err = await expectChannelError(Promise.resolve().then(() => h.adapter.parse!(inbound.malformed, h.account)));
      expect(err.code).toBe('malformed_payload');
      expect(err.retryable).toBe(false);
    });

    it('polls: fetch(undefined) returns events and a cursor; fetch(cursor) does not repeat them', async (ctx) => {
      if (!h.poll) return ctx.skip();
      expect(h.adapter.fetch).toBeTypeOf('function');
      const signal = AbortSignal.timeout(20_000);
      const first = await h.adapter.fetch!(h.account, undefined, signal);
      expect(first.events.length).toBeGreaterThan(0);
      expectWellFormed(first.events);
      expect(first.cursor, 'a cursor').toMatch(/\S/);
      let cursor = first.cursor;
      const seen = new Set(upsertIds(first.events));
      for (let page = 0; page < 20; page++) {
        const next = await h.adapter.fetch!(h.account, cursor, signal);
        expectWellFormed(next.events);
        for (const id of upsertIds(next.events)) expect(seen.has(id), `item ${id} returned again`).toBe(false);
        for (const id of upsertIds(next.events)) seen.add(id);
        cursor = next.cursor ?? cursor;
        if (!next.more) break;
      }
    });

    it('streams: delivers events until the signal aborts', async (ctx) => {
      if (!h.stream) return ctx.skip();
      expect(h.adapter.stream).toBeTypeOf('function');
      const controller = new AbortController();
      const received: ChannelEvent[] = [];
      const done = h.adapter.stream!(
        h.account,
        undefined,
        async (events) => {
          received.push(...events);
          controller.abort();
        },
        controller.signal,
      );
      const timeout = setTimeout(() => controller.abort(), 15_000);
      await done;
      clearTimeout(timeout);
      expect(received.length).toBeGreaterThan(0);
      expectWellFormed(received);
    });

    it('sends exactly one well-formed reply and returns its nativeId', async () => {
      const reply: ReplyRequest = { inReplyTo: h.replyTarget, text: CONTRACT_REPLY_TEXT, private: h.replyPrivately ?? false, idempotencyKey: 'contract-reply-1' };
      const before = h.sentReplies().length;
      if (h.replies === false) {
        const err = await expectChannelError(h.adapter.sendReply(h.account, reply));
        expect(err).toMatchObject({ code: 'rule_violation', retryable: false });
        expect(h.sentReplies().length).toBe(before);
        return;
      }
      const result = await h.adapter.sendReply(h.account, reply);
      expect(result.nativeId).toMatch(/\S/);
      const sent = h.sentReplies().slice(before);
      expect(sent).toHaveLength(1);
      expect(containsText(sent[0], CONTRACT_REPLY_TEXT), 'the reply text arrives intact (Korean, emoji, newline)').toBe(true);
      h.checkSentReply?.(sent[0], reply);
    });

    it('refuses a reply longer than its limit without sending it', async (ctx) => {
      if (h.replies === false) return ctx.skip();
      const limit = h.adapter.limits(h.account, h.replyTarget);
      const unit = limit.lengthUnit === 'bytes' ? 3 : limit.lengthUnit === 'x-weighted' ? 2 : 1;
      const text = '가'.repeat(Math.ceil(limit.maxLength / unit) + 1);
      const before = h.sentReplies().length;
      const err = await expectChannelError(h.adapter.sendReply(h.account, { inReplyTo: h.replyTarget, text, private: h.replyPrivately ?? false, idempotencyKey: 'contract-too-long' }));
      expect(err.code).toBe('rule_violation');
      expect(err.retryable).toBe(false);
      expect(h.sentReplies().length).toBe(before);
    });

    it('throws a retryable ChannelError when the server is broken', async (ctx) => {
      if (h.replies === false) return ctx.skip();
      await h.breakServer();
      const err = await expectChannelError(h.adapter.sendReply(h.account, { inReplyTo: h.replyTarget, text: 'ping', private: h.replyPrivately ?? false, idempotencyKey: 'contract-broken' }));
      const expected = h.brokenError ?? { code: 'unavailable', retryable: true };
      expect(err.code).toBe(expected.code);
      expect(err.retryable).toBe(expected.retryable);
      if (err.code === 'rate_limited') expect(err.retryAfterMs).toBeGreaterThan(0);
    });

    it("reports health 'ok' against the server and not 'ok' when it is broken", async () => {
      const good = await h.adapter.health(h.account);
      expect(good.status, good.message).toBe('ok');
      await h.breakServer();
      const bad = await h.adapter.health(h.account);
      expect(bad.status).not.toBe('ok');
      expect(bad.message).toMatch(/\S/);
    });

    publishContract(() => h);
  });
}
