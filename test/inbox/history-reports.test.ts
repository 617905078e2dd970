import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalItem } from '../../src/channels/port.js';
import { demoAccount } from '../../src/app/demo-replay.js';
import { percentile } from '../../src/modules/inbox/reports.service.js';
import { tables } from '../../src/platform/db/store.js';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * History is not backlog: a day of demo history is stored, analysed and grouped, but closed as history
 * and never queued; live messages are. Every figure of Inbox → Reports is then recomputed here from
 * the rows, independently, and must agree with the report and with the queue.
 */
let server: TestServer;
let api: ApiClient;
let base: string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const db = () => tables<any>(server.runtime.services.store);
const HOUR = 3_600_000;

const live = (nativeId: string, text: string, author: string, minutesAgo = 0): CanonicalItem => ({
  nativeId,
  threadNativeId: nativeId,
  kind: 'post',
  text,
  author: { nativeId: author, handle: author },
  links: [],
  media: [],
  createdAt: new Date(Date.now() - minutesAgo * 60_000),
  isPrivate: false,
  direction: 'inbound',
  interactions: [],
  raw: {},
});

beforeAll(async () => {
  server = await startTestServer({ demoHistoryDays: 1 });
  api = new ApiClient(server.url);
  expect((await api.login(server.admin.email, server.admin.password)).status).toBe(200);
  base = `/api/v1/w/${server.admin.workspaceId}/inbox`;
  // The history (60 posts) is written in the background: wait until it is all grouped and routed.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const c: any = await db()
      .selectFrom('conversations')
      .select((eb: any) => [eb.fn.countAll().as('n'), eb.fn.count('routed_at').as('routed')])
      .executeTakeFirst();
    const items: any = await db()
      .selectFrom('items')
      .select((eb: any) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    if (Number(items.n) >= 60 && Number(c.n) > 0 && Number(c.n) === Number(c.routed)) break;
    if (Date.now() > deadline) throw new Error(`demo history not grouped in time (${items.n} items, ${c.n} conversations, ${c.routed} routed)`);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 120_000);
afterAll(async () => server?.close());

describe('history is not backlog', () => {
  it('closes every conversation of the demo history as history: none is open, assigned or timed', async () => {
    const rows = await db().selectFrom('conversations').select(['status', 'is_history', 'assignee_id', 'id']).execute();
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((r: any) => r.is_history && r.status === 'closed' && r.assignee_id === null)).toBe(true);
    const timers = await db().selectFrom('sla_timers').select('id').execute();
    expect(timers).toHaveLength(0);
    const queue = await api.get(`${base}/conversations?status=open&status=pending&status=snoozed`);
    expect(queue.body.conversations).toHaveLength(0);
    // …but it is stored, analysed and searchable.
    const analysed = await db().selectFrom('items').select('analysis').where('direction', '=', 'inbound').limit(5).execute();
    expect(analysed.every((i: any) => i.analysis && typeof i.analysis === 'object')).toBe(true);
  });

  it('queues live messages, and every report figure agrees with the rows and with the queue', async () => {
    const s = server.runtime.services;
    const account = await demoAccount(s, server.admin.workspaceId, 'x');
    const events = [live('1900000000000000001', '앱 로그인이 계속 실패해요', 'c_one', 0), live('1900000000000000002', '카드 결제 취소는 어떻게 하나요?', 'c_two', 0), live('1900000000000000003', '이체 한도 문의드립니다', 'c_three', 0)];
    await s.ingest.ingestEvents(
      account,
      events.map((item) => ({ type: 'upsert' as const, item })),
      'demo',
    );
    // A real account (no history cut-off) whose message was written five hours ago: waiting for five hours.
    const scope = { workspaceId: server.admin.workspaceId, actor: { userId: null, label: 'test' }, role: 'admin' as const, tokenScopes: null };
    const real = (await s.accounts.byId((await s.accounts.connect(scope, { type: 'x', name: 'Real X', settings: { userId: '7' }, credentials: {} })).id))!;
    await s.ingest.ingestEvents(real, [{ type: 'upsert', item: live('1900000000000000004', '다섯 시간째 기다리고 있어요', 'c_four', 300) }], 'poll');
    await expect.poll(async () => (await api.get(`${base}/conversations?status=open`)).body.conversations.length, { timeout: 20_000 }).toBe(4);
    const open = (await api.get(`${base}/conversations?status=open`)).body.conversations as Array<{ id: string; subject: string }>;
    const answered = open.find((c) => c.subject.startsWith('카드'))!;
    expect((await api.post(`${base}/conversations/${answered.id}/replies`, { text: '앱의 카드 메뉴에서 취소하실 수 있습니다.' })).status).toBe(202);
    await expect.poll(async () => (await db().selectFrom('conversations').select('first_response_at').where('id', '=', answered.id).executeTakeFirst())?.first_response_at ?? null, { timeout: 20_000 }).not.toBeNull();
    const done = open.find((c) => c.subject.startsWith('이체'))!;
    expect((await api.patch(`${base}/conversations/${done.id}`, { status: 'resolved' })).status).toBe(200);

    const report = (await api.get(`${base}/reports`)).body;
    const queue = (await api.get(`${base}/conversations?status=open&status=pending&status=snoozed&limit=200`)).body.conversations;
    const now = Date.now();

    // Recomputed from the rows.
    const convs = await db().selectFrom('conversations').selectAll().where('is_history', '=', false).execute();
    const items = await db().selectFrom('conversation_items as ci').innerJoin('items as i', 'i.id', 'ci.item_id').select(['ci.conversation_id', 'i.created_at', 'i.direction']).execute();
    const inbound = (id: string) =>
      items
        .filter((i: any) => i.conversation_id === id && i.direction === 'inbound')
        .map((i: any) => new Date(i.created_at).getTime())
        .sort((a: number, b: number) => a - b);
    const waiting = convs.filter((c: any) => ['open', 'pending', 'snoozed'].includes(c.status));
    expect(waiting).toHaveLength(3);
    const backlogTotal = report.backlog.reduce((n: number, b: any) => n + b.total, 0);
    expect(backlogTotal).toBe(waiting.length);
    expect(backlogTotal).toBe(queue.length);
    // Age: from the first customer message not answered yet (or the customer's last one when all are answered).
    const ages = waiting.map((c: any) => now - (inbound(c.id).filter((t: number) => !c.last_agent_reply_at || t > new Date(c.last_agent_reply_at).getTime())[0] ?? inbound(c.id).at(-1)!));
    const bucketSum = report.backlog.reduce((n: number, b: any) => n + b.buckets.lt1h, 0);
    expect(bucketSum).toBe(ages.filter((a: number) => a < HOUR).length);
    expect(bucketSum).toBe(2);
    const older = report.backlog.reduce((n: number, b: any) => n + b.buckets.h4to24, 0);
    expect(older).toBe(ages.filter((a: number) => a >= 4 * HOUR && a < 24 * HOUR).length);
    expect(older).toBe(1);

    const responded = convs.filter((c: any) => c.first_response_at && inbound(c.id).length > 0);
    expect(report.firstResponse.count).toBe(responded.length);
    expect(report.firstResponse.count).toBe(1);
    const durations = responded.map((c: any) => new Date(c.first_response_at).getTime() - inbound(c.id)[0]!).sort((a: number, b: number) => a - b);
    expect(report.firstResponse.wall.medianMs).toBe(percentile(durations, 50));
    expect(report.resolution.count).toBe(convs.filter((c: any) => c.resolved_at && inbound(c.id).length > 0).length);
    expect(report.resolution.count).toBe(1);

    // SLA: only the live conversations have timers, and a met first-response timer means a first response.
    const timers = await db().selectFrom('sla_timers as s').innerJoin('conversations as c', 'c.id', 's.conversation_id').select(['s.kind', 's.state', 'c.first_response_at', 'c.is_history']).execute();
    expect(timers.every((t: any) => !t.is_history)).toBe(true);
    const frMet = timers.filter((t: any) => t.kind === 'first_response' && t.state === 'met');
    expect(frMet.every((t: any) => t.first_response_at)).toBe(true);
    const frSla = report.sla.find((x: any) => x.kind === 'first_response');
    expect(frSla.met).toBe(frMet.length);
    expect(frSla.met).toBeLessThanOrEqual(report.firstResponse.count);
  });

  it('a live message from a customer whose thread is history reopens it as live work', async () => {
    const hist = await db()
      .selectFrom('conversations as c')
      .innerJoin('conversation_items as ci', 'ci.conversation_id', 'c.id')
      .innerJoin('items as i', 'i.id', 'ci.item_id')
      .innerJoin('channel_accounts as a', 'a.id', 'c.account_id')
      .select(['c.id', 'i.native_id', 'i.thread_native_id', 'i.author_id', 'a.type'])
      .where('c.is_history', '=', true)
      .where('c.is_private', '=', true)
      .where('a.type', '=', 'x')
      .executeTakeFirst();
    if (!hist) return; // no private X thread in this slice of the dataset
    const author = await db().selectFrom('authors').select(['native_id', 'handle']).where('id', '=', hist.author_id).executeTakeFirstOrThrow();
    const s = server.runtime.services;
    const account = await demoAccount(s, server.admin.workspaceId, 'x');
    await s.ingest.ingestEvents(
      account,
      [
        {
          type: 'upsert',
          item: { ...live('1900000000000000099', '아직 답이 없네요', author.native_id), kind: 'direct_message', isPrivate: true, threadNativeId: hist.thread_native_id, author: { nativeId: author.native_id, handle: author.handle } },
        },
      ],
      'demo',
    );
    await expect.poll(async () => db().selectFrom('conversations').select(['status', 'is_history']).where('id', '=', hist.id).executeTakeFirst(), { timeout: 20_000 }).toEqual({ status: 'open', is_history: false });
  });
});

describe('SLA where customers expect it', () => {
  it('a public post gets the 24/7 policy by the seeded rule, and the conversation says which and why', async () => {
    const s = server.runtime.services;
    const account = await demoAccount(s, server.admin.workspaceId, 'x');
    await s.ingest.ingestEvents(account, [{ type: 'upsert', item: live('1900000000000000050', '밤 11시 20분인데 앱 접속이 안 됩니다. 장애인가요?', 'c_night') }], 'demo');
    let id = '';
    await expect
      .poll(
        async () => {
          const row = await db()
            .selectFrom('items as i')
            .innerJoin('conversation_items as ci', 'ci.item_id', 'i.id')
            .innerJoin('conversations as c', 'c.id', 'ci.conversation_id')
            .select(['c.id', 'c.routed_at'])
            .where('i.native_id', '=', '1900000000000000050')
            .executeTakeFirst();
          id = row?.id ?? '';
          return Boolean(row?.routed_at);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const detail = (await api.get(`${base}/conversations/${id}`)).body;
    expect(detail.sla.policy.name).toBe('소셜 공개글 24/7');
    expect(detail.sla.reason).toMatchObject({ kind: 'rule', ruleName: expect.stringContaining('24/7') });
    expect(detail.sla.timers.find((t: any) => t.kind === 'first_response')).toMatchObject({ clock: 'running' });
    // A private message keeps the default (business hours) policy, and says so.
    await s.ingest.ingestEvents(account, [{ type: 'upsert', item: { ...live('1900000000000000051', '카드 한도 문의', 'c_dm'), kind: 'direct_message', isPrivate: true, threadNativeId: 'dm-51' } }], 'demo');
    await expect
      .poll(
        async () => {
          const row = await db()
            .selectFrom('items as i')
            .innerJoin('conversation_items as ci', 'ci.item_id', 'i.id')
            .innerJoin('conversations as c', 'c.id', 'ci.conversation_id')
            .select(['c.id', 'c.routed_at'])
            .where('i.native_id', '=', '1900000000000000051')
            .executeTakeFirst();
          id = row?.id ?? '';
          return Boolean(row?.routed_at);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const dm = (await api.get(`${base}/conversations/${id}`)).body;
    expect(dm.sla.reason).toEqual({ kind: 'default' });
    expect(dm.sla.policy.name).not.toBe('소셜 공개글 24/7');
  });
});
