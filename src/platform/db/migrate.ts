import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Store } from './store.js';

/** `migrations/` at the package root; the same depth from src/ and dist/. */
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export interface Migration {
  version: string;
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: file.slice(0, 4), name: file.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, file), 'utf8') }));
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

/**
 * Applies every migration not yet applied, each in its own transaction. Safe when several processes
 * start at once: the migrations table is locked, and the loser of a race sees the version taken.
 */
export async function migrate(store: Store, migrations = readMigrations()): Promise<string[]> {
  await store.execScript('create table if not exists schema_migrations (version text primary key, name text not null, applied_at timestamptz not null default now())');
  const applied = new Set((await sql<{ version: string }>`select version from schema_migrations`.execute(store.db)).rows.map((r) => r.version));
  const done: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    const script = ['begin;', 'lock table schema_migrations in access exclusive mode;', `insert into schema_migrations (version, name) values ('${m.version}', '${m.name}');`, m.sql, ';commit;'].join('\n');
    try {
      await store.execScript(script);
      done.push(m.name);
    } catch (err) {
      if (isUniqueViolation(err)) continue; // another process applied it first
      throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
    }
  }
  return done;
}
