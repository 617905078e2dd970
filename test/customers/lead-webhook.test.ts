import crypto from 'node:crypto';
import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/client.js';
import { inboxChannel } from '../inbox/channel.js';
import { startInbox, waitFor, type InboxHarness } from '../inbox/harness.js';

/** The bank's side: records every POST (raw body and headers) and answers the statuses queued in `answers` (then 200). */
class BankReceiver {
  readonly requests: Array<{ headers: http.IncomingHttpHeaders; body: string; answered: number }> = [];
  answers: number[] = [];
  url = '';
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const answered = this.answers.shift() ?? 200;
      this.requests.push({ headers: req.headers, body, answered });
      res.writeHead(answered, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/sotong/leads`;
    return this;
  }
  close = () => new Promise<void>((r) => this.server.close(() => r()));
}

/** The documented contract, computed here independently: sha256=hex(HMAC(secret, "<timestamp>." + body)). */
function verifies(secret: string, r: { headers: http.IncomingHttpHeaders; body: string }): boolean {
  const ts = String(r.headers['x-sotong-timestamp']);
  const want = `sha256=${crypto.createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')}`;
  const got = String(r.headers['x-sotong-signature']);
  return got.length === want.length && crypto.timingSafeEqual(Buffer.from(got), Buffer.from(want));
}

describe('leads flow to the bank through a signed webhook', () => {
  let h: InboxHarness;
  let ws: string;
  let bank: BankReceiver;
  let agent: ApiClient;
  let outsider: ApiClient;
  let secret = '';
  const P = () => `/api/v1/w/${ws}/lead-webhook`;
  const hooks = () => h.server.runtime.services.customers.leadWebhooks;
  const rows = async () =>
    (
      await sql<{
        id: string;
        event: string;
        status: string;
        attempts: number;
        last_status: number | null;
      }>`select id, event, status, attempts, last_status from customer_lead_deliveries where workspace_id = ${ws} order by created_at, id`.execute(h.db)
    ).rows;

  beforeAll(async () => {
    bank = await new BankReceiver().start();
    h = await startInbox([inboxChannel('kakao', { canReplyPrivately: true })]);
    ws = h.ws;
    await h.api.post(`/api/v1/w/${ws}/users`, { email: 'agent@bank.test', name: '상담원', role: 'agent', password: 'customer care 2468' });
    agent = new ApiClient(h.server.url);
    await agent.login('agent@bank.test', 'customer care 2468');
    const other = (await h.api.post('/api/v1/workspaces', { name: '다른은행', slug: 'other-bank' })).body.workspace.id;
    await h.api.post(`/api/v1/w/${other}/users`, { email: 'outsider@other.test', name: 'B', role: 'admin', password: 'harbour lights 4821' });
    outsider = new ApiClient(h.server.url);
    await outsider.login('outsider@other.test', 'harbour lights 4821');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await bank?.close();
  });

  it('refuses addresses that are not http(s), and people who may not set it', async () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'http://user:pw@bank.test/x', 'not a url', 'ftp://bank.test/']) {
      const r = await h.api.request('PUT', P(), { url });
      expect(r.status, url).toBe(400);
      expect(r.body.error.code).toBe('lead_webhook.url_invalid');
    }
    expect((await agent.request('PUT', P(), { url: bank.url })).status).toBe(403);
    expect((await agent.get(P())).status).toBe(403);
    expect([403, 404]).toContain((await outsider.get(P())).status);
    expect([403, 404]).toContain((await outsider.request('PUT', P(), { url: bank.url })).status);
    expect((await h.api.get(P())).body.webhook).toEqual({ url: null, pending: 0, failed: 0, delivered: 0 });
  });

  it('shows the signing secret once, and queues nothing while no address is set', async () => {
    const set = await h.api.request('PUT', P(), { url: bank.url });
    expect(set.status).toBe(200);
    secret = set.body.webhook.secret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const read = (await h.api.get(P())).body.webhook;
    expect(read.url).toBe(bank.url);
    expect(read.secret).toBeUndefined();
    expect((await h.api.request('PUT', P(), { url: bank.url })).body.webhook.secret).toBeUndefined();
  });

