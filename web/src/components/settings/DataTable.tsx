import type { ReactNode } from 'react';

export interface Column<T> {
  /** The column's header, and each cell's label when the table turns into one card per row on a phone. */
  label: string;
  cell(row: T, index: number): ReactNode;
  /** Classes of the cells (`row-actions` for a column of buttons). */
  className?: string;
}

/**
 * A settings list as a table: a header per column, one row per item, and on a phone one card per row
 * (`table stack`, each cell labelled with its column). Empty and loading states are `LoadState`'s.
 */
export function DataTable<T>(props: {
  rows: readonly T[];
  columns: ReadonlyArray<Column<T> | false>;
  rowKey(row: T): string;
  /** The table's accessible name. */
  label?: string;
  testId?: string;
  /** `data-*` attributes of a row, e.g. `{ email }` → `data-email`. */
  rowData?(row: T): Record<string, string>;
}) {
  const columns = props.columns.filter((c): c is Column<T> => c !== false);
  return (
    <div className="table-wrap">
      <table className="table stack" aria-label={props.label} data-testid={props.testId}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, r) => (
            <tr key={props.rowKey(row)} {...dataAttributes(props.rowData?.(row))}>
              {columns.map((c, i) => (
                <td key={i} data-label={c.label} className={c.className}>
                  {c.cell(row, r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function dataAttributes(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
}
