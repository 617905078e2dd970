import type { Kysely } from 'kysely';

export type StoreKind = 'pglite' | 'postgres';

/**
 * The store port: one PostgreSQL-dialect database behind Kysely. Modules type their own tables with
 * `tables<T>(store)`; the platform knows no module's schema.
 */
export interface Store {
  readonly kind: StoreKind;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>;
  /** Runs a script of several statements (migrations, restores). No parameters. */
  execScript(sqlText: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Any connection or transaction of the store, whatever tables its holder typed it with. A function that
 * works inside someone else's transaction (an audit entry, a secret, an item write) takes an AnyDb, so
 * every module's transaction is accepted as it is, and views it with its own tables through `on<T>()`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

/** A connection or transaction of the store (AnyDb), typed with a module's own tables. */
export function on<T>(db: AnyDb): Kysely<T> {
  return db as Kysely<T>;
}

/** The store's Kysely instance typed with a module's own tables. */
export function tables<T>(store: Store): Kysely<T> {
  return store.db as Kysely<T>;
}

/** Int8 as a JavaScript number (ids and counts stay far below 2^53); the same on both stores. */
export const INT8_OID = 20;
