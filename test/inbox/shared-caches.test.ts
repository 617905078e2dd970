import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RulesService } from '../../src/modules/inbox/rules.service.js';
import { SlaPolicies } from '../../src/modules/inbox/sla.policies.js';
import { ManualClock } from '../../src/platform/clock/clock.js';
import type { Subscription } from '../../src/platform/bus/bus.js';
import { inboxChannel } from './channel.js';
import { startInbox, type InboxHarness } from './harness.js';

/**
 * Another process's rule and SLA caches drop a workspace as soon as a change commits here: its clock is
 * frozen, so nothing but the bus message can make it see the change.
 */
let h: InboxHarness;
const subs: Subscription[] = [];
beforeAll(async () => {
  h = await startInbox([inboxChannel('cachechan', {})]);
});
afterAll(async () => {
  for (const s of subs) await s.close();
  await h.close();
});

describe('caches dropped through the bus', () => {
  it('a rule created through the API is seen at once by another process whose cache held none', async () => {
    const { store, bus } = h.server.runtime.services;
    const frozen = new ManualClock('2026-12-06T00:00:00Z');
    const policies = new SlaPolicies(store, frozen, bus);
    const other = new RulesService(store, frozen, policies, bus);
    for (const w of [other.watch(), policies.watch()]) if (w) subs.push(await w);
    expect(await other.active(h.ws)).toEqual([]);
    const r = await h.api.post(`${h.base}/rules`, { name: '환불 우선', conditions: { all: [{ field: 'text', op: 'contains', value: '환불' }] }, actions: [{ type: 'set_priority', priority: 'high' }] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await expect.poll(async () => (await other.active(h.ws)).map((x) => x.rule.name), { timeout: 5_000 }).toEqual(['환불 우선']);

    // SLA: the other process compiled the default; a new default policy replaces it there at once.
    expect((await policies.defaultPolicy(store.db as never, h.ws)).name).not.toBe('야간 24/7');
    const p = await h.api.post(`${h.base}/sla-policies`, { name: '야간 24/7', clock: 'calendar', isDefault: true, targets: { urgent: { firstResponseMs: 300_000 } } });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    await expect.poll(async () => (await policies.defaultPolicy(store.db as never, h.ws)).name, { timeout: 5_000 }).toBe('야간 24/7');
  });
});
