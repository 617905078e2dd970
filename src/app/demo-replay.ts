import { sql } from 'kysely';
import type { ChannelEvent } from '../channels/port.js';
import { createReplayer, replayPosition, type Replayer } from '../demo/replay.js';
import { DEMO_ACCOUNT_SOURCE, type DemoChannel } from '../demo/types.js';
import { systemActor } from '../platform/actor.js';
import { tables } from '../platform/db/store.js';
import type { Scope } from '../platform/access/scope.js';
import type { AccountRow, AccountsTables } from '../modules/accounts/index.js';
import type { ItemsTables } from '../modules/items/index.js';
import { jsonParam } from '../modules/audit/index.js';
import type { Services } from './services.js';

const demoScope = (workspaceId: string): Scope => ({ workspaceId, actor: systemActor, role: 'admin', tokenScopes: null });

/**
 * Feeds the bundled demo posts through the real write path (dedupe, enrichment, item.ingested, inbox),
 * into one demo account per channel the dataset uses. Demo accounts are marked `settings.demo` and are
 * never polled or streamed. `position`: dataset posts already sent (see demoReplayPosition).
 */
export function demoReplayer(s: Services, workspaceId: string, rate: number, position = 0): Replayer {
  const accounts = new Map<string, Promise<AccountRow>>();
  const accountFor = (type: string) => {
    let p = accounts.get(type);
    if (!p) {
      p = demoAccount(s, workspaceId, type);
      accounts.set(type, p);
    }
    return p;
  };
  return createReplayer({
    clock: s.clock,
    rate,
    position,
    ingest: async (type: string, events: ChannelEvent[]) => {
      if (!s.adapters.get(type)) return; // a channel this build does not have
      await s.ingest.ingestEvents(await accountFor(type), events, 'demo');
    },
    onError: (err: unknown) => s.logger.warn({ err }, 'demo replay: a batch failed'),
  });
}

/** The demo workspace's account of one channel type (marked `settings.demo`), created on first use; what it holds from before then is history. */
export async function demoAccount(s: Services, workspaceId: string, type: string): Promise<AccountRow> {
  const db = tables<AccountsTables>(s.store);
  const source = DEMO_ACCOUNT_SOURCE[type as DemoChannel];
  const found = await db.selectFrom('channel_accounts').selectAll().where('workspace_id', '=', workspaceId).where('type', '=', type).where(sql<boolean>`(settings->>'demo') = 'true'`).executeTakeFirst();
  if (found) {
    if (!source || found.settings.source === source) return found;
    // An account made before the demo named its source: name it now.
    const settings = { ...found.settings, source };
    await db
      .updateTable('channel_accounts')
      .set({ settings: jsonParam(settings) })
      .where('id', '=', found.id)
      .execute();
    return { ...found, settings };
  }
  const adapter = s.adapters.get(type);
  const view = await s.accounts.connect(demoScope(workspaceId), { type, name: `Demo · ${adapter?.displayName ?? type}`, settings: { demo: true, ...(source ? { source } : {}) }, credentials: {} }, { skipValidation: true });
  // The demo's history (written right after, all of it older than now) is history, not backlog.
  await s.accounts.markHistoryUntil(view.id, s.clock.now());
  // Checked at once, so its card shows its health from the start.
  await s.accounts.checkHealth({ accountId: view.id }).catch((err: unknown) => s.logger.warn({ err }, 'demo account: health check failed'));
  return db.selectFrom('channel_accounts').selectAll().where('id', '=', view.id).executeTakeFirstOrThrow();
}

/** How far earlier runs got through the dataset in this workspace: a restarted demo goes on from there. */
export async function demoReplayPosition(s: Services, workspaceId: string): Promise<number> {
  const db = tables<AccountsTables & ItemsTables>(s.store);
  const rows = await db
    .selectFrom('items as i')
    .innerJoin('channel_accounts as a', 'a.id', 'i.account_id')
    .select('i.native_id')
    .where('a.workspace_id', '=', workspaceId)
    .where(sql<boolean>`(a.settings->>'demo') = 'true'`)
    .where('i.workspace_id', '=', workspaceId)
    .execute();
  return replayPosition(rows.map((r) => r.native_id));
}
