import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter, ChannelEvent } from '../../src/channels/port.js';
import { fromAdapters } from '../../src/channels/registry.js';
import { StreamSupervisor } from '../../src/flows/ingest/streams.js';
import { silentLogger } from '../../src/platform/log/log.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/client.js';

/** Streams one post per call from its cursor on, then waits until aborted. */
function streamingChannel(log: string[]): ChannelAdapter {
  let n = 0;
  return {
    type: 'teststream',
    displayName: 'Test stream',
    settingsSchema: {},
    credentialsSchema: {},
    limits: () => ({ maxLength: 100, lengthUnit: 'chars', canReplyPublicly: true, canReplyPrivately: false }),
    async stream(_account, cursor, onEvents, signal) {
      log.push(`start:${cursor ?? '-'}`);
      const next = cursor ? Number(cursor) + 1 : 1;
      n++;
      const ev: ChannelEvent = {
        type: 'upsert',
        item: { nativeId: `s${next}`, kind: 'post', author: { nativeId: 'a' }, text: `stream ${next}`, links: [], media: [], createdAt: new Date(), isPrivate: false, direction: 'inbound', interactions: [], raw: {} },
      };
      await onEvents([ev], String(next));
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      log.push(`stop:${n}`);
    },
    async sendReply() {
      return { nativeId: 'x' };
    },
    async health() {
      return { status: 'ok' };
    },
  };
}

const log: string[] = [];
const adapter = streamingChannel(log);
let server: TestServer;
let api: ApiClient;
beforeAll(async () => {
  server = await startTestServer({ store: 'postgres', adapters: fromAdapters([adapter]), roles: ['web'] });
  api = new ApiClient(server.url);
  await api.login(server.admin.email, server.admin.password);
});
afterAll(async () => server.close());

describe('stream supervisor', () => {
  it('gives each streaming account to exactly one worker, hands it over when that worker stops, and resumes from the cursor', async () => {
    const s = server.runtime.services;
    const make = () => new StreamSupervisor(s.store, s.clock, s.adapters, s.accounts, s.ingest, silentLogger, { leaseMs: 60_000, retryMs: 0 });
    const a = make();
    const b = make();
    const ws = server.admin.workspaceId;
    const acc = (await api.post(`/api/v1/w/${ws}/accounts`, { type: 'teststream', name: 'stream', credentials: {} })).body.account;
    await Promise.all([a.tick(), b.tick()]);
    expect([...a.held(), ...b.held()]).toEqual([acc.id]);
    const items = async () => (await api.get(`/api/v1/w/${ws}/items`)).body.items.map((i: { nativeId: string }) => i.nativeId);
    await expect.poll(items, { timeout: 5000 }).toEqual(['s1']);
    const [holder, other] = a.held().length ? [a, b] : [b, a];
    await holder.stop();
    await other.tick();
    expect(other.held()).toEqual([acc.id]);
    await expect.poll(items, { timeout: 5000 }).toEqual(['s2', 's1']);
    expect(log.slice(0, 3)).toEqual(['start:-', 'stop:1', 'start:1']);
    // Pausing the account stops its stream at the next renewal.
    await api.post(`/api/v1/w/${ws}/accounts/${acc.id}/pause`);
    await other.tick();
    await expect.poll(() => other.held().length, { timeout: 5000 }).toBe(0);
    await other.stop();
  });
});
