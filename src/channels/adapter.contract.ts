/**
 * The shared adapter contract: vitest tests every ChannelAdapter must pass against a local server that
 * speaks its channel's wire format. Use it from the channel's own test file:
 *
 *   adapterContract('<channel>', async () => { const server = await startLocalServer(...); return { adapter, account, ... }; });
 *
 * `setup` runs before every test (each test gets a fresh server and adapter); `close` runs after it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError, ITEM_KINDS, type AccountContext, type ChannelAdapter, type ChannelEvent, type InboundRequest, type PublishRequest, type ReplyRequest } from './port.js';
import { containsText } from './testing/inbound.js';

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

/** What a publish incapacity is called in a harness: the method is absent, or refuses with rule_violation. */
export type PublishIncapacity = 'find' | 'edit' | 'delete' | 'engagement';

export interface PublishHarness {
  /** One of the adapter's publishTargets. */
  target: string;
  /** The posts the server holds now (created and not deleted), with their current text. */
  posts(): Array<{ id: string; text: string }>;
  /** Images to attach (Instagram requires one). */
  media?: PublishRequest['media'];
  title?: string;
  /** Publishing twice with one idempotency key yields one post (the channel or the adapter dedupes). */
  idempotent: boolean;
  /** What this target cannot do; each is checked to be declared (absent method, or refused as a rule violation). */
  cannot?: PublishIncapacity[];
  /** Makes the server answer the next request as the channel does: rate-limited, bad token, or a 4xx for bad input. */
  failNext(kind: 'rate_limited' | 'auth_failed' | 'invalid_request'): void;
}

/** The post text used by the contract: Korean, an emoji, a link and a hashtag. */
export const CONTRACT_POST_TEXT = '소통은행 새 적금 안내 🎉 자세히 보기 https://blog.example.com/적금?utm=1 #소통은행';

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

async function expectChannelError(promise: Promise<unknown>): Promise<ChannelError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a ChannelError').toBeInstanceOf(ChannelError);
  return err as ChannelError;
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

