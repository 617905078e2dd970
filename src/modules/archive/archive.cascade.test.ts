import { expect, it } from 'vitest';
import { migratedStore } from '../../platform/testing/stores.js';
import { ManualClock } from '../../platform/clock/clock.js';
import { createKeyring, generateKey, parseKey } from '../secrets/index.js';
import { ArchiveService } from './index.js';

for (const kind of ['pglite', 'postgres'] as const)
  it(`deleting a workspace takes its archive on ${kind}`, async () => {
    const { store, dispose } = await migratedStore(kind);
    const id = '22222222-2222-4222-8222-222222222222';
    await store.db.insertInto('workspaces').values({ id, slug: 'cascade-ws', name: 'A', settings: '{}' }).execute();
    const a = new ArchiveService(store, new ManualClock(), createKeyring(parseKey(generateKey())));
    await a.append(id, [
      {
        dedupeKey: 'k',
        occurredAt: new Date(),
        kind: 'received',
        source: 'item',
        sourceId: 'x',
        channel: 'x',
        accountId: null,
        nativeId: null,
        conversationId: null,
        authorId: null,
        authorLabel: null,
        direction: 'inbound',
        isPrivate: false,
        itemVersion: 1,
        labels: [],
        meta: {},
        attachments: [],
        textMasked: 't',
        body: { title: null, text: 't' },
      },
    ]);
    await store.db.deleteFrom('workspaces').where('id', '=', id).execute();
    expect((await store.db.selectFrom('archive_versions').selectAll().execute()).length).toBe(0);
    await dispose();
  }, 60_000);
