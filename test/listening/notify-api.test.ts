/**
 * The endpoints added for the notification and report screens and the crisis drill: an SMTP test
 * e-mail (to a local SMTP server), a report preview that renders without sending, and the drill's
 * guards (demo workspace only, one at a time, bounded duration).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotifyEnv, until, type NotifyEnv } from './support.js';

let env: NotifyEnv;

beforeAll(async () => {
  env = await startNotifyEnv();
});
afterAll(async () => {
  await env?.close();
});

describe('SMTP test e-mail', () => {
  it('answers 400 listening.smtp_missing before SMTP is set, then delivers a test mail', async () => {
    const missing = await env.api.post(`${env.base}/smtp/test`, { to: ['ops@bank.test'] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('listening.smtp_missing');
    // Sending a report now says the same (not a generic delivery failure), so the UI can point to the fix.
    const report = await env.api.post(`${env.base}/reports`, { name: '주간 리포트', recipients: ['ceo@bank.test'], weekday: 1, hour: 9 });
    expect(report.status).toBe(201);
    const unsent = await env.api.post(`${env.base}/reports/${report.body.report.id}/send`, {});
    expect(unsent.status).toBe(400);
    expect(unsent.body.error.code).toBe('listening.smtp_missing');
    expect((await env.api.delete(`${env.base}/reports/${report.body.report.id}`)).status).toBe(204);
    const port = env.smtp.port;
    expect((await env.api.request('PUT', `${env.base}/smtp`, { host: '127.0.0.1', port, from: '소통 <alerts@bank.test>' })).status).toBe(200);
    const bad = await env.api.post(`${env.base}/smtp/test`, { to: ['not-an-address'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('listening.bad_recipient');
    expect((await env.api.post(`${env.base}/smtp/test`, {})).status).toBe(400);
    const ok = await env.api.post(`${env.base}/smtp/test`, { to: ['ops@bank.test'] });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ delivered: true, recipients: ['ops@bank.test'] });
    await until(async () => env.smtp.mails.length === 1, 10_000, 'test mail');
    expect(env.smtp.mails[0]!.subject).toBe('[소통] SMTP 테스트 / SMTP test');
    expect((env.smtp.mails[0]!.to as { value: Array<{ address: string }> }).value[0]!.address).toBe('ops@bank.test');
  });

  it('says why when the server cannot be reached (listening.delivery_failed)', async () => {
    const closed = env.smtp.port + 1;
    await env.api.request('PUT', `${env.base}/smtp`, { host: '127.0.0.1', port: closed === 65536 ? 1 : closed, from: 'alerts@bank.test' });
    const r = await env.api.post(`${env.base}/smtp/test`, { to: ['ops@bank.test'] });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('listening.delivery_failed');
    const port = env.smtp.port;
    await env.api.request('PUT', `${env.base}/smtp`, { host: '127.0.0.1', port, from: 'alerts@bank.test' });
  });
});

describe('report preview', () => {
  it('renders the report e-mail without sending it; unknown ids are 404', async () => {
    await env.api.post(`${env.base}/queries`, { name: '앱 장애', expression: '오류 OR 먹통', backfillDays: 0 });
    const rep = (await env.api.post(`${env.base}/reports`, { name: '주간', recipients: ['ceo@bank.test'] })).body.report;
    const before = env.smtp.mails.length;
    const r = await env.api.get(`${env.base}/reports/${rep.id}/preview`);
    expect(r.status).toBe(200);
    expect(r.body.preview.subject).toMatch(/^\[소통\] 주간 주간 리포트 \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}$/);
    expect(r.body.preview.html).toContain('앱 장애');
    expect(r.body.preview.text).toContain('weekly listening report');
    expect(r.body.preview.attachments).toEqual(['listening-week.csv']);
    expect(new Date(r.body.preview.to).getTime() - new Date(r.body.preview.from).getTime()).toBe(7 * 86_400_000);
    await new Promise((res) => setTimeout(res, 300));
    expect(env.smtp.mails.length).toBe(before);
    const missing = await env.api.get(`${env.base}/reports/00000000-0000-4000-8000-000000000000/preview`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('listening.report_not_found');
  });
});

describe('crisis drill guards', () => {
  it('is available in the demo workspace only, bounded, and one at a time', async () => {
    const drill = `/api/v1/w/${env.ws}/demo/crisis-drill`;
    expect((await env.api.get(drill)).body.drill).toMatchObject({ available: true, running: false, posts: 40 });
    expect((await env.api.post(drill, { durationSeconds: 601 })).status).toBe(400);
    expect((await env.api.post(drill, { speed: 2 })).status).toBe(400);
    const started = await env.api.post(drill, { durationSeconds: 5 });
    expect(started.status).toBe(202);
    expect(started.body.drill).toMatchObject({ running: true, posts: 40, durationSeconds: 5 });
    const again = await env.api.post(drill, { durationSeconds: 5 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('demo.drill_running');
    const audit = (await env.api.get(`/api/v1/w/${env.ws}/audit?action=demo.crisis_drill`)).body.entries;
    expect(audit).toHaveLength(1);

    const other = await env.api.post('/api/v1/workspaces', { name: '다른 은행', slug: 'other-bank' });
    expect(other.status).toBe(201);
    const otherId = other.body.workspace.id as string;
    expect((await env.api.get(`/api/v1/w/${otherId}/demo/crisis-drill`)).body.drill.available).toBe(false);
    const refused = await env.api.post(`/api/v1/w/${otherId}/demo/crisis-drill`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('demo.not_demo_workspace');
  });
});
