import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoPublishing, DEMO_CAMPAIGN } from '../../src/app/demo-publishing.js';
import { systemActor } from '../../src/platform/actor.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('demo publishing seed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ roles: ['web'] });
  }, 120_000);
  afterAll(async () => server?.close());

  it('a campaign and a deposit promotion waiting for approval', async () => {
    const s = server.runtime.services;
    const scope = { workspaceId: server.admin.workspaceId, actor: systemActor, role: 'admin' as const, tokenScopes: null };
    await seedDemoPublishing(s, scope);
    expect((await s.publishing.posts.campaigns(scope)).map((c) => c.name)).toEqual([DEMO_CAMPAIGN]);
    const pending = await s.publishing.posts.list(scope, { status: 'in_review' });
    expect(pending).toHaveLength(1);
    expect(pending[0]!.chain.map((c) => c.name)).toEqual(['마케팅 책임자', '준법감시인']);
  });
});
