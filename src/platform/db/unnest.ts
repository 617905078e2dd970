import { sql, type RawBuilder } from 'kysely';

export type ArrayElement = string | number | boolean | Date | null | undefined;

/**
 * A PostgreSQL array literal (`{"a",NULL,"b"}`) of the values, every element quoted, so it reads back
 * as any element type it is cast to (`::uuid[]`, `::jsonb[]`, `::tsvector[]`, ...).
 */
export function arrayLiteral(values: readonly ArrayElement[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i) out += ',';
    const v = values[i];
    if (v === null || v === undefined) out += 'NULL';
    else {
      const s = v instanceof Date ? v.toISOString() : typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
      out += s.includes('"') || s.includes('\\') ? `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${s}"`;
    }
  }
  return `${out}}`;
}

/**
 * `select * from unnest($1::type[], $2::type[], ...) as t(col, ...)`: many rows as one parameter per
 * column, for `insert into t (cols) <this> on conflict ...`. A batch of 400 rows of 27 columns is 27
 * parameters instead of 10,800: the statement is built, sent and planned in a fraction of the time.
 */
export function unnestRows<R extends Record<string, ArrayElement>>(columns: ReadonlyArray<readonly [keyof R & string, string]>, rows: readonly R[]): RawBuilder<unknown> {
  const arrays = columns.map(([name, type]) => sql`${arrayLiteral(rows.map((r) => r[name]))}::${sql.raw(type)}[]`);
  return sql`select * from unnest(${sql.join(arrays)}) as t(${sql.join(columns.map(([name]) => sql.ref(name)))})`;
}

/** The column list of an insert fed by {@link unnestRows}. */
export function columnList(columns: ReadonlyArray<readonly [string, string]>): RawBuilder<unknown> {
  return sql`(${sql.join(columns.map(([name]) => sql.ref(name)))})`;
}
