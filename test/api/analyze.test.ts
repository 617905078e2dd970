import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';

let server: TestServer;
let api: ApiClient;
beforeAll(async () => {
  server = await startTestServer();
  api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
});
afterAll(async () => server.close());

describe('POST /api/v1/analyze', () => {
  it('analyses a batch of Korean and English texts', async () => {
    const r = await api.post('/api/v1/analyze', {
      texts: ['카드 해지하고 다른 은행으로 갈아탈게요. 수수료가 너무 비싸요', 'Thank you so much, the new card app is great!', '제 폰번호 010-1234-5678 로 연락주세요'],
    });
    expect(r.status).toBe(200);
    const [churn, praise, pii] = r.body.results;
    expect(churn.language).toBe('ko');
    expect(churn.sentiment.label).toBe('negative');
    expect(churn.intents.labels).toContain('churn');
    expect(praise.language).toBe('en');
    expect(praise.sentiment.probs.positive).toBeGreaterThan(praise.sentiment.probs.negative);
    expect(pii.pii).toEqual([expect.objectContaining({ type: 'phone' })]);
    expect(pii.masked).not.toContain('1234-5678');
    expect(JSON.stringify(r.body)).not.toContain('"value"');
  });

  it('returns only the tasks asked for, with explanations on request', async () => {
    const r = await api.post('/api/v1/analyze', { texts: ['앱이 계속 먹통이에요 최악'], tasks: ['sentiment'], explain: true });
    expect(Object.keys(r.body.results[0])).toEqual(['sentiment']);
    expect(r.body.results[0].sentiment.explanation.length).toBeGreaterThan(0);
  });

  it('refuses bad input clearly and needs a login', async () => {
    expect((await api.post('/api/v1/analyze', { texts: [] })).body.error).toMatchObject({ code: 'validation', field: 'texts' });
    expect((await api.post('/api/v1/analyze', { texts: ['x'], tasks: ['horoscope'] })).status).toBe(400);
    expect((await new ApiClient(server.url).post('/api/v1/analyze', { texts: ['x'] })).status).toBe(401);
  });
});
