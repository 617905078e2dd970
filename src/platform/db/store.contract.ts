import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import type { Store } from './store.js';

/** Opens one kind of store for the contract (see platform/testing/stores.ts). */
export interface StoreFactory {
  name: string;
  /** A fresh, empty store (not migrated); dispose() closes it and removes its data. */
  create(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

/** What every Store implementation must do; run against each (see store.test.ts). */
export function storeContract(factory: StoreFactory): void {
  describe(`store contract: ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await factory.create());
      await store.execScript(`
        create table t_items (id integer primary key, n bigint not null, doc jsonb, at timestamptz, tags text[]);
        create table t_jobs (id integer primary key, due boolean not null default true, claimed_by text);
        insert into t_jobs (id) select g from generate_series(1, 10) g;`);
    });
    afterAll(async () => dispose());

    it('reports its kind', () => {
      expect(store.kind).toBe(factory.name);
    });

    it('round-trips int8 as number, jsonb as objects, timestamptz as Date, arrays as arrays', async () => {
      const at = new Date('2026-03-01T09:30:00.123Z');
      await store.db
        .insertInto('t_items')
        .values({ id: 1, n: 9_007_199_254_740_000, doc: JSON.stringify({ 한글: '소통', list: [1, 2] }), at, tags: ['a', 'b'] })
        .execute();
      const row = await store.db.selectFrom('t_items').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
      expect(row.n).toBe(9_007_199_254_740_000);
      expect(row.doc).toEqual({ 한글: '소통', list: [1, 2] });
      expect(row.at).toBeInstanceOf(Date);
      expect((row.at as Date).toISOString()).toBe(at.toISOString());
      expect(row.tags).toEqual(['a', 'b']);
      const count = await store.db
        .selectFrom('t_items')
        .select((eb) => eb.fn.countAll().as('c'))
        .executeTakeFirstOrThrow();
      expect(count.c).toBe(1);
    });

    it('rolls back a failed transaction and keeps the connection usable', async () => {
      await expect(
        store.db.transaction().execute(async (trx) => {
          await trx.insertInto('t_items').values({ id: 2, n: 1 }).execute();
          await trx.insertInto('t_items').values({ id: 2, n: 1 }).execute();
        }),
      ).rejects.toMatchObject({ code: '23505' });
      const rows = await store.db.selectFrom('t_items').select('id').where('id', '=', 2).execute();
      expect(rows).toHaveLength(0);
      expect((await sql<{ x: number }>`select 1 as x`.execute(store.db)).rows[0]!.x).toBe(1);
    });

    it('keeps concurrent transactions apart', async () => {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.db.transaction().execute(async (trx) => {
            await trx
              .insertInto('t_items')
              .values({ id: 100 + i, n: i })
              .execute();
            const seen = await trx.selectFrom('t_items').select('id').where('id', '>=', 100).execute();
            expect(seen.map((r) => r.id)).toContain(100 + i);
          }),
        ),
      );
      const all = await store.db.selectFrom('t_items').select('id').where('id', '>=', 100).execute();
      expect(all).toHaveLength(8);
    });

    it('claims rows with FOR UPDATE SKIP LOCKED so two workers never take the same row', async () => {
      const claim = (worker: string) =>
        store.db.transaction().execute(async (trx) => {
          const rows = await trx.selectFrom('t_jobs').select('id').where('claimed_by', 'is', null).orderBy('id').limit(3).forUpdate().skipLocked().execute();
          for (const r of rows) await trx.updateTable('t_jobs').set({ claimed_by: worker }).where('id', '=', r.id).execute();
          return rows.map((r) => r.id as number);
        });
      const results = await Promise.all(['a', 'b', 'c', 'd'].map(claim));
      const ids = results.flat();
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(10);
    });

    it('runs multi-statement scripts and rolls them back whole on error', async () => {
      await expect(store.execScript('begin; create table t_half (a int); select no_such_function(); commit;')).rejects.toThrow();
      const exists = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 't_half'`.execute(store.db);
      expect(exists.rows[0]!.n).toBe(0);
    });

    it('applies the migrations once; a second run applies nothing', async () => {
      const first = await migrate(store);
      expect(first.length).toBeGreaterThan(0);
      expect(await migrate(store)).toEqual([]);
    });
  });
}
