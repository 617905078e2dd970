import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type DatabaseConnection, type Dialect, type Driver, type QueryResult } from 'kysely';
import { INT8_OID, type Store } from './store.js';

/** PGlite serves one connection; this lock keeps Kysely transactions from interleaving on it. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pg.query<R>(query.sql, query.parameters as unknown[], { rowMode: 'object' });
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined && !/^\s*select/i.test(query.sql) ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not available on the embedded store');
  }
}

class PGliteDriver implements Driver {
  private readonly mutex = new Mutex();
  private readonly connection: PGliteConnection;
  private readonly releases = new WeakMap<DatabaseConnection, () => void>();
  constructor(private readonly pg: PGlite) {
    this.connection = new PGliteConnection(pg);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.lock();
    // PGlite runs each query synchronously on this thread and the lock is handed on in microtasks, so a
    // queue of transactions (a backfill, a burst) would otherwise run without letting any I/O in: the web
    // stalled for seconds. One turn of the event loop per connection use keeps requests answered.
    await new Promise((resolve) => setImmediate(resolve));
    this.releases.set(this.connection, release);
    return this.connection;
  }
  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    const release = this.releases.get(conn);
    this.releases.delete(conn);
    release?.();
  }
  async destroy(): Promise<void> {
    await this.pg.close();
  }
}

function pgliteDialect(pg: PGlite): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PGliteDriver(pg),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

/** Runs initdb for `dir` in a child process (PGlite's CommonJS build, so it works under any loader). */
function initInChild(dir: string): Promise<void> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const code = `const { PGlite } = require(${JSON.stringify(entry)}); PGlite.create(process.argv[1]).then((pg) => pg.close()).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && fs.existsSync(path.join(dir, 'PG_VERSION')) ? resolve() : reject(new Error(`initdb child exited ${code}: ${err.slice(-500)}`))));
  });
}

/** Opens the embedded store. `dataDir` undefined keeps the database in memory (tests). */
export async function openPGliteStore(dataDir: string | undefined): Promise<Store> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const open = () => PGlite.create(dataDir ?? 'memory://', { parsers: { [INT8_OID]: (v: string) => Number(v) } });
  // A new folder needs initdb, whose WebAssembly memory (about 430 MB) would stay with this process for
  // its life: a short-lived child process makes the folder instead (the first start's RSS: ~800 → ~500 MB,
  // bench/first-start). Should the child fail, the folder is made here as before.
  if (dataDir !== undefined && !fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initInChild(dataDir).catch(() => undefined);
  const pg = await open();
  const db = new Kysely<unknown>({ dialect: pgliteDialect(pg) });
  // Scripts run on the same lock as queries, through a connection Kysely hands out.
  return {
    kind: 'pglite',
    db,
    async execScript(sqlText) {
      await db.connection().execute(async () => {
        try {
          await pg.exec(sqlText);
        } catch (err) {
          await pg.exec('rollback').catch(() => undefined);
          throw err;
        }
      });
    },
    async close() {
      await db.destroy();
    },
  };
}
