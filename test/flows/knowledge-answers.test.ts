import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textForCustomers } from '../../src/flows/knowledge-answers/index.js';
import { ApiClient } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PEOPLE, seedPeople } from '../microblog/support.js';

describe('a microblog post becomes a canned reply once compliance approves', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agent: ApiClient;
  let employee: ApiClient;
  let compliance: ApiClient;
  let outsider: ApiClient;
  let ws: string;
  const MB = () => `/api/v1/w/${ws}/microblog`;
  const IN = () => `/api/v1/w/${ws}/inbox`;

  beforeAll(async () => {
    server = await startTestServer();
    ws = server.admin.workspaceId;
    admin = await seedPeople(server);
    await admin.post(`/api/v1/w/${ws}/users`, { email: 'agent.han@bank.test', name: '한상담', role: 'agent', password: 'agent han pass 77' });
    agent = new ApiClient(server.url);
    await agent.login('agent.han@bank.test', 'agent han pass 77');
    employee = new ApiClient(server.url);
    await employee.login(PEOPLE[0]!.email, PEOPLE[0]!.password);
    compliance = new ApiClient(server.url);
    await compliance.login(PEOPLE[3]!.email, PEOPLE[3]!.password);
    const other = (await admin.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
    await admin.post(`/api/v1/w/${other}/users`, { email: 'outsider@other.test', name: 'B', role: 'admin', password: 'harbour lights 4821' });
    outsider = new ApiClient(server.url);
    await outsider.login('outsider@other.test', 'harbour lights 4821');
  }, 180_000);
  afterAll(async () => server?.close(), 60_000);

  it('keeps the words for customers: no hashtags or mentions', () => {
    expect(textForCustomers('해외결제는 앱 > 카드관리 > 해외결제 설정에서 켜시면 됩니다. @kim_minsu #업무팁 #카드')).toBe('해외결제는 앱 > 카드관리 > 해외결제 설정에서 켜시면 됩니다.');
    expect(textForCustomers('#공지\n영업점 방문 없이\n\n\n\n비대면으로 됩니다')).toBe('영업점 방문 없이\n\n비대면으로 됩니다');
  });

  it('an agent proposes an employee’s post; compliance edits and approves; agents can then use it', async () => {
    const answer = '해외 가맹점 결제가 거절되면 앱 > 카드관리 > 해외결제에서 "허용"을 켜 주세요. {{고객}} 같은 중괄호도 그대로 둡니다. #카드 #업무팁';
    const post = await employee.post(`${MB()}/posts`, { text: answer });
    expect(post.status, JSON.stringify(post.body)).toBe(201);
    const postId = post.body.post.id as string;

    // Who may propose: someone who answers customers (an employee without the inbox may not).
    expect((await employee.post(`${MB()}/posts/${postId}/propose-canned`, { name: '해외결제 거절' })).status).toBe(403);
    expect([403, 404]).toContain((await outsider.post(`/api/v1/w/${ws}/microblog/posts/${postId}/propose-canned`, { name: 'x' })).status);
    const made = await agent.post(`${MB()}/posts/${postId}/propose-canned`, { name: '해외결제 거절' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const proposal = made.body.proposal;
    expect(proposal).toMatchObject({ name: '해외결제 거절', status: 'pending', source: { kind: 'microblog_post', ref: postId, label: '김민수' } });
    expect(proposal.text).not.toMatch(/#카드|#업무팁/);
    // One open proposal per post.
    expect((await agent.post(`${MB()}/posts/${postId}/propose-canned`, { name: '또' })).status).toBe(409);

    // Not a canned reply until approved; an agent cannot approve.
    expect(((await agent.get(`${IN()}/canned-replies`)).body.cannedReplies as Array<{ name: string }>).map((c) => c.name)).not.toContain('해외결제 거절');
    expect((await agent.post(`${IN()}/canned-proposals/${proposal.id}/approve`, {})).status).toBe(403);
    expect((await compliance.get(`${IN()}/canned-proposals?status=pending`)).body.proposals.map((p: { id: string }) => p.id)).toContain(proposal.id);
    // A broken template is refused with a code; the proposal stays pending.
    const bad = await compliance.post(`${IN()}/canned-proposals/${proposal.id}/approve`, { text: '안녕하세요 {{customer.name' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('canned.invalid_template');
    const ok = await compliance.post(`${IN()}/canned-proposals/${proposal.id}/approve`, { name: '해외결제 거절 안내' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.proposal).toMatchObject({ status: 'approved', decidedBy: expect.stringContaining('choi.sora') });
    expect((await compliance.post(`${IN()}/canned-proposals/${proposal.id}/approve`, {})).status).toBe(409);

    const canned = ((await agent.get(`${IN()}/canned-replies`)).body.cannedReplies as Array<{ id: string; name: string; text: string }>).find((c) => c.name === '해외결제 거절 안내')!;
    expect(canned.id).toBe(ok.body.proposal.cannedReplyId);
    // The literal braces of the post survive the template engine.
    expect(canned.text).toContain('\\{{고객}}');
    const audit = (await admin.get(`/api/v1/w/${ws}/audit?limit=100`)).body.entries as Array<{ action: string }>;
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['canned_proposal.created', 'canned_proposal.approved', 'canned_reply.created']));
  });

  it('a held post cannot be proposed; compliance may reject with a note', async () => {
    const held = await employee.post(`${MB()}/posts`, { text: '고객 카드번호 5555-5555-5555-4444 건 처리 방법' });
    expect(held.body.held).toBe(true);
    // Only its author sees a held post: to the agent it does not exist.
    expect((await agent.post(`${MB()}/posts/${held.body.post.id}/propose-canned`, { name: '보류 글' })).status).toBe(404);
    const post = await employee.post(`${MB()}/posts`, { text: '대출 금리 인하 요구권은 앱에서 신청할 수 있습니다.' });
    const made = await agent.post(`${MB()}/posts/${post.body.post.id}/propose-canned`, { name: '금리인하요구권' });
    expect(made.status).toBe(201);
    const rej = await compliance.post(`${IN()}/canned-proposals/${made.body.proposal.id}/reject`, { note: '상품설명서 문구로 바꿔 다시 제안해 주세요' });
    expect(rej.body.proposal).toMatchObject({ status: 'rejected', note: '상품설명서 문구로 바꿔 다시 제안해 주세요', cannedReplyId: null });
    // Rejected: it may be proposed again.
    expect((await agent.post(`${MB()}/posts/${post.body.post.id}/propose-canned`, { name: '금리인하요구권 v2' })).status).toBe(201);
    expect((await compliance.post(`${IN()}/canned-proposals/00000000-0000-4000-8000-000000000000/reject`, {})).status).toBe(404);
  });
});
