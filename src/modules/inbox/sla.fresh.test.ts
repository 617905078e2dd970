import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromAdapters } from '../../channels/registry.js';
import { MemoryBus } from '../../platform/bus/memory.js';
import { ManualClock } from '../../platform/clock/clock.js';
import { tables, type Store } from '../../platform/db/store.js';
import { silentLogger } from '../../platform/log/log.js';
import { migratedStore } from '../../platform/testing/stores.js';
import type { AccountsService } from '../accounts/index.js';
import type { Scope } from '../../platform/access/scope.js';
import type { ConversationEvent as SlaEvent } from './domain/sla.js';
import { createInbox, type InboxServices } from './inbox.js';
import type { ConversationEvent, InboxDb, InboxDbTables } from './inbox.tables.js';
import { freshSlaEvents, HISTORY_CUTOFF_MS } from './sla.timers.js';

// The router's shortcut for conversations the grouper has just opened (their SLA events are their one
// message, and they have no timer rows) must give what the queries give, on both stores.
const NOW = new Date('2026-11-23T01:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe.each(['pglite', 'postgres'] as const)('SLA of fresh conversations on %s', (kind) => {
  let handle: { store: Store; dispose(): Promise<void> };
  let inbox: InboxServices;
  let db: InboxDb;
  const clock = new ManualClock(NOW);
  const ws = crypto.randomUUID();
  const account = crypto.randomUUID();
  const scope: Scope = { workspaceId: ws, actor: { userId: null, label: 'test' }, role: 'admin', tokenScopes: null };
  const authors: Record<string, string> = {};
  const events: ConversationEvent[] = [];
  const conv = (nativeId: string) => {
    const e = events.find((x) => x.itemId === itemIds[nativeId]);
    if (!e) throw new Error(`no conversation for ${nativeId}`);
    return e.conversationId;
  };
  const itemIds: Record<string, string> = {};

  async function item(nativeId: string, author: string, thread: string, createdAt: Date, receivedAt = NOW): Promise<string> {
    authors[author] ??= crypto.randomUUID();
    await db
      .insertInto('authors')
      .values({
        id: authors[author],
        workspace_id: ws,
        channel: 'test',
        native_id: author,
        handle: null,
        display_name: null,
        followers: null,
        verified: null,
        profile_url: null,
        avatar_url: null,
        influence: null,
        first_seen_at: NOW,
        last_seen_at: NOW,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const id = crypto.randomUUID();
    await db
      .insertInto('items')
      .values({
        id,
        workspace_id: ws,
        account_id: account,
        channel: 'test',
        native_id: nativeId,
        kind: 'post',
        author_id: authors[author]!,
        thread_native_id: thread,
        text: `문의 ${nativeId}`,
        is_private: false,
        direction: 'inbound',
        created_at: createdAt,
        received_at: receivedAt,
      } as never)
      .execute();
    itemIds[nativeId] = id;
    return id;
  }
  const attach = async (...ids: string[]) => events.push(...(await inbox.grouper.attach(ids.map((id) => ({ id, change: 'created' })) as never)));
  const rows = (ids: string[]) =>
    db
      .selectFrom('sla_timers')
      .select(['conversation_id', 'kind', 'started_at', 'due_at', 'warn_at', 'state', 'warned_at', 'breached_at', 'stopped_at', 'policy_id', 'target_ms'])
      .where('conversation_id', 'in', ids)
      .orderBy('conversation_id')
      .orderBy('kind')
      .orderBy('started_at')
      .execute();

  beforeAll(async () => {
    handle = await migratedStore(kind);
    db = tables<InboxDbTables>(handle.store);
    inbox = createInbox({ store: handle.store, bus: new MemoryBus(), clock, logger: silentLogger, adapters: fromAdapters([]), accounts: {} as AccountsService });
    await handle.store.db
      .insertInto('workspaces')
      .values({ id: ws, slug: `fresh-${kind}`, name: 'fresh' })
      .execute();
    await handle.store.db.insertInto('channel_accounts').values({ id: account, workspace_id: ws, type: 'test', name: 'test', webhook_key: crypto.randomUUID() }).execute();
    await attach(await item('recent', 'kim', 't1', ago(5 * 60_000)));
    await attach(await item('history', 'lee', 't2', ago(3 * 24 * 3_600_000)));
    await attach(await item('at-cutoff', 'park', 't3', ago(HISTORY_CUTOFF_MS)));
    await attach(await item('past-cutoff', 'choi', 't4', ago(HISTORY_CUTOFF_MS + 1)));
    await attach(await item('skewed', 'jung', 't5', new Date(NOW.getTime() + 60_000)));
    await attach(await item('two-a', 'han', 't6', ago(120_000)), await item('two-b', 'han', 't6', ago(60_000)));
    // An agent set a status before routing (a minute later): a status-log row and timer rows exist.
    await attach(await item('agent-status', 'yoon', 't7', ago(60_000)));
    clock.set(NOW.getTime() + 60_000);
    await inbox.conversations.update(scope, conv('agent-status'), { status: 'pending' });
    // The same in the instant the conversation was created (a clock that does not move): updated_at stays.
    await attach(await item('same-instant', 'seo', 't8', ago(30_000)));
    await inbox.conversations.update(scope, conv('same-instant'), { priority: 'high' });
    clock.set(NOW.getTime() + 120_000);
  });
  afterAll(async () => handle?.dispose());

  it('derives the events the query reads, and declines conversations that may have more', async () => {
    const ids = [...new Set(events.map((e) => e.conversationId))];
    const convs = await db.selectFrom('conversations').selectAll().where('id', 'in', ids).execute();
    const items = new Map((await db.selectFrom('items').selectAll().where('id', 'in', Object.values(itemIds)).execute()).map((i) => [i.id, i]));
    const queried: Map<string, SlaEvent[]> = await (inbox.timers as unknown as { events(db: unknown, ids: string[]): Promise<Map<string, SlaEvent[]>> }).events(db, ids);
    const shortcut = new Map(convs.map((c) => [c.id, freshSlaEvents(c, items.get(events.find((e) => e.conversationId === c.id)!.itemId!)!)]));
    const fresh = ['recent', 'history', 'at-cutoff', 'past-cutoff', 'skewed'];
    for (const n of fresh) expect(shortcut.get(conv(n)), n).toEqual(queried.get(conv(n)));
    expect(shortcut.get(conv('recent'))).toEqual([{ type: 'customer_message', at: ago(5 * 60_000) }]);
    expect(shortcut.get(conv('history'))).toEqual([]);
    expect(shortcut.get(conv('past-cutoff'))).toEqual([]);
    expect(shortcut.get(conv('skewed'))).toEqual([{ type: 'customer_message', at: NOW }]);
    for (const n of ['two-a', 'agent-status', 'same-instant']) expect(shortcut.get(conv(n)), n).toBeUndefined();
    expect(queried.get(conv('agent-status'))).toContainEqual({ type: 'status', at: new Date(NOW.getTime() + 60_000), status: 'pending' });
  });

  it('routes with timers identical to the query path, querying only for the others', async () => {
    const ids = [...new Set(events.map((e) => e.conversationId))];
    const spy = vi.spyOn(inbox.timers as unknown as { events(db: unknown, ids: string[]): Promise<unknown> }, 'events');
    await inbox.router.handleMany(events);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(new Set(spy.mock.calls[0]![1])).toEqual(new Set([conv('two-a'), conv('agent-status'), conv('same-instant')]));
    spy.mockRestore();
    const routed = await rows(ids);
    expect(routed.length).toBeGreaterThan(0);
    expect(routed.filter((r) => r.conversation_id === conv('history') || r.conversation_id === conv('past-cutoff'))).toEqual([]);

    // The same conversations again from scratch, every one through the queries.
    const convs = await db.selectFrom('conversations').select(['id', 'workspace_id', 'priority', 'sla_policy_id']).where('id', 'in', ids).execute();
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sla_timers').where('conversation_id', 'in', ids).execute();
      await inbox.timers.syncMany(trx, convs, clock.now());
    });
    expect(await rows(ids)).toEqual(routed);
  });
});
