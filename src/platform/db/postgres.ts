import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { INT8_OID, type Store } from './store.js';

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

export async function openPostgresStore(url: string, opts: { max?: number } = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  // A client that is checked out (mid-transaction, between two queries) when the server restarts
  // emits 'error' too; unheard, that would end the process. Its next query fails instead, the
  // transaction rolls back with it, and the pool drops the client on release (it is no longer queryable).
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  // Fail fast with a clear error when the server is not there.
  const client = await pool.connect();
  client.release();
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async execScript(sqlText) {
      const c = await pool.connect();
      try {
        await c.query(sqlText);
      } catch (err) {
        await c.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}
