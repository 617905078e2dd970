/**
 * Sending ahead of the slot (flows/publish/staging.ts, migration 0039): variants due within the look-ahead
 * are claimed, checked and recorded before their slot and called at it. Everything a person can do in
 * between must still win — stop-all, an edit, a reschedule, a crisis, another rule set — and a staged
 * claim that is put back, released or lapses must be sent afresh exactly once, never reconciled as if a
 * call might have gone out. On PostgreSQL, against the local channel server that counts deliveries by key.
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import type { Scope } from '../../src/platform/access/scope.js';
import type { Services } from '../../src/app/services.js';
import { PublishSender } from '../../src/flows/publish/index.js';
import { DEFAULT_RULES } from '../../src/modules/screening/index.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { publishTestAdapter, startPublishServer, type PublishServer } from '../support/publish-channel.js';

const TEXT = '정기예금 특판 연 3.1% (세전). 이 예금은 예금자보호법에 따라 1인당 1억 원까지 보호됩니다. 상품설명서를 확인하세요.';
const LEASE = 30_000;
const AHEAD = 30_000;

describe('publishing: staged ahead of the slot', () => {
  let server: TestServer;
  let channel: PublishServer;
  let s: Services;
  let clock: ManualClock;
  let accountId: string;
  let crisis = false;
  const senders: PublishSender[] = [];
  const ws = () => server.admin.workspaceId;
  const person = (role: Scope['role']): Scope => {
    const id = crypto.randomUUID();
    return { workspaceId: ws(), actor: { userId: id, label: `${role}-${id.slice(0, 4)}@bank.test` }, role, tokenScopes: null };
  };
  let maker: Scope;
  let lead: Scope;
  let comp: Scope;
  let admin: Scope;
  const sender = () => {
    const x = new PublishSender({
      delivery: s.publishing.delivery,
      accounts: s.accounts,
      adapters: fromAdapters([publishTestAdapter()]),
      screening: s.screening,
      crisisActive: async () => crisis,
      clock,
      logger: silentLogger,
      leaseMs: LEASE,
      aheadMs: AHEAD,
    });
    senders.push(x);
    return x;
  };
  const approved = async (slotInMs: number, text = TEXT) => {
    const post = await s.publishing.posts.create(maker, { masterText: text, product: 'deposit', scheduledAt: new Date(clock.now().getTime() + slotInMs).toISOString(), variants: [{ accountId, target: 'pubtest' }] });
    await s.publishing.approvals.submit(maker, post.id);
    await s.publishing.approvals.approve(lead, post.id);
    await s.publishing.approvals.approve(comp, post.id, { reviewNumber: '2026-0901', validFrom: '2026-01-01', validUntil: '2099-12-31' });
    return post.id;
  };
  const variant = async (postId: string) =>
    (await sql<{ id: string; status: string; staged_at: Date | null; attempts: number }>`select id, status, staged_at, attempts from publishing_variants where post_id = ${postId}`.execute(s.store.db)).rows[0]!;
  const records = async (postId: string) => (await sql<{ calls: number }>`select s.calls from publishing_sends s join publishing_variants v on v.id = s.variant_id where v.post_id = ${postId}`.execute(s.store.db)).rows;
  const actions = async (variantId: string) => (await sql<{ action: string }>`select action from audit_log where target_id = ${variantId} order by seq`.execute(s.store.db)).rows.map((r) => r.action);
  const delivered = (text = TEXT) => channel.deliveries.filter((d) => d.text.startsWith(text.slice(0, 20))).length;

  beforeAll(async () => {
    clock = new ManualClock('2026-12-07T00:00:00Z');
    channel = await startPublishServer();
    server = await startTestServer({ store: 'postgres', clock, roles: ['web'], adapters: fromAdapters([publishTestAdapter()]) });
    s = server.runtime.services;
    maker = person('manager');
    lead = person('manager');
    comp = person('compliance');
    admin = person('admin');
    accountId = (await s.accounts.connect(admin, { type: 'pubtest', name: '공식 계정', settings: { baseUrl: channel.url }, credentials: { token: 'pub-token' } })).id;
  }, 120_000);
  afterEach(async () => {
    for (const x of senders.splice(0)) await x.stop();
    channel.deliveries.length = 0;
    crisis = false;
  });
  afterAll(async () => {
    await server?.close();
    await channel?.close();
  });

  it('checks and records a post before its slot, shows it as scheduled, and sends it once at the slot', async () => {
    const id = await approved(20_000);
    const x = sender();
    expect(await x.runDue()).toBe(0); // nothing is due yet …
    const v = await variant(id);
    expect(v.status).toBe('sending'); // … but it is claimed ahead,
    expect(v.staged_at).not.toBeNull();
    expect(await records(id)).toEqual([{ calls: 1 }]); // recorded before any call,
    expect(channel.deliveries).toHaveLength(0); // and not sent.
    expect((await s.publishing.posts.get(maker, id, false)).variants[0]!.status).toBe('scheduled');
    const day = { from: new Date(clock.now().getTime() - 3_600_000).toISOString(), to: new Date(clock.now().getTime() + 3_600_000).toISOString() };
    const entry = (await s.publishing.calendar.entries(maker, day)).entries.find((e) => e.postId === id);
    expect(entry?.variants).toEqual([{ target: 'pubtest', accountId, status: 'scheduled' }]);
    clock.advance(19_000);
    await x.runDue();
    expect(channel.deliveries).toHaveLength(0); // one second before the slot: still nothing
    clock.advance(1_000);
    await x.runDue();
    expect(delivered()).toBe(1);
    const post = await s.publishing.posts.get(maker, id, false);
    expect(post.status).toBe('published');
    expect(post.variants[0]).toMatchObject({ status: 'published', nativeId: channel.deliveries[0]!.id });
    expect(await actions(v.id)).toEqual(['publishing.send_started', 'publishing.published']);
    expect((await variant(id)).staged_at).toBeNull();
  });

  it('stop-all stops a staged post; resumed, it is sent afresh once (no reconciliation)', async () => {
    const id = await approved(20_000);
    const x = sender();
    await x.runDue();
    expect((await variant(id)).status).toBe('sending');
    expect((await s.publishing.delivery.stopAll(admin, 'drill')).stopped).toBeGreaterThanOrEqual(1);
    expect(await variant(id)).toMatchObject({ status: 'stopped', staged_at: null });
    expect(await records(id)).toEqual([]);
    clock.advance(21_000);
    await x.runDue();
    expect(channel.deliveries).toHaveLength(0);
    await s.publishing.delivery.resume(admin, id);
    await x.runDue();
    expect(delivered()).toBe(1);
    expect(await records(id)).toEqual([{ calls: 1 }]);
    const vid = (await variant(id)).id;
    expect(await actions(vid)).not.toContain('publishing.send_retried');
    expect((await variant(id)).status).toBe('published');
  });

  it('an edit in the last seconds sends the post back to review: the staged claim is dropped and nothing goes out', async () => {
    const id = await approved(20_000);
    const x = sender();
    await x.runDue();
    expect((await variant(id)).staged_at).not.toBeNull();
    const changed = `${TEXT} 오늘만!`;
    const post = await s.publishing.posts.update(maker, id, { masterText: changed, product: 'deposit', scheduledAt: new Date(clock.now().getTime() + 20_000).toISOString(), variants: [{ accountId, target: 'pubtest' }] });
    expect(post.status).toBe('in_review');
    expect(await variant(id)).toMatchObject({ status: 'draft', staged_at: null });
    expect(await records(id)).toEqual([]);
    clock.advance(21_000);
    await x.runDue();
    expect(channel.deliveries).toHaveLength(0);
  });

  it('a reschedule moves a staged post to its new slot and it goes out there, once', async () => {
    const id = await approved(20_000);
    const x = sender();
    await x.runDue();
    const later = new Date(clock.now().getTime() + 5 * 60_000).toISOString();
    await s.publishing.posts.reschedule(maker, id, later);
    const post = await s.publishing.posts.get(maker, id, false);
    if (post.status !== 'approved') return void expect(post.status).toBe('in_review'); // a chain that asks for re-approval: nothing to send
    expect(await variant(id)).toMatchObject({ status: 'scheduled', staged_at: null });
    clock.advance(21_000);
    await x.runDue();
    expect(channel.deliveries).toHaveLength(0); // not at the old slot
    clock.advance(5 * 60_000);
    await x.runDue();
    await x.runDue(); // staged by the first run, due by the second
    expect(delivered()).toBe(1);
    expect(await records(id)).toEqual([{ calls: 1 }]);
  });

  it('a crisis declared after staging holds the post at its slot (paused, record dropped)', async () => {
    const id = await approved(20_000);
    const x = sender();
    await x.runDue();
    crisis = true;
    clock.advance(21_000);
    await x.runDue();
    expect(channel.deliveries).toHaveLength(0);
    expect(await variant(id)).toMatchObject({ status: 'paused', staged_at: null });
    expect(await records(id)).toEqual([]);
    expect(await actions((await variant(id)).id)).toContain('publishing.paused');
  });

  it('a rule set activated after staging screens the post again at its slot and blocks it', async () => {
    const id = await approved(20_000, `${TEXT} 특판금리`);
    const x = sender();
    await x.runDue();
    expect((await variant(id)).staged_at).not.toBeNull();
    const rules = structuredClone(DEFAULT_RULES);
    rules.claims.push({ id: 'test.no-special', phrases: ['특판금리'], severity: 'block', message: '특판금리 표현 금지', source: 'test' });
    await s.screening.create(comp, { rules, note: 'staging test', activate: true });
    try {
      clock.advance(21_000);
      await x.runDue();
      expect(channel.deliveries).toHaveLength(0);
      const v = await variant(id);
      expect(v.status).toBe('failed');
      expect(await records(id)).toEqual([]);
      const post = await s.publishing.posts.get(maker, id, false);
      expect(post.variants[0]!.error).toContain('test.no-special');
    } finally {
      await s.screening.activate(comp, 1);
    }
  });

  it('a worker that staged and died: once its claim lapses another sends afresh, exactly once', async () => {
    const id = await approved(20_000);
    const dead = sender();
    await dead.runDue();
    senders.splice(senders.indexOf(dead), 1); // never stopped, never fires: gone
    clock.advance(21_000);
    expect(await sender().runDue()).toBe(0); // its claim holds until a lease after the slot
    clock.advance(LEASE);
    expect(await sender().runDue()).toBe(1);
    expect(delivered()).toBe(1);
    expect(await records(id)).toEqual([{ calls: 1 }]);
    expect(await actions((await variant(id)).id)).not.toContain('publishing.send_retried');
    expect((await variant(id)).status).toBe('published');
  });

  it('a worker that stops puts what it staged back on the schedule for the others', async () => {
    const id = await approved(20_000);
    const x = sender();
    await x.runDue();
    await x.stop();
    expect(await variant(id)).toMatchObject({ status: 'scheduled', staged_at: null });
    expect(await records(id)).toEqual([]);
    clock.advance(20_000);
    const y = sender();
    await y.runDue();
    await y.runDue();
    expect(delivered()).toBe(1);
  });

  it('two workers staging at once share the posts without overlap, and each post goes out once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await approved(20_000, `${TEXT} #${i}`));
    const [a, b] = [sender(), sender()];
    await Promise.all([a.runDue(), b.runDue()]);
    const staged = (await sql<{ n: number }>`select count(*)::int as n from publishing_variants where post_id = any(${`{${ids.join(',')}}`}::uuid[]) and staged_at is not null`.execute(s.store.db)).rows[0]!.n;
    expect(staged).toBe(12);
    clock.advance(20_000);
    await Promise.all([a.runDue(), b.runDue()]);
    expect(channel.deliveries).toHaveLength(12);
    expect(new Set(channel.deliveries.map((d) => d.key)).size).toBe(12);
  });

  it('stop-all racing the slot: every post is either sent and recorded, or stopped and never sent — never both', async () => {
    const tally = { sent: 0, stopped: 0 };
    // The stop-all comes at different moments of the slot's work (before, during and after the confirmation).
    // Negative: the stop-all starts first and the slot's run that many ms later.
    for (const delayMs of [-3, -1, 0, 1, 3, 8, 20]) {
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) ids.push(await approved(20_000, `${TEXT} race ${delayMs}-${i}`));
      const x = sender();
      await x.runDue();
      clock.advance(20_000);
      const later = <T>(ms: number, f: () => Promise<T>) => new Promise((r) => setTimeout(r, ms)).then(f);
      await Promise.all(delayMs < 0 ? [s.publishing.delivery.stopAll(admin, 'race'), later(-delayMs, () => x.runDue())] : [x.runDue(), later(delayMs, () => s.publishing.delivery.stopAll(admin, 'race'))]);
      await x.stop();
      const rows = (
        await sql<{ id: string; status: string; staged_at: Date | null; key: string | null }>`select v.id, v.status, v.staged_at, s.idempotency_key as key
          from publishing_variants v left join publishing_sends s on s.variant_id = v.id where v.post_id = any(${`{${ids.join(',')}}`}::uuid[])`.execute(s.store.db)
      ).rows;
      const sentKeys = new Set(channel.deliveries.map((d) => d.key));
      expect(rows).toHaveLength(8);
      for (const r of rows) {
        expect(r.staged_at).toBeNull();
        if (r.status === 'stopped') {
          expect(r.key).toBeNull(); // stopped: its record dropped, so it was never called
          tally.stopped++;
        } else {
          expect(r.status).toBe('published');
          expect(sentKeys.has(r.key!)).toBe(true);
          tally.sent++;
        }
      }
      expect(channel.deliveries).toHaveLength(rows.filter((r) => r.status === 'published').length);
      expect(new Set(channel.deliveries.map((d) => d.key)).size).toBe(channel.deliveries.length);
      channel.deliveries.length = 0;
    }
    console.log(`staging race: ${tally.sent} sent, ${tally.stopped} stopped`);
  });
});
