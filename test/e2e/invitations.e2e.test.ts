/**
 * Issue #14, finding 2, in the UI: a person invited to another workspace sees the invitation after
 * signing in and accepts it; the workspace then appears. Real Chromium against the real program, which
 * also serves its strict Content-Security-Policy (a violation would be a console error here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, launchBrowser, shot, signIn, type TestBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';

const PW = 'a long enough password 1';
let server: TestServer;
let tb: TestBrowser;

beforeAll(async () => {
  tb = await launchBrowser({ allowStatuses: [401], webgl: false, timeout: 10_000 });
  await ensureWebBuild();
  server = await startTestServer();
  const owner = new ApiClient(server.url);
  await owner.login(server.admin.email, server.admin.password);
  const b = (await owner.post('/api/v1/workspaces', { name: '초대은행', slug: 'invite-bank' })).body.workspace.id;
  await owner.post(`/api/v1/w/${server.admin.workspaceId}/users`, { email: 'invitee@a.test', name: '초대받은 사람', role: 'agent', password: PW });
  await owner.post(`/api/v1/w/${b}/users`, { email: 'b.admin@b.test', name: 'B 관리자', role: 'admin', password: PW });
  const adminB = new ApiClient(server.url);
  await adminB.login('b.admin@b.test', PW);
  const inv = await adminB.post(`/api/v1/w/${b}/users`, { email: 'invitee@a.test', name: 'x', role: 'analyst' });
  expect(inv.body.invitation.status).toBe('pending');
}, 120_000);

afterAll(async () => {
  await tb?.close();
  await server?.close();
});

describe('invitations in the UI', () => {
  it('shows the pending invitation after sign-in; accepting joins the workspace', async () => {
    const page = await tb.newPage({ width: 1280, height: 800 });
    await signIn(page, server.url, { email: 'invitee@a.test', password: PW });
    const box = page.getByTestId('invitations');
    await box.waitFor();
    expect(await box.innerText()).toContain('초대은행');
    await shot(page, 'invitation-pending');
    await box.getByRole('button', { name: '수락' }).click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await expect.poll(async () => (await new ApiClient(server.url).login('invitee@a.test', PW)).body.workspaces.map((w: { slug: string }) => w.slug).sort()).toEqual(['demo', 'invite-bank']);
    await expect.poll(() => page.getByTestId('invitations').count()).toBe(0);
    expect(tb.errors).toEqual([]);
  }, 60_000);
});
