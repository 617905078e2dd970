import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAdapters } from '../../src/channels/registry.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';
import { sign, testChannel, type TestPost } from '../support/test-channel.js';

const SECRET = 'enrich-secret';
let server: TestServer;
let api: ApiClient;
let ws: string;
let hook: string;

const deliver = (posts: TestPost[]) => {
  const body = JSON.stringify({ events: posts });
  return fetch(server.url + hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': sign(SECRET, body) }, body });
};
const item = async (nativeId: string) => {
  let found: any;
  await expect.poll(async () => (found = (await api.get(`/api/v1/w/${ws}/items?limit=200`)).body.items.find((i: { nativeId: string }) => i.nativeId === nativeId)), { timeout: 5000 }).toBeTruthy();
  return found;
};

beforeAll(async () => {
  server = await startTestServer({ adapters: fromAdapters([testChannel()]) });
  api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
  ws = server.admin.workspaceId;
  hook = (await api.post(`/api/v1/w/${ws}/accounts`, { type: 'testchan', name: 'x', credentials: { secret: SECRET } })).body.account.webhookPath;
});
afterAll(async () => server.close());

describe('enrichment at ingest', () => {
  it('stores language, sentiment, intents, abuse and keywords with every item', async () => {
    await deliver([{ id: 'n1', author: 'a', text: '한빛카드 앱이 또 먹통이네요. 결제가 계속 실패하고 상담원 연결도 안 됩니다. 정말 최악이에요', at: '2026-11-10T01:00:00Z' }]);
    const it = await item('n1');
    expect(it.lang).toBe('ko');
    expect(it.analysis.sentiment.label).toBe('negative');
    expect(it.analysis.sentiment.probs.negative).toBeGreaterThan(0.5);
    expect(it.analysis.intents.labels).toContain('complaint');
    expect(it.analysis.abuse.label).toBeDefined();
    expect(it.analysis.keywords.length).toBeGreaterThan(0);
  });

  it('masks personal data in the stored text, keeps no values, and keeps no original by default', async () => {
    await deliver([{ id: 'n2', author: 'b', text: '카드번호 9410-1234-5678-9010 로 결제했는데 두 번 청구됐어요', at: '2026-11-10T02:00:00Z' }]);
    const it = await item('n2');
    expect(it.text).not.toContain('5678-9010');
    expect(it.text).toContain('****');
    expect(it.analysis.pii).toEqual([expect.objectContaining({ type: 'card' })]);
    expect(JSON.stringify(it.analysis)).not.toContain('1234-5678');
    const orig = await api.get(`/api/v1/w/${ws}/items/${it.id}/original`);
    expect(orig.status).toBe(404);
    expect(orig.body.error.code).toBe('item.no_original');
  });

  it('keeps the original encrypted when the workspace allows it; compliance reads it, audited; agents cannot', async () => {
    expect((await api.patch(`/api/v1/w/${ws}/settings`, { keepOriginalPii: true })).body.settings.keepOriginalPii).toBe(true);
    const text = '010-1234-5678 로 연락 주세요. 주민번호는 900101-1234568 입니다';
    await deliver([{ id: 'n3', author: 'c', text, at: '2026-11-10T03:00:00Z' }]);
    const it = await item('n3');
    expect(it.text).not.toContain('1234-5678');
    const stored = await server.runtime.services.store.db.selectFrom('items').select(['original_text_enc', 'raw']).where('id', '=', it.id).executeTakeFirstOrThrow();
    expect(stored.original_text_enc).toMatch(/^v1\./);
    expect(JSON.stringify(stored.raw)).not.toContain('1234-5678');
    const orig = await api.get(`/api/v1/w/${ws}/items/${it.id}/original`);
    expect(orig.body.original.text).toBe(text);
    const audit = await api.get(`/api/v1/w/${ws}/audit?action=pii.`);
    expect(audit.body.entries[0]).toMatchObject({ action: 'pii.original_viewed', targetId: it.id });
    await api.post(`/api/v1/w/${ws}/users`, { email: 'agent.pii@bank.test', name: 'A', role: 'agent', password: 'agent desk 2026!' });
    const agent = new ApiClient(server.url);
    await agent.login('agent.pii@bank.test', 'agent desk 2026!');
    expect((await agent.get(`/api/v1/w/${ws}/items/${it.id}/original`)).status).toBe(403);
  });
});