function publishContract(harness: () => ContractHarness): void {
  const each = (title: string, fn: (h: ContractHarness, p: PublishHarness) => Promise<void>): void => {
    it(`publish: ${title}`, async (ctx) => {
      const h = harness();
      if (!h.publish?.length) return ctx.skip();
      for (const p of h.publish) await fn(h, p);
    });
  };
  const request = (p: PublishHarness, key: string, text = CONTRACT_POST_TEXT): PublishRequest => ({
    target: p.target,
    text,
    idempotencyKey: key,
    ...(p.media ? { media: p.media } : {}),
    ...(p.title ? { title: p.title, html: `<p>${text}</p>` } : {}),
  });
  const declared = async (p: PublishHarness, what: PublishIncapacity, method: unknown, call: () => Promise<unknown>): Promise<boolean> => {
    if (!p.cannot?.includes(what)) {
      expect(method, `${p.target} implements ${what}`).toBeTypeOf('function');
      return false;
    }
    if (method === undefined) return true;
    const err = await expectChannelError(call());
    expect(err, `${p.target}: ${what} is refused as declared`).toMatchObject({ code: 'rule_violation', retryable: false });
    return true;
  };

  each('declares its targets and measures them', async (h, p) => {
    expect(h.adapter.publishTargets).toContain(p.target);
    expect(h.adapter.publish).toBeTypeOf('function');
    const m = h.adapter.measure!(CONTRACT_POST_TEXT, p.target);
    expect(m.length).toBeGreaterThan(0);
    expect(['x-weighted', 'graphemes', 'characters']).toContain(m.unit);
  });

  each('publishes one post with the text intact and returns its id', async (h, p) => {
    const before = p.posts().length;
    const result = await h.adapter.publish!(h.account, request(p, `contract-pub-${p.target}`));
    expect(result.nativeId).toMatch(/\S/);
    const posts = p.posts();
    expect(posts.length).toBe(before + 1);
    const post = posts.find((x) => x.id === result.nativeId);
    expect(post, 'the returned id names the created post').toBeDefined();
    expect(containsText(post, '소통은행 새 적금 안내 🎉'), 'Korean and emoji arrive intact').toBe(true);
  });

  each('a retried publish with the same idempotency key does not post twice', async (h, p) => {
    if (!p.idempotent) return;
    const first = await h.adapter.publish!(h.account, request(p, `contract-twice-${p.target}`));
    const count = p.posts().length;
    const second = await h.adapter.publish!(h.account, request(p, `contract-twice-${p.target}`));
    expect(second.nativeId).toBe(first.nativeId);
    expect(p.posts().length).toBe(count);
  });

  each('finds a published post by its idempotency key (or declares it cannot)', async (h, p) => {
    const made = await h.adapter.publish!(h.account, request(p, `contract-find-${p.target}`));
    if (p.cannot?.includes('find')) {
      // Cannot tell: the method is absent or answers undefined (never a wrong null).
      if (h.adapter.findPublished) expect(await h.adapter.findPublished(h.account, p.target, `contract-find-${p.target}`)).toBeUndefined();
      return;
    }
    expect(h.adapter.findPublished, `${p.target} implements find`).toBeTypeOf('function');
    const found = await h.adapter.findPublished!(h.account, p.target, `contract-find-${p.target}`);
    expect(found?.nativeId).toBe(made.nativeId);
    expect(await h.adapter.findPublished!(h.account, p.target, `contract-never-${p.target}`)).toBeNull();
  });

  each('edits a published post (or declares it cannot)', async (h, p) => {
    const made = await h.adapter.publish!(h.account, request(p, `contract-edit-${p.target}`));
    const edited = request(p, `contract-edit-${p.target}`, '소통은행 적금 안내 (수정) 📝');
    if (await declared(p, 'edit', h.adapter.editPublished, () => h.adapter.editPublished!(h.account, made.nativeId, edited))) {
      expect(
        containsText(
          p.posts().find((x) => x.id === made.nativeId),
          '(수정)',
        ),
        'a refused edit changes nothing',
      ).toBe(false);
      return;
    }
    const result = await h.adapter.editPublished!(h.account, made.nativeId, edited);
    expect(result.nativeId).toMatch(/\S/);
    expect(
      containsText(
        p.posts().find((x) => x.id === result.nativeId),
        '소통은행 적금 안내 (수정) 📝',
      ),
    ).toBe(true);
  });

  each('deletes a published post (or declares it cannot)', async (h, p) => {
    const made = await h.adapter.publish!(h.account, request(p, `contract-delete-${p.target}`));
    if (await declared(p, 'delete', h.adapter.deletePublished, () => h.adapter.deletePublished!(h.account, p.target, made.nativeId))) return;
    await h.adapter.deletePublished!(h.account, p.target, made.nativeId);
    expect(p.posts().some((x) => x.id === made.nativeId)).toBe(false);
  });

  each('reads engagement counts of a published post (or declares it cannot)', async (h, p) => {
    const made = await h.adapter.publish!(h.account, request(p, `contract-eng-${p.target}`));
    if (await declared(p, 'engagement', h.adapter.engagement, () => h.adapter.engagement!(h.account, p.target, made.nativeId))) return;
    const e = await h.adapter.engagement!(h.account, p.target, made.nativeId);
    const counts = [e.replies, e.shares, e.likes, e.views].filter((v) => v !== undefined);
    expect(counts.length, 'at least one count').toBeGreaterThan(0);
    for (const c of counts) expect(Number.isInteger(c) && (c as number) >= 0).toBe(true);
  });

  each('refuses a post longer than the channel allows, without sending it', async (h, p) => {
    const limit = h.adapter.measure!('', p.target).limit;
    if (limit === null) return;
    const text = '가'.repeat(limit + 1);
    expect(h.adapter.measure!(text, p.target).length).toBeGreaterThan(limit);
    const before = p.posts().length;
    const err = await expectChannelError(h.adapter.publish!(h.account, request(p, `contract-long-${p.target}`, text)));
    expect(err).toMatchObject({ code: 'rule_violation', retryable: false });
    expect(p.posts().length).toBe(before);
  });

  each('maps a bad token and a 4xx to final errors, a rate limit to a retryable one with a wait', async (h, p) => {
    const before = p.posts().length;
    p.failNext('auth_failed');
    const auth = await expectChannelError(h.adapter.publish!(h.account, request(p, `contract-auth-${p.target}`)));
    expect(auth).toMatchObject({ code: 'auth_failed', retryable: false });
    p.failNext('invalid_request');
    const bad = await expectChannelError(h.adapter.publish!(h.account, request(p, `contract-4xx-${p.target}`)));
    expect(bad.retryable).toBe(false);
    // Last: a client may rightly hold back further calls until the window resets.
    p.failNext('rate_limited');
    const rate = await expectChannelError(h.adapter.publish!(h.account, request(p, `contract-rate-${p.target}`)));
    expect(rate).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(rate.retryAfterMs).toBeGreaterThan(0);
    expect(p.posts().length).toBe(before);
  });
}
