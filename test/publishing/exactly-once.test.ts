/**
 * Sending exactly once, against a local channel server that counts deliveries by idempotency key: a
 * worker that dies between the channel's answer and the record, one that dies before its call got
 * through, two workers racing over the same due posts, a rate limit, an expired 심의필, an approval that
 * comes too late (escalated, then the slot is missed and the owner told). On PostgreSQL.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import type { Scope } from '../../src/platform/access/scope.js';
import type { Services } from '../../src/app/services.js';
import { PublishSender } from '../../src/flows/publish/index.js';
import { POST_FAILED, POST_PUBLISHED, type PostFailedEvent } from '../../src/modules/publishing/index.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { verifyAudit } from '../../src/modules/audit/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { publishTestAdapter, startPublishServer, type PublishServer } from '../support/publish-channel.js';

const TEXT = '정기예금 특판 연 3.1% (세전). 이 예금은 예금자보호법에 따라 1인당 1억 원까지 보호됩니다. 상품설명서를 확인하세요.';
const LEASE = 30_000;

describe('publishing: exactly once', () => {
  let server: TestServer;
  let channel: PublishServer;
  let s: Services;
  let clock: ManualClock;
  let accountId: string;
  const ws = () => server.admin.workspaceId;
  const person = (role: Scope['role']): Scope => {
    const id = crypto.randomUUID();
    return { workspaceId: ws(), actor: { userId: id, label: `${role}-${id.slice(0, 4)}@bank.test` }, role, tokenScopes: null };
  };
  let maker: Scope;
  let lead: Scope;
  let comp: Scope;
  const sender = (adapter = publishTestAdapter()) =>
    new PublishSender({ delivery: s.publishing.delivery, accounts: s.accounts, adapters: fromAdapters([adapter]), screening: s.screening, crisisActive: async () => false, clock, logger: silentLogger, leaseMs: LEASE });
  const approved = async (slotInMs: number, validUntil = '2099-12-31') => {
    const post = await s.publishing.posts.create(maker, { masterText: TEXT, product: 'deposit', scheduledAt: new Date(clock.now().getTime() + slotInMs).toISOString(), variants: [{ accountId, target: 'pubtest' }] });
    await s.publishing.approvals.submit(maker, post.id);
    await s.publishing.approvals.approve(lead, post.id);
    await s.publishing.approvals.approve(comp, post.id, { reviewNumber: '2026-0900', validFrom: '2026-01-01', validUntil });
    return post.id;
  };

  beforeAll(async () => {
    clock = new ManualClock('2026-12-07T00:00:00Z');
    channel = await startPublishServer();
    // Only the web role: no scheduler or worker here, the test drives the senders itself.
    server = await startTestServer({ store: 'postgres', clock, roles: ['web'], adapters: fromAdapters([publishTestAdapter()]) });
    s = server.runtime.services;
    maker = person('manager');
    lead = person('manager');
    comp = person('compliance');
    accountId = (await s.accounts.connect(person('admin'), { type: 'pubtest', name: '공식 계정', settings: { baseUrl: channel.url }, credentials: { token: 'pub-token' } })).id;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await channel?.close();
  });

  it('a worker that dies after the channel answered: the next one reconciles and sends nothing again', async () => {
    const id = await approved(60_000);
    clock.advance(61_000);
    const dead = sender(publishTestAdapter({ afterCall: () => new Promise<void>(() => undefined) }));
    void dead.runDue(1); // hangs for ever after the server took the post: the worker is gone
    await expect.poll(() => channel.deliveries.length, { timeout: 5000 }).toBe(1);
    const key = channel.deliveries[0]!.key;
    // Before the claim lapses nobody takes it over.
    expect(await sender().runDue()).toBe(0);
    clock.advance(LEASE + 1000);
    expect(await sender().runDue()).toBe(1);
    const post = await s.publishing.posts.get(maker, id, false);
    expect(post.status).toBe('published');
    expect(post.variants[0]).toMatchObject({ status: 'published', nativeId: channel.deliveries[0]!.id });
    expect(channel.countByKey().get(key)).toBe(1);
    const audit = await s.store.db
      .selectFrom('audit_log' as never)
      .select(['action' as never])
      .where('target_id' as never, '=', post.variants[0]!.id as never)
      .execute();
    expect((audit as Array<{ action: string }>).map((a) => a.action)).toEqual(['publishing.send_started', 'publishing.published']);
  });

  it('a worker that dies before its call got through: reconciliation finds nothing, it is sent once', async () => {
    const before = channel.deliveries.length;
    const id = await approved(60_000);
    clock.advance(61_000);
    const stuck = publishTestAdapter();
    stuck.publish = () => new Promise(() => undefined);
    void sender(stuck).runDue(1);
    await expect
      .poll(
        async () =>
          (
            await s.store.db
              .selectFrom('publishing_sends' as never)
              .selectAll()
              .execute()
          ).length,
        { timeout: 5000 },
      )
      .toBe(2);
    clock.advance(LEASE + 1000);
    expect(await sender().runDue()).toBe(1);
    expect((await s.publishing.posts.get(maker, id, false)).status).toBe('published');
    expect(channel.deliveries.length).toBe(before + 1);
    expect([...channel.countByKey().values()].every((n) => n === 1)).toBe(true);
  });

  it('two workers racing over 40 due posts send each exactly once; events announce each', async () => {
    const published: string[] = [];
    const sub = await s.bus.subscribe<{ variantId: string }>(POST_PUBLISHED, (m) => void published.push(m.data.variantId));
    const before = channel.deliveries.length;
    const ids = [];
    for (let i = 0; i < 40; i++) ids.push(await approved(60_000));
    clock.advance(61_000);
    const [a, b] = await Promise.all([sender().runDue(), sender().runDue()]);
    expect(a + b).toBe(40);
    expect(channel.deliveries.length).toBe(before + 40);
    expect([...channel.countByKey().values()].every((n) => n === 1)).toBe(true);
    await expect.poll(() => published.length, { timeout: 5000 }).toBe(40);
    await sub.close();
    // The batched audit entries chain like single ones.
    const verified = await verifyAudit(s.store, ws());
    expect(verified.problems).toEqual([]);
    expect(verified.ok).toBe(true);
  }, 60_000);

  it('a rate limit puts the post back on the schedule; it goes out once later', async () => {
    const before = channel.deliveries.length;
    const id = await approved(60_000);
    clock.advance(61_000);
    channel.refuseNext(1);
    expect(await sender().runDue()).toBe(1);
    expect((await s.publishing.posts.get(maker, id, false)).variants[0]!.status).toBe('scheduled');
    expect(channel.deliveries.length).toBe(before);
    clock.advance(2000);
    expect(await sender().runDue()).toBe(1);
    expect((await s.publishing.posts.get(maker, id, false)).status).toBe('published');
    expect(channel.deliveries.length).toBe(before + 1);
  });

  it('each account in its own lane: a rate limit holds that account only, and its posts still go out in slot order', async () => {
    const other = await startPublishServer();
    try {
      const otherId = (await s.accounts.connect(person('admin'), { type: 'pubtest', name: '두번째 계정', settings: { baseUrl: other.url }, credentials: { token: 'pub-token' } })).id;
      const approvedOn = async (account: string, slotInMs: number) => {
        const post = await s.publishing.posts.create(maker, { masterText: TEXT, product: 'deposit', scheduledAt: new Date(clock.now().getTime() + slotInMs).toISOString(), variants: [{ accountId: account, target: 'pubtest' }] });
        await s.publishing.approvals.submit(maker, post.id);
        await s.publishing.approvals.approve(lead, post.id);
        await s.publishing.approvals.approve(comp, post.id, { reviewNumber: '2026-0901', validFrom: '2026-01-01', validUntil: '2099-12-31' });
        return (await s.publishing.posts.get(maker, post.id, false)).variants[0]!.id;
      };
      const mine: string[] = [];
      const theirs: string[] = [];
      for (let i = 0; i < 4; i++) {
        mine.push(await approvedOn(accountId, 60_000 + i * 1000));
        theirs.push(await approvedOn(otherId, 60_000 + i * 1000));
      }
      clock.advance(65_000);
      const before = channel.deliveries.length;
      channel.refuseNext(1); // the first account's channel says "rate limited" once
      expect(await sender().runDue()).toBe(8);
      // The other account was not held up: all four went out, in slot order.
      expect(other.deliveries.map((d) => d.key)).toEqual(theirs.map((id) => `sotong-post-${id}`));
      // The limited account sent nothing more in this run: its posts wait, none dropped.
      expect(channel.deliveries.length).toBe(before);
      clock.advance(5_000);
      expect(await sender().runDue()).toBe(4);
      expect(channel.deliveries.slice(before).map((d) => d.key)).toEqual(mine.map((id) => `sotong-post-${id}`));
      expect([...channel.countByKey().values(), ...other.countByKey().values()].every((n) => n === 1)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('an expired 심의필 blocks sending and the owner is told', async () => {
    const failed: PostFailedEvent[] = [];
    const sub = await s.bus.subscribe<PostFailedEvent>(POST_FAILED, (m) => void failed.push(m.data));
    const before = channel.deliveries.length;
    // Valid through today (Korean time); the slot is tomorrow in Korea.
    const today = new Date(clock.now().getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
    const id = await approved(20 * 3_600_000, today);
    clock.advance(20 * 3_600_000 + 1000);
    expect(await sender().runDue()).toBe(1);
    const post = await s.publishing.posts.get(maker, id, false);
    expect(post.status).toBe('failed');
    expect(post.variants[0]!.error).toMatch(/^review_expired/);
    expect(channel.deliveries.length).toBe(before);
    await expect.poll(() => failed.find((e) => e.postId === id)?.reason, { timeout: 5000 }).toBe('review_expired');
    expect(failed.find((e) => e.postId === id)?.ownerId).toBe(maker.actor.userId);
    await sub.close();
  });

  it('a late approval escalates; a post not approved by its slot does not go out and its owner is told', async () => {
    const failed: PostFailedEvent[] = [];
    const sub = await s.bus.subscribe<PostFailedEvent>(POST_FAILED, (m) => void failed.push(m.data));
    const post = await s.publishing.posts.create(maker, { masterText: TEXT, product: 'deposit', scheduledAt: new Date(clock.now().getTime() + 3 * 3_600_000).toISOString(), variants: [{ accountId, target: 'pubtest' }] });
    await s.publishing.approvals.submit(maker, post.id);
    expect(await s.publishing.delivery.runDeadlines()).toEqual({ escalated: 0, missed: 0 });
    clock.advance(3_600_000 + 1000); // two hours before the slot: the approval is due
    expect(await s.publishing.delivery.runDeadlines()).toEqual({ escalated: 1, missed: 0 });
    expect((await s.publishing.posts.get(maker, post.id, false)).escalatedAt).not.toBeNull();
    await s.publishing.approvals.approve(lead, post.id);
    clock.advance(2 * 3_600_000);
    expect(await s.publishing.delivery.runDeadlines()).toEqual({ escalated: 0, missed: 1 });
    expect((await s.publishing.posts.get(maker, post.id, false)).status).toBe('missed');
    await expect.poll(() => failed.find((e) => e.postId === post.id)?.reason, { timeout: 5000 }).toBe('not_approved');
    expect(await sender().runDue()).toBe(0);
    await expect(s.publishing.approvals.approve(comp, post.id, { reviewNumber: '1', validFrom: '2026-01-01', validUntil: '2099-01-01' })).rejects.toMatchObject({ code: 'publishing.not_in_review' });
    await sub.close();
  });
});
