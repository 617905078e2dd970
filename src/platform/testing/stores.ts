import { migrate } from '../db/migrate.js';
import { openPGliteStore } from '../db/pglite.js';
import { openPostgresStore } from '../db/postgres.js';
import type { StoreFactory } from '../db/store.contract.js';
import { createTestDatabase } from './postgres.js';

export const storeFactories: StoreFactory[] = [
  {
    name: 'pglite',
    async create() {
      const store = await openPGliteStore(undefined);
      return { store, dispose: () => store.close() };
    },
  },
  {
    name: 'postgres',
    async create() {
      const tdb = await createTestDatabase();
      const store = await openPostgresStore(tdb.url, { max: 5 });
      return {
        store,
        async dispose() {
          await store.close();
          await tdb.drop();
        },
      };
    },
  },
];

/** A fresh store with every migration applied. */
export async function migratedStore(kind: 'pglite' | 'postgres' = 'pglite') {
  const factory = storeFactories.find((f) => f.name === kind)!;
  const handle = await factory.create();
  await migrate(handle.store);
  return handle;
}
