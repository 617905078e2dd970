/** What changed between an audit entry's `before` and `after`, field by field. */
export interface DiffRow {
  field: string;
  before: string | undefined;
  after: string | undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 1).replace(/\n\s*/g, ' ');
}

export function diff(before: unknown, after: unknown): DiffRow[] {
  const b = before ?? undefined;
  const a = after ?? undefined;
  if ((b === undefined || isRecord(b)) && (a === undefined || isRecord(a))) {
    const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
    return keys.filter((k) => JSON.stringify(b?.[k]) !== JSON.stringify(a?.[k])).map((k) => ({ field: k, before: show(b?.[k]), after: show(a?.[k]) }));
  }
  if (JSON.stringify(b) === JSON.stringify(a)) return [];
  return [{ field: '', before: show(b), after: show(a) }];
}