  it('sends a new lead, signed, retries a failed answer with the same delivery id, and sends its update', async () => {
    bank.answers = [503];
    const at = new Date().toISOString();
    await h.deliver('kakao', [{ id: 'buy-1', author: 'buyer', text: '신용카드 새로 발급받고 싶어요 온라인으로 신청 가능한가요? 연회비도 알려주세요', at }]);
    await h.routed('buy-1');
    const insights = h.server.runtime.services.customers.insights;
    await waitFor(
      () => insights.collectLeads().then(() => rows()),
      (r) => r.some((d) => d.event === 'lead.created'),
      'a queued lead delivery',
    );
    await waitFor(
      () =>
        hooks()
          .deliverDue()
          .then(() => bank.requests.length),
      (n) => n >= 1,
      'the first attempt',
    );
    const first = bank.requests[0]!;
    expect(first.answered).toBe(503);
    const failed = (await rows()).find((d) => d.event === 'lead.created')!;
    expect(failed).toMatchObject({ status: 'pending', last_status: 503 });
    expect(failed.attempts).toBeGreaterThanOrEqual(1);
    // Not again before its backoff…
    await hooks().deliverDue();
    expect(bank.requests).toHaveLength(1);
    // …then again when due.
    await sql`update customer_lead_deliveries set next_at = now() where id = ${failed.id}`.execute(h.db);
    await waitFor(
      () =>
        hooks()
          .deliverDue()
          .then(() => rows()),
      (r) => r.find((d) => d.id === failed.id)?.status === 'delivered',
      'the retry delivered',
    );
    const second = bank.requests[1]!;
    expect(second.answered).toBe(200);
    expect(second.headers['x-sotong-delivery']).toBe(first.headers['x-sotong-delivery']);
    expect(second.headers['x-sotong-event']).toBe('lead.created');
    expect(verifies(secret, second)).toBe(true);
    expect(verifies('another secret', second)).toBe(false);
    const body = JSON.parse(second.body);
    expect(body).toMatchObject({ id: failed.id, type: 'lead.created', workspaceId: ws, lead: { status: 'new', customer: null, author: { channel: 'kakao', handle: 'buyer' } } });
    expect(body.lead.excerpt).toContain('신용카드');

    // The lead is worked on in Sotong: the bank hears of it.
    const me = (await h.api.get('/api/v1/auth/me')).body.user.id;
    const r = await h.api.patch(`/api/v1/w/${ws}/leads/${body.lead.id}`, { ownerId: me, status: 'contacted' });
    expect(r.status).toBe(200);
    await waitFor(
      () =>
        hooks()
          .deliverDue()
          .then(() => bank.requests.filter((q) => q.headers['x-sotong-event'] === 'lead.updated')),
      (q) => q.length === 1,
      'the update delivered',
    );
    const update = bank.requests.find((q) => q.headers['x-sotong-event'] === 'lead.updated')!;
    expect(verifies(secret, update)).toBe(true);
    expect(JSON.parse(update.body).lead).toMatchObject({ id: body.lead.id, status: 'contacted', ownerId: me });
    const list = (await h.api.get(`${P()}/deliveries`)).body.deliveries as Array<{ event: string; status: string; attempts: number }>;
    expect(list.map((d) => [d.event, d.status])).toEqual([
      ['lead.updated', 'delivered'],
      ['lead.created', 'delivered'],
    ]);
    expect((await h.api.get(P())).body.webhook).toMatchObject({ pending: 0, failed: 0, delivered: 2 });
  });

  it('signs with the new secret after a rotation; a test delivery reaches the bank', async () => {
    const rotated = (await h.api.request('PUT', P(), { url: bank.url, rotateSecret: true })).body.webhook.secret as string;
    expect(rotated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated).not.toBe(secret);
    const t = await h.api.post(`${P()}/test`);
    expect(t.status).toBe(202);
    expect(t.body.delivery).toMatchObject({ event: 'lead.test', status: 'pending' });
    await waitFor(
      () =>
        hooks()
          .deliverDue()
          .then(() => bank.requests.filter((q) => q.headers['x-sotong-event'] === 'lead.test')),
      (q) => q.length === 1,
      'the test delivery',
    );
    const test = bank.requests.find((q) => q.headers['x-sotong-event'] === 'lead.test')!;
    expect(verifies(rotated, test)).toBe(true);
    expect(verifies(secret, test)).toBe(false);
    const audit = (await h.api.get(`/api/v1/w/${ws}/audit?limit=50`)).body.entries as Array<{ action: string }>;
    expect(audit.filter((e) => e.action === 'lead_webhook.updated').length).toBeGreaterThanOrEqual(3);
  });

  it('gives up after the last attempt, and stops queueing once the address is removed', async () => {
    bank.answers = Array.from({ length: 20 }, () => 500);
    await h.api.post(`${P()}/test`);
    for (let i = 0; i < 30 && (await rows()).at(-1)!.status === 'pending'; i++) {
      await sql`update customer_lead_deliveries set next_at = now() where workspace_id = ${ws} and status = 'pending'`.execute(h.db);
      await hooks().deliverDue();
    }
    const last = (await rows()).at(-1)!;
    expect(last).toMatchObject({ event: 'lead.test', status: 'failed', last_status: 500 });
    expect(last.attempts).toBeGreaterThanOrEqual(12);
    const sent = bank.requests.length;
    await sql`update customer_lead_deliveries set next_at = now() where workspace_id = ${ws}`.execute(h.db);
    await hooks().deliverDue();
    expect(bank.requests.length).toBe(sent);
    bank.answers = [];
    expect((await h.api.request('PUT', P(), { url: null })).body.webhook.url).toBeNull();
    expect((await h.api.post(`${P()}/test`)).body.error.code).toBe('lead_webhook.not_set');
    const before = (await rows()).length;
    await h.deliver('kakao', [{ id: 'buy-2', author: 'buyer2', text: '적금 가입하려고 하는데 비대면으로 바로 되나요? 금리 좋은 상품 추천해 주세요', at: new Date().toISOString() }]);
    await h.routed('buy-2');
    await h.server.runtime.services.customers.insights.collectLeads();
    expect((await rows()).length).toBe(before);
  });
});
