import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGliteStore } from './pglite.js';
import type { Store } from './store.js';
import { arrayLiteral, columnList, unnestRows } from './unnest.js';

describe('arrayLiteral', () => {
  it('quotes every element and escapes quotes and backslashes', () => {
    expect(arrayLiteral(['a', null, 'say "hi"', 'back\\slash', 3, true, false, undefined])).toBe('{"a",NULL,"say \\"hi\\"","back\\\\slash","3","t","f",NULL}');
    expect(arrayLiteral([new Date('2026-11-23T01:02:03.004Z')])).toBe('{"2026-11-23T01:02:03.004Z"}');
    expect(arrayLiteral([])).toBe('{}');
  });
});

describe('unnestRows', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openPGliteStore(undefined);
    await sql`create table t (id uuid primary key, name text, doc jsonb, n integer, ok boolean, at timestamptz, v tsvector)`.execute(store.db);
  });
  afterAll(() => store.close());

  it('inserts rows of every kind of value, tricky text included, as one parameter per column', async () => {
    const cols = [
      ['id', 'uuid'],
      ['name', 'text'],
      ['doc', 'jsonb'],
      ['n', 'integer'],
      ['ok', 'boolean'],
      ['at', 'timestamptz'],
      ['v', 'tsvector'],
    ] as const;
    const rows = [
      { id: '00000000-0000-4000-8000-000000000001', name: '국민은행 "따옴표" \\ {괄호}, 쉼표', doc: JSON.stringify({ a: 'x"y', b: [1, 2] }), n: 7, ok: true, at: new Date('2026-11-23T00:00:00Z'), v: "'국민은행':1 'it''s':2" },
      { id: '00000000-0000-4000-8000-000000000002', name: null, doc: null, n: null, ok: false, at: null, v: '' },
    ];
    const q = sql`insert into t ${columnList(cols)} ${unnestRows(cols, rows)}`.compile(store.db);
    expect(q.parameters).toHaveLength(cols.length);
    await sql`insert into t ${columnList(cols)} ${unnestRows(cols, rows)}`.execute(store.db);
    const back = (await sql<{ name: string | null; doc: unknown; n: number | null; ok: boolean; at: Date | null; v: string }>`select name, doc, n, ok, at, v::text as v from t order by id`.execute(store.db)).rows;
    expect(back).toEqual([
      { name: rows[0]!.name, doc: { a: 'x"y', b: [1, 2] }, n: 7, ok: true, at: new Date('2026-11-23T00:00:00Z'), v: "'it''s':2 '국민은행':1" },
      { name: null, doc: null, n: null, ok: false, at: null, v: '' },
    ]);
  });
});
