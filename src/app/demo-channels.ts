import { sql } from 'kysely';
import type { CanonicalItem, ChannelSimulator, SimulatedSend } from '../channels/port.js';
import { tables } from '../platform/db/store.js';
import type { AccountsTables } from '../modules/accounts/index.js';
import type { Services } from './services.js';

/** The demo bank as the author of what its accounts send. */
const BANK = { nativeId: 'demo-bank', handle: 'hanbitbank', displayName: '한빛은행' };

export interface DemoChannels {
  /** The channel types that have a simulator running. */
  types: string[];
  close(): Promise<void>;
}

/**
 * Backs the demo workspace's channel accounts with local simulators (one per channel that has one,
 * 127.0.0.1 and a random port, a random token), so a demo reply goes through the adapter and the
 * outbox like a real one. Only accounts of the demo workspace marked `settings.demo` are pointed at
 * them (a connection cannot set `settings.demo`); every other account keeps its own settings.
 * What a simulator receives comes back like the channel's echo of the bank's own messages: an
 * outbound item on the demo account, in the live feed and the conversation it answers.
 */
export async function startDemoChannels(s: Services, workspaceId: string): Promise<DemoChannels> {
  const sims = new Map<string, ChannelSimulator>();
  const db = tables<AccountsTables>(s.store);
  const echo = async (type: string, sent: SimulatedSend) => {
    const account = await db.selectFrom('channel_accounts').selectAll().where('workspace_id', '=', workspaceId).where('type', '=', type).where(sql<boolean>`(settings->>'demo') = 'true'`).executeTakeFirst();
    if (!account) return;
    const item: CanonicalItem = {
      nativeId: sent.nativeId,
      kind: sent.kind,
      author: BANK,
      ...(sent.inReplyToNativeId ? { parentNativeId: sent.inReplyToNativeId } : {}),
      ...(sent.title ? { title: sent.title } : {}),
      text: sent.text,
      links: [],
      media: [],
      createdAt: s.clock.now(),
      ...(sent.url ? { url: sent.url } : {}),
      isPrivate: sent.private,
      direction: 'outbound',
      interactions: [],
      raw: { demo: true, simulated: true },
    };
    await s.ingest.ingestEvents(account, [{ type: 'upsert', item }], 'demo');
  };
  try {
    for (const adapter of s.adapters.all()) {
      if (!adapter.simulate) continue;
      sims.set(adapter.type, await adapter.simulate((sent) => void echo(adapter.type, sent).catch((err: unknown) => s.logger.warn({ err }, 'demo channel: the echo of a sent reply failed'))));
    }
  } catch (err) {
    await Promise.all([...sims.values()].map((sim) => sim.close()));
    throw err;
  }
  const remove = s.accounts.overlayWith((row) => {
    if (row.workspace_id !== workspaceId || row.settings.demo !== true) return undefined;
    const sim = sims.get(row.type);
    return sim ? { settings: sim.settings, credentials: sim.credentials } : undefined;
  });
  return {
    types: [...sims.keys()],
    async close() {
      remove();
      await Promise.all([...sims.values()].map((sim) => sim.close()));
    },
  };
}
