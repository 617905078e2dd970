import { describe, expect, it } from 'vitest';
import { runKillScenario, type KillResult } from '../support/publish-kill.js';

/** Killed mid-run, yet every post reached the channel once and is recorded with the channel's id. */
function expectExactlyOnce(r: KillResult): void {
  expect(r.deliveredAtKill).toBeGreaterThan(0);
  expect(r.deliveredAtKill).toBeLessThan(r.posts);
  expect(r.sentTwice).toBe(0);
  expect(r.neverSent).toBe(0);
  expect(r.deliveries).toBe(r.posts);
  expect(r.notRecorded).toBe(0);
  expect(r.mismatched).toBe(0);
  // Each post left in doubt by the dead worker was found at the channel and recorded, not sent again.
  expect(r.reconciled).toBeGreaterThanOrEqual(r.inDoubtAtKill ?? 0);
}

/**
 * The publishing worker is SIGKILLed mid-run (a third of the posts out) and a new one started on the
 * same PostgreSQL store: every post reaches the channel exactly once (the local server counts deliveries
 * per idempotency key and does not deduplicate), every one is recorded as published with the native id
 * the channel gave for its key, and the posts in doubt at the kill were reconciled, not sent again.
 * The 10,000-post version is bench/publishing/kill.ts.
 */
describe('publishing: SIGKILL of the worker mid-run', () => {
  it('sends no post twice and loses none', async () => {
    const r = await runKillScenario({ posts: 600, accounts: 6, store: 'postgres', leaseMs: 3000, killAt: 0.3, timeoutMs: 45_000, log: (l) => console.log(`publishing-kill: ${l}`) });
    console.log(`publishing-kill: ${JSON.stringify(r)}`);
    expectExactlyOnce(r);
  }, 120_000);

  it('staged ahead of their slot: killed mid-burst, no post twice, none lost, the never-called ones sent afresh', async () => {
    const r = await runKillScenario({ posts: 600, accounts: 6, store: 'postgres', leaseMs: 3000, killAt: 0.3, slotInMs: 8000, timeoutMs: 60_000, log: (l) => console.log(`publishing-kill (staged): ${l}`) });
    console.log(`publishing-kill (staged): ${JSON.stringify(r)}`);
    expectExactlyOnce(r);
  }, 120_000);
});
