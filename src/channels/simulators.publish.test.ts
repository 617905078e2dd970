/** The demo simulators receive published posts through the real adapters (what the demo's slots send). */
import { afterEach, describe, expect, it } from 'vitest';
import { adapter as bluesky } from './bluesky/index.js';
import { adapter as mastodon } from './mastodon/index.js';
import { adapter as meta } from './meta/index.js';
import type { AccountContext, ChannelAdapter, ChannelSimulator, SimulatedSend } from './port.js';
import { TINY_PNG } from './testing/inbound.js';
import { adapter as wordpress } from './wordpress/index.js';
import { adapter as x } from './x/index.js';

const sims: ChannelSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function simulated(adapter: ChannelAdapter): Promise<{ account: AccountContext; sent: SimulatedSend[] }> {
  const sent: SimulatedSend[] = [];
  const sim = await adapter.simulate!((s) => sent.push(s));
  sims.push(sim);
  return { account: { id: `demo-${adapter.type}`, workspaceId: 'demo', settings: sim.settings, credentials: sim.credentials }, sent };
}

describe('demo simulators receive posts', () => {
  for (const [adapter, target] of [
    [mastodon, 'mastodon'],
    [bluesky, 'bluesky'],
    [x, 'x'],
    [meta, 'facebook'],
    [meta, 'instagram'],
    [wordpress, 'wordpress'],
  ] as const) {
    it(`${target}: a published post arrives as the bank's post`, async () => {
      const { account, sent } = await simulated(adapter);
      const r = await adapter.publish!(account, { target, text: '한빛은행 새 적금 🎉 https://blog.example/a', idempotencyKey: `demo-${target}`, media: [{ url: TINY_PNG, altText: '금리 표' }] });
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ nativeId: r.nativeId, kind: 'post', text: '한빛은행 새 적금 🎉 https://blog.example/a', private: false });
      const e = await adapter.engagement!(account, target, r.nativeId);
      expect(Object.values(e).some((v) => typeof v === 'number')).toBe(true);
    });
  }
});
