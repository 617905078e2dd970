/**
 * The publish part of the shared adapter contract (`adapter.contract.ts` runs it): one post arrives intact,
 * a retry with the same key makes no second post where the channel supports it, find/edit/delete/engagement
 * work or are refused as declared, and the channel's errors keep their codes.
 */
import { expect, it } from 'vitest';
import { ChannelError, type AccountContext, type ChannelAdapter, type PublishRequest } from './port.js';
import { containsText } from './testing/inbound.js';

/** Awaits a promise that must fail with a ChannelError, and returns the error. */
export async function expectChannelError(promise: Promise<unknown>): Promise<ChannelError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a ChannelError').toBeInstanceOf(ChannelError);
  return err as ChannelError;
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

/** What the publish contract needs of a contract harness. */
export interface PublishSubject {
  adapter: ChannelAdapter;
  account: AccountContext;
  publish?: PublishHarness[];
}

/** The publish part of the adapter contract (run by `adapterContract` for adapters with publish harnesses). */
export function publishContract(harness: () => PublishSubject): void {
  const each = (title: string, fn: (h: PublishSubject, p: PublishHarness) => Promise<void>): void => {
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
