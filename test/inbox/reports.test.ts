import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock/clock.js';
import { inboxChannel } from './channel.js';
import { startInbox, waitFor, type InboxHarness } from './harness.js';

const clock = new ManualClock('2026-11-23T01:00:00Z');
const chan = inboxChannel('repchan');
let h: InboxHarness;
let team: string;
let kim: string;
const MIN = 60_000;
const HOUR = 60 * MIN;
const period = 'from=2026-11-23T00:00:00.000Z&to=2026-12-01T00:00:00.000Z';

async function at(time: string) {
  clock.set(time);
  await h.relogin();
}
async function message(id: string, time: string) {
  await at(time);
  await h.deliver('repchan', [{ id, author: `cust-${id}`, name: `고객${id}`, text: `문의 ${id}`, at: time }]);
  return (await h.routed(id)).id;
}
async function reply(conversationId: string, time: string) {
  await at(time);
  expect((await h.api.post(`${h.base}/conversations/${conversationId}/replies`, { text: '안내드립니다.' })).status).toBe(202);
  await waitFor(
    async () => (await h.api.get(`${h.base}/conversations/${conversationId}`)).body.conversation.firstResponseAt,
    (v) => v === new Date(time).toISOString(),
    `reply in ${conversationId}`,
  );
}
async function resolve(conversationId: string, time: string) {
  await at(time);
  expect((await h.api.patch(`${h.base}/conversations/${conversationId}`, { status: 'resolved' })).status).toBe(200);
}

beforeAll(async () => {
  h = await startInbox([chan], { clock });
  team = (await h.api.post(`${h.base}/teams`, { name: '소비자보호팀' })).body.team.id;
  kim = (await h.member('kim.report@bank.test', 'agent', '김상담')).id;
  await h.api.patch(`${h.base}/agents/${kim}`, { teamIds: [team], availability: 'online' });
  await h.api.post(`${h.base}/rules`, {
    name: '전부 소비자보호팀',
    conditions: { all: [] },
    actions: [
      { type: 'set_team', teamId: team },
      { type: 'assign_agent', agentId: kim },
    ],
  });
  // c1: answered after 10 min, resolved after 2 h (Monday 10:00 KST).
  const c1 = await message('c1', '2026-11-23T01:00:00Z');
  await reply(c1, '2026-11-23T01:10:00Z');
  // c2: answered after 40 min, resolved 18:30 KST (7 h 30 min wall, 7 h of office hours).
  const c2 = await message('c2', '2026-11-23T02:00:00Z');
  await reply(c2, '2026-11-23T02:40:00Z');
  await resolve(c1, '2026-11-23T03:00:00Z');
  await resolve(c2, '2026-11-23T09:30:00Z');
  // c3: Friday 17:30 KST, answered Monday 09:30 KST: 64 h wall, 1 business hour (exactly on time).
  const c3 = await message('c3', '2026-11-27T08:30:00Z');
  await reply(c3, '2026-11-30T00:30:00Z');
  // c4: Monday 09:40 KST, never answered.
  await message('c4', '2026-11-30T00:40:00Z');
  await at('2026-11-30T03:00:00Z');
});
afterAll(async () => h.close());

describe('inbox reports', () => {
  it('computes response and resolution times, SLA attainment, backlog and workload on a known scenario', async () => {
    const r = await h.api.get(`${h.base}/reports?${period}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.firstResponse).toEqual({ count: 3, wall: { medianMs: 40 * MIN, p90Ms: 64 * HOUR }, business: { medianMs: 40 * MIN, p90Ms: HOUR } });
    expect(r.body.resolution).toEqual({ count: 2, wall: { medianMs: 2 * HOUR, p90Ms: 7.5 * HOUR }, business: { medianMs: 2 * HOUR, p90Ms: 7 * HOUR } });
    expect(r.body.sla).toEqual([
      { kind: 'first_response', met: 3, breached: 1, attainment: 0.75 },
      { kind: 'next_response', met: 0, breached: 0, attainment: null },
      { kind: 'resolution', met: 2, breached: 0, attainment: 1 },
    ]);
    expect(r.body.backlog).toEqual([{ teamId: team, teamName: '소비자보호팀', total: 2, buckets: { lt1h: 0, h1to4: 1, h4to24: 0, d1to3: 1, gt3d: 0 } }]);
    expect(r.body.agents).toEqual([{ userId: kim, name: '김상담', open: 2, resolved: 2, firstResponseMedianMs: 40 * MIN }]);
    // A period and a team narrow it down.
    const monday = await h.api.get(`${h.base}/reports?from=2026-11-23T00:00:00.000Z&to=2026-11-24T00:00:00.000Z&teamId=${team}`);
    expect(monday.body.firstResponse.count).toBe(2);
    const other = await h.api.get(`${h.base}/reports?${period}&teamId=00000000-0000-4000-8000-000000000000`);
    expect(other.body).toMatchObject({ firstResponse: { count: 0, wall: { medianMs: null } }, backlog: [], agents: [] });
    expect((await h.api.get(`${h.base}/reports?from=2026-12-01T00:00:00.000Z&to=2026-11-01T00:00:00.000Z`)).status).toBe(400);
  });

  it('exports CSV as UTF-8 with a byte-order mark, so Excel shows Korean', async () => {
    const token = (await h.api.post(`/api/v1/w/${h.ws}/tokens`, { name: 'csv', scopes: ['read'] })).body.secret;
    const res = await fetch(`${h.server.url}${h.base}/reports.csv?kind=agents&${period}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="inbox-agents-2026-11-23-2026-12-01.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('agent,open,resolved,first_response_median_min\r\n김상담,2,2,40.0\r\n');
    const summary = Buffer.from(await (await fetch(`${h.server.url}${h.base}/reports.csv?${period}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer())
      .subarray(3)
      .toString('utf8');
    expect(summary.split('\r\n')).toEqual(['metric,count,wall_median_min,wall_p90_min,business_median_min,business_p90_min', 'first_response,3,40.0,3840.0,40.0,60.0', 'resolution,2,120.0,450.0,120.0,420.0', '']);
    const backlog = Buffer.from(await (await fetch(`${h.server.url}${h.base}/reports.csv?kind=backlog&${period}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer())
      .subarray(3)
      .toString('utf8');
    expect(backlog).toContain('소비자보호팀,2,0,1,0,1,0');
  });
});
